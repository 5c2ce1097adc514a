import { createHash, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, DEFAULT_PRODUCT_NAME, loadConfig } from './app-config';

const dataDir = () => mkdtempSync(join(tmpdir(), 'config-spec-'));

describe('loadConfig', () => {
  it('has working defaults for a fresh machine and keeps generated secrets in DATA_DIR', () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir });
    expect(config).toMatchObject({ port: 3000, publicBaseUrl: 'http://localhost:3000', seedDemo: true, logLevel: 'info' });
    expect(config.eventStoreUrl).toBeUndefined();
    expect(config.operatorToken).toBeUndefined();
    expect(config.tokenSecret.length).toBeGreaterThanOrEqual(32);
    const file = join(dir, 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // The same secrets on the next start, so links and sessions survive restarts.
    expect(loadConfig({ DATA_DIR: dir }).tokenSecret).toBe(config.tokenSecret);
    expect(JSON.parse(readFileSync(file, 'utf8')).SESSION_SECRET).toBe(config.sessionSecret);
  });

  it('uses given secrets and writes nothing', () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir, SESSION_SECRET: 's'.repeat(40), TOKEN_SECRET: 't'.repeat(40) });
    expect(config.sessionSecret).toBe('s'.repeat(40));
    expect(existsSync(join(dir, 'secrets.json'))).toBe(false);
  });

  it('requires secrets in production', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), NODE_ENV: 'production', TOKEN_SECRET: 'x'.repeat(40) })).toThrow(
      'Invalid configuration: SESSION_SECRET is required when NODE_ENV=production',
    );
  });

  it('creates DATA_DIR 0700 for generated secrets, and warns about an existing one that others may enter', () => {
    const parent = dataDir();
    const fresh = join(parent, 'data');
    expect(loadConfig({ DATA_DIR: fresh }).warnings).toEqual([]);
    expect(statSync(fresh).mode & 0o777).toBe(0o700);

    const shared = join(parent, 'shared');
    mkdirSync(shared, { mode: 0o755 });
    chmodSync(shared, 0o755);
    const { warnings } = loadConfig({ DATA_DIR: shared });
    expect(warnings).toEqual([expect.stringMatching(/^DATA_DIR .*shared is accessible to other users \(mode 0755\): run chmod 700 on it/)]);
    // Left as the operator made it: it may be a mount point or a volume with its own reasons.
    expect(statSync(shared).mode & 0o777).toBe(0o755);
  });

  it('names the instance <hostname>:<PORT> unless INSTANCE_ID says otherwise, and refuses an INSTANCE_ID that cannot name a file', () => {
    const dir = dataDir();
    const host = hostname().replace(/[^A-Za-z0-9._-]/g, '-');
    expect(loadConfig({ DATA_DIR: dir, PORT: '3001' }).instance).toEqual({ id: `${host}:3001`, explicit: false });
    expect(loadConfig({ DATA_DIR: dir, PORT: '0' }).instance).toEqual({ id: `${host}:0`, explicit: false });
    expect(loadConfig({ DATA_DIR: dir, INSTANCE_ID: ' app-1 ' }).instance).toEqual({ id: 'app-1', explicit: true });
    expect(loadConfig({ DATA_DIR: dir, INSTANCE_ID: '' }).instance.explicit).toBe(false);
    for (const bad of ['../x', 'a/b', 'x'.repeat(101), '-lead']) {
      expect(() => loadConfig({ DATA_DIR: dir, INSTANCE_ID: bad })).toThrow(/^Invalid configuration: INSTANCE_ID must be 1 to 100 letters/);
    }
    // The process claims it at start (main.ts): nothing is claimed by reading the configuration.
    expect(loadConfig({ DATA_DIR: dir }).serviceRun).toBeUndefined();
  });

  it('trusts a proxy on loopback by default, TRUST_PROXY names others or none, and refuses what is not an address', () => {
    const dir = dataDir();
    expect(loadConfig({ DATA_DIR: dir }).trustProxy).toEqual(['loopback']);
    expect(loadConfig({ DATA_DIR: dir, TRUST_PROXY: 'none' }).trustProxy).toBe(false);
    expect(loadConfig({ DATA_DIR: dir, TRUST_PROXY: 'loopback, 10.0.0.0/8 fd00::/8,192.0.2.7' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::/8',
      '192.0.2.7',
    ]);
    for (const bad of ['everyone', '10.0.0.0/33', '300.1.1.1', 'fd00::/129', '10.0.0.0/8/1', '*']) {
      expect(() => loadConfig({ DATA_DIR: dir, TRUST_PROXY: bad })).toThrow(/^Invalid configuration: TRUST_PROXY must be none, or addresses/);
    }
  });

  it('warns about short secrets instead of refusing them', () => {
    const config = loadConfig({ DATA_DIR: dataDir(), OPERATOR_TOKEN: 'short' });
    expect(config.operatorToken).toBe('short');
    expect(config.warnings).toEqual([expect.stringContaining('OPERATOR_TOKEN')]);
  });

  it('strips the trailing slash of PUBLIC_BASE_URL and derives its default from PORT', () => {
    expect(loadConfig({ DATA_DIR: dataDir(), PUBLIC_BASE_URL: 'https://links.example.com/' }).publicBaseUrl).toBe(
      'https://links.example.com',
    );
    expect(loadConfig({ DATA_DIR: dataDir(), PORT: '8080' }).publicBaseUrl).toBe('http://localhost:8080');
  });

  it.each([
    ['PORT', 'abc', 'PORT must be an integer from 0 to 65535'],
    ['PORT', '70000', 'PORT must be an integer'],
    ['PUBLIC_BASE_URL', 'not a url', 'PUBLIC_BASE_URL is not a valid URL'],
    ['PUBLIC_BASE_URL', 'ftp://x.example', 'PUBLIC_BASE_URL must start with http:// or https://'],
    ['EVENT_STORE_URL', 'postgres://db/events', 'EVENT_STORE_URL must start with kurrentdb://'],
    ['READ_MODEL_URL', 'redis://cache', 'READ_MODEL_URL must start with mongodb://'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL must be one of'],
    ['SEED_DEMO', 'perhaps', 'SEED_DEMO must be true or false'],
    ['SESSION_TTL_SECONDS', '5', 'SESSION_TTL_SECONDS must be an integer from 60'],
  ])('refuses %s=%s with one line naming the variable', (variable, value, message) => {
    const load = () => loadConfig({ DATA_DIR: dataDir(), [variable]: value });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });

  it('never echoes the credentials of a bad URL', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), EVENT_STORE_URL: 'postgres://user:hunter2@db/events' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });

  describe('PRODUCT_NAME', () => {
    it('defaults to a name people understand, never the internal "Invite links"', () => {
      expect(loadConfig({ DATA_DIR: dataDir() }).productName).toBe(DEFAULT_PRODUCT_NAME);
      expect(DEFAULT_PRODUCT_NAME).not.toMatch(/invite links/i);
    });

    it('takes the configured name, without surrounding spaces, up to 60 characters', () => {
      const dir = dataDir();
      expect(loadConfig({ DATA_DIR: dir, PRODUCT_NAME: '  Contoso Portal ' }).productName).toBe('Contoso Portal');
      expect(loadConfig({ DATA_DIR: dir, PRODUCT_NAME: 'é'.repeat(60) }).productName).toBe('é'.repeat(60));
    });

    it('refuses a blank, too long or multi-line name with a sentence that names PRODUCT_NAME', () => {
      const dir = dataDir();
      for (const blank of ['', '   ']) {
        expect(() => loadConfig({ DATA_DIR: dir, PRODUCT_NAME: blank })).toThrow(
          `Invalid configuration: PRODUCT_NAME must not be empty (leave it unset for the default, "${DEFAULT_PRODUCT_NAME}")`,
        );
      }
      expect(() => loadConfig({ DATA_DIR: dir, PRODUCT_NAME: 'x'.repeat(61) })).toThrow(
        'Invalid configuration: PRODUCT_NAME must be at most 60 characters (got 61)',
      );
      expect(() => loadConfig({ DATA_DIR: dir, PRODUCT_NAME: 'Contoso\nPortal' })).toThrow(
        'Invalid configuration: PRODUCT_NAME must not contain control characters',
      );
    });
  });

  describe('mail (SMTP_URL, MAIL_FROM, EMAIL_VERIFICATION_TTL_MINUTES)', () => {
    it('sends no mail without SMTP_URL (unset or empty), and verification links work for 60 minutes by default', () => {
      const dir = dataDir();
      expect(loadConfig({ DATA_DIR: dir }).mail).toBeUndefined();
      expect(loadConfig({ DATA_DIR: dir, SMTP_URL: '' }).mail).toBeUndefined();
      expect(loadConfig({ DATA_DIR: dir, SMTP_URL: '  ' }).mail).toBeUndefined();
      expect(loadConfig({ DATA_DIR: dir }).emailVerificationTtlMinutes).toBe(60);
    });

    it('sends from the product at the public host unless MAIL_FROM says otherwise', () => {
      const dir = dataDir();
      expect(loadConfig({ DATA_DIR: dir, SMTP_URL: 'smtp://127.0.0.1:2525' }).mail).toEqual({
        smtpUrl: 'smtp://127.0.0.1:2525',
        from: `"${DEFAULT_PRODUCT_NAME}" <no-reply@localhost>`,
      });
      const branded = loadConfig({
        DATA_DIR: dir,
        SMTP_URL: 'smtps://mailer:pw@mail.example.com',
        PUBLIC_BASE_URL: 'https://links.example.com:8443/',
        PRODUCT_NAME: 'Contoso "Portal"',
      });
      expect(branded.mail).toEqual({ smtpUrl: 'smtps://mailer:pw@mail.example.com', from: '"Contoso \\"Portal\\"" <no-reply@links.example.com>' });
      for (const from of ['"Contoso IT" <it@contoso.com>', 'it@contoso.com', 'Contoso <it@contoso.com>']) {
        expect(loadConfig({ DATA_DIR: dir, SMTP_URL: 'smtp://mail.example.com', MAIL_FROM: ` ${from} ` }).mail?.from).toBe(from);
      }
    });

    it('refuses a MAIL_FROM that is not exactly one address', () => {
      const dir = dataDir();
      for (const bad of ['contoso', 'a@example.com, b@example.com', 'Team: a@example.com;', '"Contoso" <>', 'it@contoso.com\nBcc: x@example.com']) {
        const load = () => loadConfig({ DATA_DIR: dir, SMTP_URL: 'smtp://mail.example.com', MAIL_FROM: bad });
        expect(load).toThrow(ConfigError);
        expect(load).toThrow(/^Invalid configuration: MAIL_FROM must be one address/);
      }
    });

    it('warns, rather than refuses, a MAIL_FROM without SMTP_URL', () => {
      const config = loadConfig({ DATA_DIR: dataDir(), MAIL_FROM: 'it@contoso.com' });
      expect(config.mail).toBeUndefined();
      expect(config.warnings).toEqual(['MAIL_FROM is set but SMTP_URL is not: no mail is sent until SMTP_URL names a mail server']);
    });

    it('speaks SMTP only, and never echoes the credentials of SMTP_URL', () => {
      const dir = dataDir();
      for (const bad of ['http://user:hunter2@mail.example.com', 'mailto:user:hunter2@example.com', 'smtp+tls://user:hunter2@mail.example.com']) {
        const load = () => loadConfig({ DATA_DIR: dir, SMTP_URL: bad });
        expect(load).toThrow('Invalid configuration: SMTP_URL must start with smtp:// or smtps://');
        expect(load).toThrow(expect.objectContaining({ message: expect.not.stringContaining('hunter2') }));
      }
      expect(() => loadConfig({ DATA_DIR: dir, SMTP_URL: 'user:hunter2@mail.example.com' })).toThrow(
        expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
      );
      expect(() => loadConfig({ DATA_DIR: dir, SMTP_URL: 'not a url' })).toThrow('Invalid configuration: SMTP_URL is not a valid URL');
      expect(() => loadConfig({ DATA_DIR: dir, SMTP_URL: 'smtp://' })).toThrow(
        'Invalid configuration: SMTP_URL must name the mail server, such as smtp://mail.example.com:587',
      );
    });

    it('takes EMAIL_VERIFICATION_TTL_MINUTES from 1 minute to 7 days', () => {
      const dir = dataDir();
      expect(loadConfig({ DATA_DIR: dir, EMAIL_VERIFICATION_TTL_MINUTES: '1' }).emailVerificationTtlMinutes).toBe(1);
      expect(loadConfig({ DATA_DIR: dir, EMAIL_VERIFICATION_TTL_MINUTES: '10080' }).emailVerificationTtlMinutes).toBe(10080);
      for (const bad of ['0', '10081', '1.5', 'hour']) {
        expect(() => loadConfig({ DATA_DIR: dir, EMAIL_VERIFICATION_TTL_MINUTES: bad })).toThrow(
          `Invalid configuration: EMAIL_VERIFICATION_TTL_MINUTES must be an integer from 1 to 10080 (got "${bad}")`,
        );
      }
    });
  });

  describe('Microsoft sign-in', () => {
    const base = () => ({ DATA_DIR: dataDir(), SESSION_SECRET: 's'.repeat(40), TOKEN_SECRET: 't'.repeat(40) });

    it('is off without MICROSOFT_CLIENT_ID', () => {
      expect(loadConfig(base()).microsoft).toBeUndefined();
    });

    it('defaults to the multi-tenant authority and strips its trailing slash', () => {
      expect(loadConfig({ ...base(), MICROSOFT_CLIENT_ID: 'id', MICROSOFT_CLIENT_SECRET: 'secret' }).microsoft).toEqual({
        clientId: 'id',
        clientSecret: 'secret',
        authority: 'https://login.microsoftonline.com/organizations/v2.0',
        allowInsecureAuthority: false,
      });
      const custom = loadConfig({
        ...base(),
        MICROSOFT_CLIENT_ID: 'id',
        MICROSOFT_CLIENT_SECRET: 'secret',
        MICROSOFT_AUTHORITY: 'https://login.microsoftonline.com/0b7a8c3e-0000-4000-8000-000000000001/v2.0/',
      });
      expect(custom.microsoft?.authority).toBe('https://login.microsoftonline.com/0b7a8c3e-0000-4000-8000-000000000001/v2.0');
    });

    it('requires the secret with the client id', () => {
      expect(() => loadConfig({ ...base(), MICROSOFT_CLIENT_ID: 'id' })).toThrow(
        new ConfigError('MICROSOFT_CLIENT_SECRET', 'is required when MICROSOFT_CLIENT_ID is set'),
      );
    });

    it('requires an https authority unless the test-only switch is on, and refuses the switch in production', () => {
      const insecure = { ...base(), MICROSOFT_CLIENT_ID: 'id', MICROSOFT_CLIENT_SECRET: 'secret', MICROSOFT_AUTHORITY: 'http://127.0.0.1:9/organizations/v2.0' };
      expect(() => loadConfig(insecure)).toThrow(/MICROSOFT_AUTHORITY must start with https:\/\//);
      expect(loadConfig({ ...insecure, MICROSOFT_ALLOW_INSECURE_AUTHORITY: 'true' }).microsoft?.authority).toBe(
        'http://127.0.0.1:9/organizations/v2.0',
      );
      expect(() => loadConfig({ ...insecure, MICROSOFT_ALLOW_INSECURE_AUTHORITY: 'true', NODE_ENV: 'production' })).toThrow(
        /MICROSOFT_ALLOW_INSECURE_AUTHORITY is a test-only switch/,
      );
      expect(() => loadConfig({ ...base(), MICROSOFT_AUTHORITY: 'not a url', MICROSOFT_CLIENT_ID: 'id', MICROSOFT_CLIENT_SECRET: 's' })).toThrow(
        /MICROSOFT_AUTHORITY is not a valid URL/,
      );
    });
  });

  describe('audit checkpoints (AUDIT_*)', () => {
    const keys = generateKeyPairSync('ed25519');
    const privatePem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const publicPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const keyId = (key: KeyObject): string => createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex');

    it('checkpoints every 1000 events or after 1000 ms by default, unsigned; each can be set', () => {
      const dir = dataDir();
      expect(loadConfig({ DATA_DIR: dir }).audit).toEqual({ checkpoints: true, checkpointEvery: 1000, checkpointIntervalMs: 1000 });
      expect(
        loadConfig({ DATA_DIR: dir, AUDIT_CHECKPOINTS: 'off', AUDIT_CHECKPOINT_EVERY: '50', AUDIT_CHECKPOINT_INTERVAL_MS: '200' }).audit,
      ).toEqual({ checkpoints: false, checkpointEvery: 50, checkpointIntervalMs: 200 });
      expect(() => loadConfig({ DATA_DIR: dir, AUDIT_CHECKPOINT_EVERY: '0' })).toThrow(
        'Invalid configuration: AUDIT_CHECKPOINT_EVERY must be an integer from 1 to 10000 (got "0")',
      );
      expect(() => loadConfig({ DATA_DIR: dir, AUDIT_CHECKPOINTS: 'sometimes' })).toThrow(/AUDIT_CHECKPOINTS must be true or false/);
    });

    it('reads the Ed25519 keys as PEM text or from a file outside DATA_DIR', () => {
      const dir = dataDir();
      const outside = dataDir();
      writeFileSync(join(outside, 'audit.pem'), privatePem, { mode: 0o600 });
      writeFileSync(join(outside, 'audit.pub.pem'), publicPem);
      for (const env of [
        { AUDIT_SIGNING_KEY: privatePem, AUDIT_VERIFY_KEY: publicPem },
        { AUDIT_SIGNING_KEY: join(outside, 'audit.pem'), AUDIT_VERIFY_KEY: join(outside, 'audit.pub.pem') },
      ]) {
        const { audit } = loadConfig({ DATA_DIR: dir, ...env });
        expect(audit.signingKey?.type).toBe('private');
        expect(keyId(createPublicKey(audit.signingKey!))).toBe(keyId(keys.publicKey));
        expect(audit.verifyKey?.type).toBe('public');
        expect(keyId(audit.verifyKey!)).toBe(keyId(keys.publicKey));
      }
    });

    it('refuses a signing key inside DATA_DIR (also through a symbolic link), a key that is not Ed25519, and a private key to verify with', () => {
      const dir = dataDir();
      writeFileSync(join(dir, 'audit.pem'), privatePem, { mode: 0o600 });
      const inside = /^Invalid configuration: AUDIT_SIGNING_KEY must be kept outside DATA_DIR/;
      expect(() => loadConfig({ DATA_DIR: dir, AUDIT_SIGNING_KEY: join(dir, 'audit.pem') })).toThrow(inside);
      const link = join(dataDir(), 'link');
      symlinkSync(dir, link);
      expect(() => loadConfig({ DATA_DIR: dir, AUDIT_SIGNING_KEY: join(link, 'audit.pem') })).toThrow(inside);
      expect(() => loadConfig({ DATA_DIR: link, AUDIT_SIGNING_KEY: join(dir, 'audit.pem') })).toThrow(inside);

      const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      expect(() => loadConfig({ DATA_DIR: dir, AUDIT_SIGNING_KEY: rsa })).toThrow(
        'Invalid configuration: AUDIT_SIGNING_KEY must be an Ed25519 private key (got rsa key)',
      );
      expect(() => loadConfig({ DATA_DIR: dir, AUDIT_SIGNING_KEY: '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----' })).toThrow(
        'Invalid configuration: AUDIT_SIGNING_KEY is not a PEM private key',
      );
      expect(() => loadConfig({ DATA_DIR: dir, AUDIT_SIGNING_KEY: join(dataDir(), 'missing.pem') })).toThrow(
        /^Invalid configuration: AUDIT_SIGNING_KEY must be an Ed25519 key in PEM form or the path of a file holding one \(cannot read /,
      );
      expect(() => loadConfig({ DATA_DIR: dir, AUDIT_VERIFY_KEY: privatePem })).toThrow(
        'Invalid configuration: AUDIT_VERIFY_KEY must be the public key (the private key stays with the service that signs)',
      );
    });

    it('warns when a signing key is set but checkpoints are off', () => {
      expect(loadConfig({ DATA_DIR: dataDir(), AUDIT_CHECKPOINTS: 'off', AUDIT_SIGNING_KEY: privatePem }).warnings).toContain(
        'AUDIT_SIGNING_KEY is set but AUDIT_CHECKPOINTS is off: no checkpoint will be signed',
      );
    });
  });
});
