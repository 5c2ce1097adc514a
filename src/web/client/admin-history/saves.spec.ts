import type { HistoryItem } from './describe-change';
import { addToSaves, Save, sameSave } from './saves';

/** An event of the history (newest first in every list below), written by request `request`. */
const event = (type: string, request: string, actorId = 'admin-1'): HistoryItem => ({
  type,
  at: '2026-01-01T00:00:00.000Z',
  actor: { type: 'msp_admin', id: actorId },
  correlationId: request,
});
const typesOf = (saves: readonly Save[]) => saves.map((save) => save.map((item) => item.type));

describe('the saves of the history', () => {
  it('groups consecutive events of one request and one actor, and nothing else', () => {
    const saves: Save[] = [];
    const grew = addToSaves(saves, [
      event('InviteLinkEnabled', 'req-3'),
      event('InviteLinkAllowedDomainsChanged', 'req-2'),
      event('InviteLinkDefaultRoleChanged', 'req-2'),
      event('InviteLinkRegenerated', 'req-1'),
    ]);
    expect(grew).toBe(false);
    expect(typesOf(saves)).toEqual([['InviteLinkEnabled'], ['InviteLinkAllowedDomainsChanged', 'InviteLinkDefaultRoleChanged'], ['InviteLinkRegenerated']]);
  });

  it('keeps email verification in the save it was part of', () => {
    const saves: Save[] = [];
    addToSaves(saves, [
      event('InviteLinkEnabled', 'req-2'),
      event('InviteLinkEmailVerificationSet', 'req-2'),
      event('InviteLinkAllowedDomainsChanged', 'req-2'),
      event('InviteLinkEmailVerificationSet', 'req-1'),
    ]);
    expect(typesOf(saves)).toEqual([
      ['InviteLinkEnabled', 'InviteLinkEmailVerificationSet', 'InviteLinkAllowedDomainsChanged'],
      ['InviteLinkEmailVerificationSet'],
    ]);
  });

  it('keeps events of the same request by different actors, or without a request id, apart', () => {
    expect(sameSave(event('A', 'req-1', 'admin-1'), event('B', 'req-1', 'admin-2'))).toBe(false);
    expect(sameSave({ type: 'A', at: '' }, { type: 'B', at: '' })).toBe(false);
    expect(sameSave({ type: 'A', at: '', correlationId: 'x' }, { type: 'B', at: '', correlationId: 'x' })).toBe(true);
  });

  it("mends a save that a page boundary split: the next page's first events join the last save shown", () => {
    const saves: Save[] = [];
    addToSaves(saves, [event('InviteLinkEnabled', 'req-3'), event('InviteLinkAllowedDomainsChanged', 'req-2')]);
    const grew = addToSaves(saves, [event('InviteLinkDefaultRoleChanged', 'req-2'), event('InviteLinkRegenerated', 'req-1')]);
    expect(grew).toBe(true);
    expect(typesOf(saves)).toEqual([['InviteLinkEnabled'], ['InviteLinkAllowedDomainsChanged', 'InviteLinkDefaultRoleChanged'], ['InviteLinkRegenerated']]);
  });

  it('says the last save did not grow when the next page starts a new one', () => {
    const saves: Save[] = [[event('InviteLinkEnabled', 'req-2')]];
    expect(addToSaves(saves, [event('InviteLinkRegenerated', 'req-1')])).toBe(false);
    expect(addToSaves(saves, [])).toBe(false);
    expect(saves).toHaveLength(2);
  });

  it('groups what a filter leaves: the events of one request that are still next to each other', () => {
    // ?type=InviteLinkDefaultRoleChanged: each request's one role change is its own entry.
    const saves: Save[] = [];
    addToSaves(saves, [event('InviteLinkDefaultRoleChanged', 'req-2'), event('InviteLinkDefaultRoleChanged', 'req-1')]);
    expect(saves).toHaveLength(2);
  });
});
