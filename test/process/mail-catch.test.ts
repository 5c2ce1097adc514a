import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { AddressInfo, createServer, Server } from 'node:net';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';

jest.setTimeout(60_000);

const ROOT = join(__dirname, '..', '..');

/** `npm run mail:catch -- <args>` as package.json says it (node and its arguments, without npm in between). */
function startCatcher(args: string[]): { child: ChildProcessWithoutNullStreams; stdout: () => string; stderr: () => string; exited: Promise<number | null> } {
  const script: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts['mail:catch'];
  const [command, ...scriptArgs] = script.split(' ');
  expect(command).toBe('node');
  const child = spawn(process.execPath, [...scriptArgs, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

async function listening(port = 0): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

async function freePort(): Promise<number> {
  const server = await listening();
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function until(condition: () => boolean, what: () => string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('npm run mail:catch', () => {
  it('says how to point the service at it, prints each mail with its subject, body and links, and stops with exit 0 on Ctrl-C', async () => {
    const port = await freePort();
    const catcher = startCatcher(['--port', String(port)]);
    try {
      const hint = `SMTP_URL=smtp://127.0.0.1:${port} npm start`;
      await until(
        () => catcher.stdout().includes('\n'),
        () => `the start line (stdout: ${JSON.stringify(catcher.stdout())}, stderr: ${JSON.stringify(catcher.stderr())})`,
      );
      const [first] = catcher.stdout().split('\n');
      expect(first).toContain(hint);

      const link = 'http://localhost:3000/verify-email/Yk3v0x9QmT1c2hY5fQ-3Lr8aZp0W4nJb6sKe7uVd1Xg';
      const transport = createTransport(`smtp://127.0.0.1:${port}`);
      await transport.sendMail({
        from: '"Account invitations" <no-reply@localhost>',
        to: 'ada@contoso.com',
        subject: 'Confirm your email address to join Fabrikam',
        text: `Hello Ada,\n\nOpen this link to finish joining Fabrikam:\n\n${link}\n`,
        html: `<p><a href="${link}">Confirm</a></p>`,
      });
      transport.close();
      await until(
        () => catcher.stdout().includes('Links:'),
        () => `the mail to be printed (stdout: ${JSON.stringify(catcher.stdout())})`,
      );
      const printed = catcher.stdout();
      expect(printed).toContain('Subject: Confirm your email address to join Fabrikam');
      expect(printed).toContain('From:    "Account invitations" <no-reply@localhost>');
      expect(printed).toContain('To:      ada@contoso.com');
      expect(printed).toContain('Open this link to finish joining Fabrikam:');
      expect(printed).toContain(`Links:\n  ${link}\n`);
    } finally {
      catcher.child.kill('SIGINT');
    }
    expect(await catcher.exited).toBe(0);
    expect(catcher.stdout()).toContain('Mail catcher stopped after 1 mail.');
    expect(catcher.stderr()).toBe('');
  });

  it('says so, with exit 1, when the port is taken', async () => {
    const taken = await listening();
    try {
      const { port } = taken.address() as AddressInfo;
      const catcher = startCatcher(['--port', String(port)]);
      expect(await catcher.exited).toBe(1);
      expect(catcher.stderr()).toContain(`Mail catcher could not listen on 127.0.0.1:${port}: the port is in use`);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });
});
