import { splitSecrets } from './secret-fields';

describe('splitSecrets', () => {
  it('takes the invite token and the password hash out of a payload, keeping everything else', () => {
    expect(splitSecrets({ generation: 2, token: { hash: 'h', ciphertext: 'c' } })).toEqual({
      publicData: { generation: 2 },
      secrets: { token: { hash: 'h', ciphertext: 'c' } },
    });
    expect(splitSecrets({ userId: 'u', email: 'a@b.example', passwordHash: '$argon2id$…' })).toEqual({
      publicData: { userId: 'u', email: 'a@b.example' },
      secrets: { passwordHash: '$argon2id$…' },
    });
  });

  it('says there is no secret when there is none', () => {
    expect(splitSecrets({ tenantId: 't', name: 'Acme' })).toEqual({ publicData: { tenantId: 't', name: 'Acme' }, secrets: null });
  });
});
