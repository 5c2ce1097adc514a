/**
 * Styles of the invite-link history view, appended to the one stylesheet (assets.ts). The frame
 * (width, breadcrumb, heading) is every admin page's (admin-css.ts); these are scoped to
 * `.history` so that no other page changes.
 */
export const ADMIN_HISTORY_CSS = `
.history [hidden] { display: none !important; }
.history .history-intro { max-width: 48rem; margin: 0 0 1rem; }
.history .error-summary p { margin: 0; }
.history .error-summary p + p { margin-top: .5rem; }
.history h2 { margin-top: 1rem; }
.history h3 { font-size: 1.05rem; margin: 1rem 0 .5rem; overflow-wrap: anywhere; }
.history h3:focus { outline: none; }
.history h3:focus-visible { outline: 3px solid #f4b400; outline-offset: 2px; }
.history select, .history input[type="datetime-local"] {
  font: inherit;
  color: inherit;
  background: #fff;
  border: 1px solid #8c959f;
  border-radius: .35rem;
  padding: .55rem .7rem;
  max-width: 100%;
}
.history input[aria-invalid="true"] { border-color: #b3261e; border-width: 2px; }
.history .history-columns { border-top: 1px solid #d8dee4; }
.history .state-at-row { display: flex; flex-wrap: wrap; gap: .5rem; align-items: stretch; }
.history .state-at-row input { flex: 1 1 14rem; min-width: 0; }
.history .state-at-result { background: #f4f6f8; border: 1px solid #d8dee4; border-radius: .35rem; padding: .25rem 1rem 1rem; }
.history .state-at-result .facts { margin-bottom: .5rem; }
.history .timeline-section { border-top: 1px solid #d8dee4; margin-top: 1.5rem; }
.history .timeline-filter select { width: 100%; max-width: 22rem; }
.history .timeline { list-style: none; margin: .5rem 0 0; padding: 0 0 0 1rem; border-left: 3px solid #d8dee4; }
.history .event { position: relative; padding: .75rem 0 .75rem .75rem; border-bottom: 1px solid #eaeef2; }
.history .event::before {
  content: ""; position: absolute; left: calc(-1rem - 8px); top: 1.1rem;
  width: 13px; height: 13px; border-radius: 50%; background: #0b57d0; border: 2px solid #fff;
}
.history .event[data-type="InviteLinkDisabled"]::before { background: #b3261e; }
.history .event[data-type="InviteLinkEnabled"]::before { background: #1a7f37; }
.history .event[data-type="MemberJoinedViaInviteLink"]::before { background: #8250df; }
.history .event p { margin: 0 0 .25rem; overflow-wrap: anywhere; }
.history .event-when { color: #57606a; font-size: .9rem; }
.history .event-iso { display: inline-block; margin-left: .5rem; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .8rem; color: #57606a; overflow-wrap: anywhere; }
.history .event-what { font-weight: 600; }
.history .event-detail, .history .event-who { font-size: .95rem; }
.history .actor-name { font-weight: 500; }
.history .actor-role { color: #57606a; }
/* Wide screens: the picker beside the timeline, and kept in view while the timeline scrolls, so
   the answer to an entry's "Show the link after this change" is seen next to it. */
@media (min-width: 64rem) {
  .history .history-columns { display: grid; grid-template-columns: minmax(20rem, 24rem) minmax(0, 1fr); gap: 0 2.5rem; align-items: start; }
  .history .state-at { position: sticky; top: 1rem; }
  .history .timeline-section { border-top: 0; margin-top: 0; max-width: 52rem; }
}
@media (max-width: 480px) {
  .history .event-iso { display: block; margin-left: 0; }
  .history .timeline { padding-left: .75rem; }
  .history .event::before { left: calc(-.75rem - 8px); }
  .history .state-at-row button { width: 100%; }
}
`;
