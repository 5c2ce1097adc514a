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
/* No row gap: a wrapped field already has its own bottom margin. */
.field-row { display: flex; gap: 0 1rem; flex-wrap: wrap; }
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
.field-action { margin: .35rem 0 0; }
.error-summary { border: 2px solid #b3261e; border-radius: .35rem; padding: .75rem 1rem; margin: 0 0 1.25rem; background: #fdf3f2; }
.error-summary h2 { margin: 0 0 .5rem; font-size: 1.05rem; color: #b3261e; }
.error-summary ul { margin: 0; padding-left: 1.25rem; }
.error-summary p { margin: 0; }
.error-summary h2 + p { margin-top: .25rem; }
.notice { border-left: 4px solid #b3261e; background: #fff; padding: 1rem 1.25rem; }
.notice.info { border-left-color: #0b57d0; }
/* A neutral answer to a form (the verification link was sent again): green, not an error. */
.status-box { border-left: 4px solid #1a7f37; background: #eef7f0; padding: .75rem 1rem; margin: 0 0 1rem; }
/* An email address can be one long word: it wraps rather than pushing the page sideways. */
.address { overflow-wrap: anywhere; }
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
`;
