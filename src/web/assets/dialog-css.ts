/** The admin dialogs: frame, actions, the Automatic Account Creation switch and the invite link's copy row. */
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
.unavailable { margin: .5rem 0 0; padding: .5rem .75rem; border-left: 4px solid #8c959f; background: #f4f6f8; color: #3d444d; font-weight: 600; }
.invite-url { margin: 1.5rem 0 0; padding: 1rem 0 0; border-top: 1px solid #d8dee4; }
.copy-row { display: flex; gap: .5rem; }
.copy-row input { flex: 1 1 auto; min-width: 0; }
.copy-status { color: #1a7f37; font-weight: 600; min-height: 1.5rem; margin: .35rem 0 0; }
@media (max-width: 480px) { .copy-row { flex-wrap: wrap; } .copy-row button { width: 100%; } }
`;
