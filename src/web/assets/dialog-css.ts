/**
 * The admin dialogs: frame, actions (a .dialog-footer puts the primary action on the right, and
 * first on phones), status boxes, the Automatic Account Creation switch, checkbox fields and
 * emphasised advice, the invite link with its copy row and danger zone, and the link's one-line
 * state next to the Invite Link button.
 */
export const DIALOG_CSS = `
dialog.dialog {
  width: min(38rem, calc(100vw - 1rem));
  max-height: calc(100dvh - 1rem);
  overflow: auto;
  padding: 1.5rem;
  border: 1px solid #8c959f;
  border-radius: .5rem;
  color: inherit;
  background: #fff;
  box-shadow: 0 .75rem 2rem rgba(0, 0, 0, .25);
}
dialog.dialog::backdrop { background: rgba(27, 31, 36, .55); }
dialog.dialog h2 { margin-top: 0; }
dialog.dialog h2 + .hint { margin: 0 0 1rem; }
dialog.confirm { width: min(30rem, calc(100vw - 1rem)); border-top: 4px solid #b3261e; }
@media (max-width: 480px) { dialog.dialog { padding: 1rem; } }
.dialog-actions { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1.25rem 0 0; }
.switch-field { border: 1px solid #d8dee4; border-radius: .35rem; padding: .75rem 1rem; }
.switch { display: flex; gap: .75rem; align-items: center; }
.switch label { margin: 0; }
input[role="switch"] {
  appearance: none;
  flex: none;
  position: relative;
  width: 3rem;
  height: 1.6rem;
  margin: 0;
  border-radius: 1rem;
  background: #8c959f;
  cursor: pointer;
  transition: background-color .15s;
}
input[role="switch"]::before {
  content: "";
  position: absolute;
  top: .2rem;
  left: .2rem;
  width: 1.2rem;
  height: 1.2rem;
  border-radius: 50%;
  background: #fff;
  transition: transform .15s;
}
input[role="switch"]:checked { background: #1a7f37; }
input[role="switch"]:checked::before { transform: translateX(1.4rem); }
input[role="switch"]:disabled { background: #d0d7de; cursor: not-allowed; }
.switch-field.is-disabled label { color: #8c959f; }
/* A checkbox field: its hints line up with the label, past the box. */
.check-field .checkbox label { font-weight: 600; }
.check-field .hint { margin-left: 1.85rem; }
.check-field.is-disabled label { color: #57606a; }
.check-field input:disabled { cursor: not-allowed; }
/* Advice that matters now (not an error): the hint stands out until it is followed. */
.hint.is-emphasised { padding: .35rem .6rem; border-left: 4px solid #9a6700; background: #fff8c5; color: #3b2300; font-weight: 600; }
.hint.needs-mail { color: #1b1f24; font-weight: 600; }
.dialog select:disabled, .dialog textarea:disabled { background: #f4f6f8; color: #3d444d; border-color: #d0d7de; cursor: not-allowed; }
.dialog-footer { justify-content: flex-end; }
@media (max-width: 480px) {
  .dialog-footer { flex-direction: column-reverse; align-items: stretch; }
  .dialog-footer button { width: 100%; }
}
.status-box { margin: .75rem 0 0; padding: .5rem .75rem; border: 1px solid; border-left-width: 4px; border-radius: .35rem; }
.status-box:empty { margin: 0; padding: 0; border: 0; }
.status-box.is-info { border-color: #8c959f; background: #f4f6f8; color: #1b1f24; }
.status-box.is-success { border-color: #1a7f37; background: #eef8f0; color: #14532d; }
.status-box.is-notice { border-color: #9a6700; background: #fff8c5; color: #3b2300; font-weight: 600; }
.invite-dialog .error-summary { margin: .75rem 0 0; }
/* The link moves above or below the settings; a gap instead of margins keeps the height the same either way. */
.invite-body { display: flex; flex-direction: column; gap: 1.25rem; margin: 1.25rem 0 0; }
.invite-body > * { margin: 0; }
.invite-settings > .field:last-child { margin-bottom: 0; }
.invite-url { padding: 1rem; border: 1px solid #d8dee4; border-radius: .35rem; background: #f6f8fa; }
.link-head { display: flex; flex-wrap: wrap; gap: .5rem; align-items: baseline; }
.link-head label { margin: 0 0 .35rem; }
.new-link-badge { background: #1a7f37; color: #fff; font-weight: 600; }
/* The working link and the sentence that stands for it share one cell, so the cell is as tall as the taller. */
.link-slot { display: grid; }
.link-slot > * { grid-area: 1 / 1; }
.invite-url.is-off .link-on, .invite-url:not(.is-off) .link-off { visibility: hidden; }
.link-off { margin: 0; padding: .6rem .75rem; align-self: start; border: 1px dashed #8c959f; border-radius: .35rem; background: #eaeef2; color: #3d444d; }
.copy-row { display: flex; gap: .5rem; }
.copy-row input { flex: 1 1 auto; min-width: 0; background: #fff; }
.copy-row button { flex: none; min-width: 7.5rem; white-space: nowrap; }
.invite-url.is-new { border-color: #1a7f37; box-shadow: 0 0 0 3px #aceebb; background: #eef8f0; }
.invite-url.is-new input { border-color: #1a7f37; }
.copy-status { margin: .35rem 0 0; }
.copy-status.copy-failed { color: #b3261e; font-weight: 600; }
@media (max-width: 480px) { .copy-row { flex-wrap: wrap; } .copy-row button { width: 100%; } }
.danger-zone { margin: 1.5rem 0 0; padding: 1rem 0 0; border-top: 1px solid #d8dee4; }
.danger-zone h3 { margin: 0 0 .25rem; font-size: 1rem; color: #b3261e; }
.danger-zone p { margin: 0 0 .75rem; color: #3d444d; font-size: .95rem; }
button.danger-outline { background: #fff; color: #b3261e; border-color: #b3261e; }
button.danger-outline:hover { background: #fdf3f2; }
@media (max-width: 480px) { button.danger-outline { width: 100%; } }
.invite-state { margin: 0; align-self: center; color: #3d444d; font-size: .95rem; }
@media (max-width: 40rem) { .invite-state { flex: 1 1 100%; } }
`;
