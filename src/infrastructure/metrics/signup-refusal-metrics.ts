import { Counter, Registry } from 'prom-client';
import { SIGNUP_REFUSAL_REASONS, SignupRefusalReason, SignupRefusals } from '../../shared/application/signup-refusals.port';

export const SIGNUPS_REFUSED = 'invite_link_signups_refused_total';

/** The SignupRefusals port as a Prometheus counter with one `reason` label. */
export class PrometheusSignupRefusals implements SignupRefusals {
  private readonly refused: Counter<'reason'>;

  constructor(registry: Registry) {
    this.refused = new Counter({
      name: SIGNUPS_REFUSED,
      help: 'Signups through an invite link refused, by reason (API, join page and Microsoft signup alike)',
      labelNames: ['reason'],
      registers: [registry],
    });
    // Every reason is exposed from the start: a series that appears only at the first refusal
    // makes rate() and alerts blind to that first one, and dashboards show "no data".
    for (const reason of SIGNUP_REFUSAL_REASONS) this.refused.inc({ reason }, 0);
  }

  record(reason: SignupRefusalReason): void {
    this.refused.inc({ reason });
  }
}
