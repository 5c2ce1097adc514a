import {
  clientKey,
  MICROSOFT_FLOW_TTL_MS,
  MicrosoftFlow,
  MicrosoftFlowStart,
  MicrosoftFlowStore,
  microsoftFlowLimitsFrom,
} from './microsoft-flow.store';

const T0 = 1_800_000_000_000;
const aFlow = (startedAt = T0): MicrosoftFlow => ({
  state: `state-${Math.random()}`,
  nonce: 'n',
  codeVerifier: 'v',
  purpose: { kind: 'sign-in' },
  startedAt,
});
const idOf = (start: MicrosoftFlowStart): string => {
  if (!start.started) throw new Error(`refused: ${start.bound}`);
  return start.id;
};

describe('MicrosoftFlowStore', () => {
  it('gives each flow out once, and not after its time', () => {
    const store = new MicrosoftFlowStore();
    const flow = aFlow();
    const id = idOf(store.put(flow, { clientIp: '10.0.0.1' }, T0));
    expect(store.peek(id, T0 + 1)).toBe(flow);
    expect(store.take(id, T0 + 1)).toBe(flow);
    expect(store.take(id, T0 + 2)).toBeNull();
    const late = idOf(store.put(aFlow(), { clientIp: '10.0.0.1' }, T0));
    expect(store.peek(late, T0 + MICROSOFT_FLOW_TTL_MS + 1)).toBeNull();
    expect(store.take(late, T0 + MICROSOFT_FLOW_TTL_MS + 1)).toBeNull();
  });

  it('refuses a client past its bound, with the wait until its oldest flow expires, and never touches other flows', () => {
    const store = new MicrosoftFlowStore({ perClient: 3, total: 100 });
    const victim = aFlow();
    const victimId = idOf(store.put(victim, { clientIp: '192.0.2.7' }, T0));
    for (let i = 0; i < 3; i++) idOf(store.put(aFlow(T0 + 60_000), { clientIp: '10.0.0.1' }, T0 + 60_000));
    const refused = store.put(aFlow(T0 + 120_000), { clientIp: '10.0.0.1' }, T0 + 120_000);
    expect(refused).toEqual({ started: false, bound: 'client', retryAfterSeconds: (MICROSOFT_FLOW_TTL_MS - 60_000) / 1000 });
    expect(store.size).toBe(4);
    expect(store.take(victimId, T0 + 120_000)).toBe(victim);
    // Another client is not held back by this one.
    expect(store.put(aFlow(T0 + 120_000), { clientIp: '10.0.0.2' }, T0 + 120_000).started).toBe(true);
    // Once the flows expire, the client may start again.
    expect(store.put(aFlow(), { clientIp: '10.0.0.1' }, T0 + 60_000 + MICROSOFT_FLOW_TTL_MS + 1).started).toBe(true);
  });

  it('refuses past the total bound rather than evicting the oldest flow', () => {
    const store = new MicrosoftFlowStore({ perClient: 10, total: 5 });
    const first = aFlow();
    const firstId = idOf(store.put(first, { clientIp: '10.0.0.1' }, T0));
    for (let i = 2; i <= 5; i++) idOf(store.put(aFlow(), { clientIp: `10.0.0.${i}` }, T0));
    const refused = store.put(aFlow(), { clientIp: '10.0.0.9' }, T0 + 1000);
    expect(refused).toMatchObject({ started: false, bound: 'total' });
    expect(refused.started === false && refused.retryAfterSeconds).toBe(MICROSOFT_FLOW_TTL_MS / 1000 - 1);
    expect(store.take(firstId, T0 + 1000)).toBe(first);
  });

  it('lets a browser replace its own flow (one flow per browser), but an unknown or foreign id replaces nothing', () => {
    const store = new MicrosoftFlowStore({ perClient: 2, total: 100 });
    const first = idOf(store.put(aFlow(), { clientIp: '10.0.0.1' }, T0));
    const second = idOf(store.put(aFlow(), { clientIp: '10.0.0.1', previousId: first }, T0));
    expect(store.peek(first, T0)).toBeNull();
    // Restarting again and again from the same browser never reaches the client's bound.
    let current = second;
    for (let i = 0; i < 10; i++) current = idOf(store.put(aFlow(), { clientIp: '10.0.0.1', previousId: current }, T0));
    expect(store.size).toBe(1);

    const other = idOf(store.put(aFlow(), { clientIp: '10.0.0.2' }, T0));
    idOf(store.put(aFlow(), { clientIp: '10.0.0.3', previousId: 'not-a-flow' }, T0));
    expect(store.peek(other, T0)).not.toBeNull();
  });

  it('counts an IPv6 client by its /64 and an IPv4-mapped address as IPv4', () => {
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe(clientKey('2001:db8:1:2:ffff:ffff:ffff:ffff'));
    expect(clientKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8:1:3::1')).not.toBe(clientKey('2001:db8:1:2::1'));
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(clientKey('10.0.0.1')).toBe('10.0.0.1');

    const store = new MicrosoftFlowStore({ perClient: 2, total: 100 });
    idOf(store.put(aFlow(), { clientIp: '2001:db8::1' }, T0));
    idOf(store.put(aFlow(), { clientIp: '2001:db8::2' }, T0));
    expect(store.put(aFlow(), { clientIp: '2001:db8::3' }, T0)).toMatchObject({ started: false, bound: 'client' });
  });

  it('reads its bounds from the environment, naming a bad variable', () => {
    expect(microsoftFlowLimitsFrom({})).toEqual({ perClient: 50, total: 10_000 });
    expect(microsoftFlowLimitsFrom({ MICROSOFT_FLOWS_PER_CLIENT: '5', MICROSOFT_FLOWS_TOTAL: '99' })).toEqual({ perClient: 5, total: 99 });
    expect(() => microsoftFlowLimitsFrom({ MICROSOFT_FLOWS_PER_CLIENT: '0' })).toThrow(/MICROSOFT_FLOWS_PER_CLIENT/);
    expect(() => microsoftFlowLimitsFrom({ MICROSOFT_FLOWS_TOTAL: 'many' })).toThrow(/MICROSOFT_FLOWS_TOTAL/);
  });
});
