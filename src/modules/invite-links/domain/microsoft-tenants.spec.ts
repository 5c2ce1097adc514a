import {
  isMicrosoftTenantAllowed,
  MAX_ALLOWED_MICROSOFT_TENANTS,
  normalizeMicrosoftTenantId,
  parseMicrosoftTenantIds,
} from './microsoft-tenants';

const A = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const B = '9188040d-6c67-4c5b-b112-36a304b66dad';

describe('allowed Microsoft tenant ids', () => {
  it("accepts an array or one string separated by commas, spaces or newlines; lower-cases and merges, in the admin's order", () => {
    expect(parseMicrosoftTenantIds([B, A.toUpperCase()])).toEqual({ ok: true, tenantIds: [B, A] });
    expect(parseMicrosoftTenantIds(`${A},\n ${B}\r\n${A}`)).toEqual({ ok: true, tenantIds: [A, B] });
    expect(parseMicrosoftTenantIds(`${B} {${A.toUpperCase()}} ${B}`)).toEqual({ ok: true, tenantIds: [B, A] });
    expect(parseMicrosoftTenantIds(`{${A}}`)).toEqual({ ok: true, tenantIds: [A] });
    expect(parseMicrosoftTenantIds('')).toEqual({ ok: true, tenantIds: [] });
    expect(parseMicrosoftTenantIds([])).toEqual({ ok: true, tenantIds: [] });
  });

  it('names every entry that is not a tenant id (a GUID)', () => {
    expect(parseMicrosoftTenantIds([A, 'contoso.onmicrosoft.com', 'organizations', `${A}0`])).toEqual({
      ok: false,
      invalid: ['contoso.onmicrosoft.com', 'organizations', `${A}0`],
      tooMany: false,
      count: 1,
    });
  });

  it(`refuses more than ${MAX_ALLOWED_MICROSOFT_TENANTS} distinct ids`, () => {
    const ids = Array.from({ length: MAX_ALLOWED_MICROSOFT_TENANTS + 1 }, (_, i) =>
      `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
    );
    expect(parseMicrosoftTenantIds(ids)).toMatchObject({ ok: false, invalid: [], tooMany: true, count: 51 });
    expect(parseMicrosoftTenantIds(ids.slice(1))).toMatchObject({ ok: true });
  });

  it('an empty list allows every tenant; a list only its own, case-insensitively', () => {
    expect(isMicrosoftTenantAllowed(A, [])).toBe(true);
    expect(isMicrosoftTenantAllowed(A.toUpperCase(), [A])).toBe(true);
    expect(isMicrosoftTenantAllowed(B, [A])).toBe(false);
    expect(isMicrosoftTenantAllowed('not-a-guid', [A])).toBe(false);
    expect(normalizeMicrosoftTenantId(' x ')).toBeNull();
  });
});
