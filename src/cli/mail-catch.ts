import { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * `npm run mail:catch -- [--port 2525] [--host 127.0.0.1]`: a local SMTP server for a laptop.
 * It accepts every mail (no TLS, any login), delivers none, and prints each one: From, To,
 * Subject, the plain-text body and the links in it, so that a verification link can be opened
 * without a real mailbox. Point the service at it with `SMTP_URL=smtp://127.0.0.1:2525 npm start`.
 * Ctrl-C (SIGINT) or SIGTERM stops it with exit 0.
 *
 * How it runs: `node --require ./test/support/register-ts.js src/cli/mail-catch.ts`, compiled on
 * the fly by swc as `npm run bench` does, not from dist/. It is a developer tool, so it must work
 * on a fresh clone right after `npm ci` (which installs swc) without the full build, and it starts
 * in well under a second; production images have no use for it.
 */
const USAGE = 'usage: npm run mail:catch -- [--port 2525] [--host 127.0.0.1]';

class BadArguments extends Error {}

function parseArguments(argv: readonly string[]): { port: number; host: string } {
  let values: { port?: string; host?: string };
  try {
    ({ values } = parseArgs({ args: [...argv], options: { port: { type: 'string' }, host: { type: 'string' } }, strict: true }));
  } catch (error) {
    throw new BadArguments(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const port = values.port ?? '2525';
  if (!/^\d+$/.test(port) || Number(port) > 65535) throw new BadArguments(`--port must be a port number from 0 to 65535 (got "${port}")\n${USAGE}`);
  const host = values.host?.trim() || '127.0.0.1';
  return { port: Number(port), host };
}

/** The http(s) URLs of a text, in order, without the punctuation that ends a sentence. */
function linksOf(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s<>"']+/g)].map((match) => match[0].replace(/[.,;:!?)\]]+$/, ''));
}

const RULE = '='.repeat(72);

function printMail(count: number, mail: Awaited<ReturnType<typeof simpleParser>>): void {
  const to = [mail.to ?? []].flat().map((list) => list.text).join(', ');
  const text = (mail.text ?? '').trimEnd();
  const links = linksOf(text);
  const lines = [
    RULE,
    `Mail ${count}, received ${new Date().toLocaleTimeString()}`,
    `From:    ${mail.from?.text ?? '(none)'}`,
    `To:      ${to || '(none)'}`,
    `Subject: ${mail.subject ?? '(none)'}`,
    '-'.repeat(72),
    text || (mail.html ? '(no plain-text body; HTML only)' : '(empty body)'),
    '-'.repeat(72),
    links.length > 0 ? `Links:\n${links.map((link) => `  ${link}`).join('\n')}` : 'Links: none',
    RULE,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<number> {
  const { port, host } = parseArguments(process.argv.slice(2));
  let count = 0;
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'anonymous' }),
    onData: (stream, _session, callback) => {
      simpleParser(stream)
        .then((mail) => {
          count += 1;
          printMail(count, mail);
          callback();
        })
        .catch((error: unknown) => {
          console.error(`A mail could not be read: ${error instanceof Error ? error.message : String(error)}`);
          callback(error instanceof Error ? error : new Error(String(error)));
        });
    },
    closeTimeout: 1000,
  });
  server.on('error', (error) => console.error(`Mail catcher: ${error.message}`));
  try {
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(port, host, () => {
        server.server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EADDRINUSE' ? 'the port is in use: stop what uses it or pick another with --port' : (error as Error).message;
    console.error(`Mail catcher could not listen on ${host}:${port}: ${reason}`);
    return 1;
  }
  const address = server.server.address() as AddressInfo;
  const url = `smtp://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  console.log(`Catching mail on ${url} (Ctrl-C to stop); in another terminal run the service with: SMTP_URL=${url} npm start`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      server.close(() => resolve());
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  console.log(`Mail catcher stopped after ${count} mail${count === 1 ? '' : 's'}.`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof BadArguments ? error.message : error);
    process.exitCode = 2;
  },
);
