/**
 * The load generator: autocannon in a process of its own (forked by bench/lib/load.ts), so that
 * generating load shares an event loop with neither the service nor the harness. It receives one
 * LoadSpec per message and answers with a LoadResult.
 *
 * Rate limiting stays on in the service: requests carry an X-Forwarded-For address from a pool
 * in 127.0.0.0/8 (the service trusts X-Forwarded-For from loopback, like from a local proxy), and
 * signups are spread over several links; the pools are sized by the harness so that no address
 * and no link reaches its limit. Every non-2xx answer is counted and reported.
 */
import autocannon from 'autocannon';
import type { LoadResult, LoadSpec } from '../lib/load';

/** The n-th address of a pool in 127.0.0.0/8 that skips 127.0.0.0/16 (the usual 127.0.0.1). */
export function loopbackAddress(n: number): string {
  return `127.${1 + ((n >> 16) % 254)}.${(n >> 8) & 255}.${n & 255}`;
}

const SIGNUP_PASSWORD = 'Bench-Passw0rd!';

function requestsFor(spec: LoadSpec): autocannon.Request[] {
  let sent = 0;
  const address = (n: number) => loopbackAddress(spec.addressOffset + (n % spec.addressPool));
  switch (spec.kind) {
    case 'get':
      return [
        {
          method: 'GET',
          path: spec.paths![0],
          setupRequest: (request) => {
            const n = sent++;
            return {
              ...request,
              path: spec.paths![n % spec.paths!.length],
              headers: { ...request.headers, 'x-forwarded-for': address(n) },
            };
          },
        },
      ];
    case 'signup':
      return [
        {
          method: 'POST',
          setupRequest: (request) => {
            const n = sent++;
            const token = spec.tokens![n % spec.tokens!.length];
            return {
              ...request,
              path: `/api/v1/invite-links/${token}/signups`,
              headers: { ...request.headers, 'content-type': 'application/json', 'x-forwarded-for': address(n) },
              body: JSON.stringify({
                firstName: 'Bench',
                lastName: `User ${n}`,
                email: `${spec.runId}-${n}@bench.example`,
                password: SIGNUP_PASSWORD,
                passwordConfirmation: SIGNUP_PASSWORD,
                acceptTerms: true,
              }),
            };
          },
        },
      ];
    case 'put-role':
      // One tenant per connection (see setupClient below), alternating its default role.
      return [];
  }
}

async function run(spec: LoadSpec): Promise<LoadResult> {
  let clients = 0;
  const options: autocannon.Options = {
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationSeconds,
    pipelining: 1,
    timeout: 30,
    headers: spec.authorization ? { authorization: spec.authorization } : {},
  };
  if (spec.kind === 'put-role') {
    options.setupClient = (client) => {
      const tenantId = spec.tenants![clients++ % spec.tenants!.length];
      const put = (defaultRoleId: string) => ({
        method: 'PUT' as const,
        path: `/api/v1/tenants/${tenantId}/invite-link`,
        headers: { authorization: spec.authorization!, 'content-type': 'application/json' },
        body: JSON.stringify({ defaultRoleId }),
      });
      client.setRequests([put('technician'), put('member')]);
    };
  } else {
    options.requests = requestsFor(spec);
  }
  const result = await autocannon(options);
  const ok = result['2xx'];
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = Number(stats.count);
  return {
    durationSeconds: result.duration,
    ok,
    okPerSecond: ok / result.duration,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, mean: result.latency.average },
  };
}

process.on('message', (message: { id: number; spec: LoadSpec }) => {
  run(message.spec).then(
    (result) => process.send!({ id: message.id, result }),
    (error: unknown) => process.send!({ id: message.id, error: error instanceof Error ? error.stack : String(error) }),
  );
});
