/** The one stylesheet of the pages (served as /assets/app.<hash>.css; no inline styles anywhere). */
export const APP_CSS = `
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 1rem;
  line-height: 1.5;
  color: #1b1f24;
  background: #f4f6f8;
}
a { color: #0b57d0; }
a:hover { color: #083f99; }
:focus-visible { outline: 3px solid #f4b400; outline-offset: 2px; }
.skip-link { position: absolute; left: -9999px; }
.skip-link:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem 1rem; z-index: 1; }
.site-header { background: #1b2a41; color: #fff; padding: .75rem 1rem; }
.site-header .brand { color: #fff; text-decoration: none; font-weight: 600; }
main { max-width: 34rem; margin: 2rem auto; padding: 0 1rem; }
main.wide { max-width: 56rem; }
.card { background: #fff; border: 1px solid #d8dee4; border-radius: .5rem; padding: 1.5rem; }
@media (max-width: 480px) {
  main { margin: 1rem auto; padding: 0 .5rem; }
  .card { padding: 1rem; }
}
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 1rem; overflow-wrap: anywhere; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
.field { margin: 0 0 1rem; }
.field-row { display: flex; gap: 1rem; flex-wrap: wrap; }
.field-row .field { flex: 1 1 12rem; min-width: 0; }
label { display: block; font-weight: 600; margin-bottom: .25rem; }
input[type="text"], input[type="email"], input[type="password"] {
  display: block;
  width: 100%;
  padding: .6rem .7rem;
  font: inherit;
  color: inherit;
  background: #fff;
  border: 1px solid #8c959f;
  border-radius: .35rem;
}
input[aria-invalid="true"] { border-color: #b3261e; border-width: 2px; }
.checkbox { display: flex; gap: .6rem; align-items: flex-start; }
.checkbox input { width: 1.25rem; height: 1.25rem; margin: .15rem 0 0; flex: none; }
.checkbox label { font-weight: 400; margin: 0; }
.hint { color: #57606a; font-size: .9rem; margin: .25rem 0 0; }
.field-error { color: #b3261e; font-weight: 600; margin: .35rem 0 0; }
.field-error[hidden] { display: none; }
.error-summary { border: 2px solid #b3261e; border-radius: .35rem; padding: .75rem 1rem; margin: 0 0 1.25rem; background: #fdf3f2; }
.error-summary h2 { margin: 0 0 .5rem; font-size: 1.05rem; color: #b3261e; }
.error-summary ul { margin: 0; padding-left: 1.25rem; }
.notice { border-left: 4px solid #b3261e; background: #fff; padding: 1rem 1.25rem; }
.rules { margin: .5rem 0 0; padding-left: 1.25rem; font-size: .9rem; color: #57606a; }
.rules li.met { color: #1a7f37; }
.rules li.met::marker { content: "\\2713  "; }
.rules li.unmet { color: #b3261e; }
.rules li.unmet::marker { content: "\\2717  "; }
.strength { margin: 0 0 .5rem; }
.strength[hidden] { display: none; }
/* Browsers draw <meter> in their own colours; these are the page's red, amber and green. */
.strength meter { display: block; width: 100%; height: .6rem; margin: 0; -webkit-appearance: none; appearance: none; background: none; border: 0; }
.strength meter::-webkit-meter-bar { height: .6rem; background: #eaeef2; border: 1px solid #d8dee4; border-radius: .3rem; }
.strength meter::-webkit-meter-even-less-good-value { background: #b3261e; border-radius: .3rem; }
.strength meter::-webkit-meter-suboptimum-value { background: #9a6700; border-radius: .3rem; }
.strength meter::-webkit-meter-optimum-value { background: #1a7f37; border-radius: .3rem; }
@supports (-moz-appearance: meterbar) {
  .strength meter { background: #eaeef2; border: 1px solid #d8dee4; border-radius: .3rem; }
}
.strength meter::-moz-meter-bar { border-radius: .3rem; }
.strength meter:-moz-meter-sub-sub-optimum::-moz-meter-bar { background: #b3261e; }
.strength meter:-moz-meter-sub-optimum::-moz-meter-bar { background: #9a6700; }
.strength meter:-moz-meter-optimum::-moz-meter-bar { background: #1a7f37; }
.strength-verdict { margin: .35rem 0 0; font-size: .9rem; color: #57606a; }
.strength[data-level="very weak"] .strength-verdict, .strength[data-level="weak"] .strength-verdict { color: #b3261e; }
.strength[data-level="fair"] .strength-verdict { color: #9a6700; }
.strength[data-level="good"] .strength-verdict, .strength[data-level="strong"] .strength-verdict { color: #1a7f37; }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
button, .button {
  display: inline-block;
  font: inherit;
  font-weight: 600;
  padding: .65rem 1.25rem;
  border-radius: .35rem;
  border: 1px solid #0b57d0;
  background: #0b57d0;
  color: #fff;
  cursor: pointer;
  text-decoration: none;
}
button:hover { background: #083f99; }
button.secondary { background: #fff; color: #1b1f24; border-color: #8c959f; }
button.secondary:hover { background: #f4f6f8; }
button.full { width: 100%; }
.divider { text-align: center; color: #57606a; margin: 1rem 0; }
.alt-action { margin: 1.25rem 0 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1rem; margin: 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .5rem; border-bottom: 1px solid #d8dee4; overflow-wrap: anywhere; }
.inline-form { display: inline; }
.site-footer { text-align: center; font-size: .85rem; color: #57606a; margin: 2rem 0; }

/* ---- admin dashboard (/admin, a tenant's users, the Add Users and Invite Link dialogs) ---- */
[hidden] { display: none !important; }
main.wide:has(#admin-app) { max-width: 80rem; }
.admin-bar { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between; margin: 0 0 1rem; }
.admin-bar-title { font-weight: 600; }
.breadcrumb ol { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem; margin: 0 0 1rem; padding: 0; font-size: .95rem; }
.breadcrumb li { overflow-wrap: anywhere; }
.breadcrumb li + li::before { content: "/"; color: #57606a; margin-right: .25rem; }
.breadcrumb [aria-current="page"] { color: #57606a; }
.admin-bar-links { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; }
button.small { padding: .35rem .8rem; font-size: .9rem; }
button:disabled, button[aria-busy="true"] { opacity: .55; cursor: not-allowed; }
button.danger { background: #b3261e; border-color: #b3261e; color: #fff; }
button.danger:hover { background: #8c1d18; }
.admin-page .page-head { display: flex; flex-wrap: wrap; gap: .75rem 1.5rem; align-items: center; justify-content: space-between; margin: 0 0 1rem; }
.admin-page .page-head h1 { margin: 0; }
.page-actions { display: flex; flex-wrap: wrap; gap: .5rem; }
.page-status { color: #57606a; margin: 0 0 1rem; }
.page-status:empty { display: none; }
.page-links { margin: 0 0 1rem; }
.tenant-list { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: .75rem; }
.tenant-list li { border: 1px solid #d8dee4; border-radius: .35rem; padding: .75rem 1rem; display: flex; gap: .5rem; align-items: center; justify-content: space-between; }
.tenant-list a { font-weight: 600; overflow-wrap: anywhere; }
.badge { font-size: .8rem; padding: .1rem .5rem; border-radius: 1rem; background: #eaeef2; color: #1b1f24; }
.users-table th { background: #f4f6f8; font-size: .9rem; }
.users-table tr:focus { outline: 3px solid #f4b400; outline-offset: -3px; }
[data-load-more] { margin-top: 1rem; }
@media (max-width: 40rem) {
  .users-table thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  .users-table, .users-table tbody, .users-table tr, .users-table td { display: block; width: 100%; }
  .users-table tr { border: 1px solid #d8dee4; border-radius: .35rem; margin: 0 0 .75rem; padding: .25rem .5rem; }
  .users-table td { display: grid; grid-template-columns: 7.5rem 1fr; gap: .5rem; border-bottom: 1px solid #eaeef2; padding: .35rem 0; }
  .users-table td:last-child { border-bottom: 0; }
  .users-table td::before { content: attr(data-label); font-weight: 600; color: #57606a; }
  .page-actions, .page-actions button { width: 100%; }
  .page-actions button { flex: 1 1 8rem; }
}
select, textarea {
  display: block;
  width: 100%;
  padding: .55rem .7rem;
  font: inherit;
  color: inherit;
  background: #fff;
  border: 1px solid #8c959f;
  border-radius: .35rem;
}
textarea { resize: vertical; min-height: 6rem; }
select[aria-invalid="true"], textarea[aria-invalid="true"] { border-color: #b3261e; border-width: 2px; }
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
