import { given } from '../../../shared/domain/testing/given-when-then';
import {
  SiblingDomainsCommand,
  siblingDomainsDecider,
  SiblingDomainsEvent,
  siblingDomainsStream,
} from './sibling-domains.decider';

const T1 = 'tenant-1';
const T2 = 'tenant-2';

const claimed = (tenantId: string, domains: string[], tenantRevision: number): SiblingDomainsEvent => ({
  type: 'SiblingDomainsClaimed',
  data: { tenantId, domains, tenantRevision },
});
const released = (tenantId: string, domains: string[], tenantRevision: number): SiblingDomainsEvent => ({
  type: 'SiblingDomainsReleased',
  data: { tenantId, domains, tenantRevision },
});
const claim = (tenantId: string, domains: string[], tenantRevision: number): SiblingDomainsCommand => ({
  type: 'ClaimDomains',
  tenantId,
  domains,
  tenantRevision,
});
const release = (tenantId: string, allowedDomains: string[], tenantRevision: number): SiblingDomainsCommand => ({
  type: 'ReleaseStaleClaims',
  tenantId,
  allowedDomains,
  tenantRevision,
});

const owners = (state: { claims: ReadonlyMap<string, { tenantId: string; tenantRevision: number }> }) =>
  Object.fromEntries([...state.claims].map(([domain, c]) => [domain, `${c.tenantId}@${c.tenantRevision}`]));

