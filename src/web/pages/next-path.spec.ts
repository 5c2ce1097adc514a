import { NEXT_PATH_MAX_LENGTH, safeNextPath } from './next-path';

describe('safeNextPath (where sign-in may send a person)', () => {
  it('keeps a path of this site, with its query and fragment', () => {
    for (const path of [
      '/admin',
      '/admin/tenants/8f7c1e2a-0000-4000-8000-000000000001/users',
      '/admin/tenants/t-1/invite-link/history?type=InviteLinkEnabled',
      '/app#top',
      '/admin/tenants/%2F%2Fevil.example/users',
    ]) {
      expect(safeNextPath(path)).toBe(path);
    }
  });

  it('refuses anything that is not one non-empty string', () => {
    for (const value of [undefined, null, 42, ['/admin'], { path: '/admin' }, '']) expect(safeNextPath(value)).toBeNull();
  });

  it('refuses other sites, however they are spelled', () => {
    for (const path of [
      'https://evil.example/admin',
      'http:/evil.example',
      'javascript:alert(1)',
      'data:text/html,hi',
      '//evil.example',
      '///evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      '/admin\\..\\..\\evil',
      'evil.example/admin',
      'admin',
      './admin',
      '?next=/admin',
    ]) {
      expect(safeNextPath(path)).toBeNull();
    }
  });

  it('refuses control characters and spaces, which browsers drop or rewrite', () => {
    for (const path of ['/\t/evil.example', '/\n/evil.example', '/\r\nSet-Cookie: x=1', '/admin\u0000', '/admin\u007f', '/admin\u0085', '/ admin']) {
      expect(safeNextPath(path)).toBeNull();
    }
  });

  it('refuses a path longer than any of ours', () => {
    expect(safeNextPath(`/${'a'.repeat(NEXT_PATH_MAX_LENGTH - 1)}`)).not.toBeNull();
    expect(safeNextPath(`/${'a'.repeat(NEXT_PATH_MAX_LENGTH)}`)).toBeNull();
  });
});