describe('sibling domains decider (R4)', () => {
  it('names one stream per MSP', () => {
    expect(siblingDomainsStream('msp-1')).toBe('mspDomainClaims-msp-1');
    expect(siblingDomainsStream('msp-2')).not.toBe(siblingDomainsStream('msp-1'));
  });

  describe('ClaimDomains', () => {
    it('claims free domains for the tenant at its revision', () => {
      const state = given(siblingDomainsDecider)
        .when(claim(T1, ['acme.com', 'acme.org'], 3))
        .then([claimed(T1, ['acme.com', 'acme.org'], 3)]);
      expect(owners(state)).toEqual({ 'acme.com': 'tenant-1@3', 'acme.org': 'tenant-1@3' });
    });

    it('claiming nothing emits nothing', () => {
      given(siblingDomainsDecider).when(claim(T1, [], 3)).then([]);
    });

    it('refuses with 409 domain_taken_by_sibling naming every taken domain, and claims none', () => {
      const error = given(siblingDomainsDecider, claimed(T1, ['a.com', 'b.com'], 1))
        .when(claim(T2, ['a.com', 'free.com', 'b.com'], 7))
        .thenThrows('conflict', 'domain_taken_by_sibling', 'allowedDomains');
      expect(error.message).toContain('a.com');
      expect(error.message).toContain('b.com');
      expect(error.message).not.toContain('free.com');
      expect(error.details).toEqual({ field: 'allowedDomains', domains: ['a.com', 'b.com'] });
    });

    it('other tenants may claim other domains', () => {
      given(siblingDomainsDecider, claimed(T1, ['a.com'], 1)).when(claim(T2, ['b.com'], 1)).then([claimed(T2, ['b.com'], 1)]);
    });

    it('a re-claim by the same tenant at the same revision emits nothing', () => {
      given(siblingDomainsDecider, claimed(T1, ['a.com', 'b.com'], 4)).when(claim(T1, ['a.com', 'b.com'], 4)).then([]);
    });

    it('a re-claim by the same tenant at an older revision emits nothing', () => {
      given(siblingDomainsDecider, claimed(T1, ['a.com'], 4)).when(claim(T1, ['a.com'], 2)).then([]);
    });

    it('a re-claim by the same tenant at a newer revision refreshes the claim', () => {
      const state = given(siblingDomainsDecider, claimed(T1, ['a.com'], 4))
        .when(claim(T1, ['a.com'], 9))
        .then([claimed(T1, ['a.com'], 9)]);
      expect(owners(state)).toEqual({ 'a.com': 'tenant-1@9' });
    });

    it('a mixed claim only records what is new or older than the given revision', () => {
      given(siblingDomainsDecider, claimed(T1, ['old.com'], 2), claimed(T1, ['current.com'], 5))
        .when(claim(T1, ['old.com', 'current.com', 'new.com'], 5))
        .then([claimed(T1, ['old.com', 'new.com'], 5)]);
    });

    it('a domain released by a sibling can be claimed', () => {
      given(siblingDomainsDecider, claimed(T1, ['a.com'], 1), released(T1, ['a.com'], 2))
        .when(claim(T2, ['a.com'], 1))
        .then([claimed(T2, ['a.com'], 1)]);
    });
  });

  describe('ReleaseStaleClaims', () => {
    it('drops only claims older than the tenant revision and no longer allowed', () => {
      const state = given(
        siblingDomainsDecider,
        claimed(T1, ['kept.com', 'dropped.com', 'also-dropped.com'], 1),
        claimed(T1, ['concurrent.com'], 3),
      )
        .when(release(T1, ['kept.com'], 3))
        .then([released(T1, ['dropped.com', 'also-dropped.com'], 3)]);
      expect(owners(state)).toEqual({ 'kept.com': 'tenant-1@1', 'concurrent.com': 'tenant-1@3' });
    });

    it("never touches a sibling's claims", () => {
      const state = given(siblingDomainsDecider, claimed(T1, ['mine.com'], 1), claimed(T2, ['theirs.com'], 1))
        .when(release(T1, [], 10))
        .then([released(T1, ['mine.com'], 10)]);
      expect(owners(state)).toEqual({ 'theirs.com': 'tenant-2@1' });
    });

    it('emits nothing when nothing is stale', () => {
      given(siblingDomainsDecider, claimed(T1, ['a.com'], 1)).when(release(T1, ['a.com'], 5)).then([]);
      given(siblingDomainsDecider).when(release(T1, [], 5)).then([]);
    });

    it("a concurrent update's newer claim survives an older release", () => {
      // Tenant stream at revision 3 allows old.com (claimed at revision 2).
      // Update B (based on revision 3) removes old.com and appends revision 4.
      // Update C (based on revision 4) adds old.com back and claims it before B releases.
      // B's release, computed from revision 4 where old.com is not listed, must not drop C's claim.
      const history = [claimed(T1, ['old.com'], 2), claimed(T1, ['old.com'], 4)];
      const state = given(siblingDomainsDecider, ...history).when(release(T1, [], 4)).then([]);
      expect(owners(state)).toEqual({ 'old.com': 'tenant-1@4' });
      // ...so a sibling still cannot take it.
      given(siblingDomainsDecider, ...history).when(claim(T2, ['old.com'], 1)).thenThrows('conflict', 'domain_taken_by_sibling');
    });

    it('a claim made ahead of the tenant append survives a release computed from an older revision', () => {
      // Update A (based on revision 6) claims new.com; an earlier update's release (revision 5) arrives late.
      given(siblingDomainsDecider, claimed(T1, ['new.com'], 6)).when(release(T1, [], 5)).then([]);
    });

    it('a canceled tenant (allowed list empty) releases all its older claims, freeing them for siblings', () => {
      const history = [claimed(T1, ['a.com', 'b.com'], 1), claimed(T1, ['c.com'], 4), claimed(T2, ['z.com'], 2)];
      const state = given(siblingDomainsDecider, ...history)
        .when(release(T1, [], 8))
        .then([released(T1, ['a.com', 'b.com', 'c.com'], 8)]);
      expect(owners(state)).toEqual({ 'z.com': 'tenant-2@2' });
      given(siblingDomainsDecider, ...history, released(T1, ['a.com', 'b.com', 'c.com'], 8))
        .when(claim(T2, ['a.com', 'b.com', 'c.com'], 3))
        .then([claimed(T2, ['a.com', 'b.com', 'c.com'], 3)]);
    });
  });
});
