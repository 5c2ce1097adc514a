/**
 * The admin pages' frame (admin-views.ts adminPage: one width, bar, breadcrumb, page head with
 * the h1 and the actions), the tenant list and the users table.
 */
export const ADMIN_CSS = `
[hidden] { display: none !important; }
main.wide:has(> .admin-frame) { max-width: 80rem; }
.admin-bar { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between; margin: 0 0 1rem; }
.admin-bar-title { font-weight: 600; }
.breadcrumb ol { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem; margin: 0 0 1rem; padding: 0; font-size: .95rem; }
.breadcrumb li { overflow-wrap: anywhere; }
.breadcrumb li + li::before { content: "/"; color: #57606a; margin-right: .25rem; }
.breadcrumb [aria-current="page"] { color: #57606a; }
.breadcrumb a { font-weight: 500; }
.admin-bar-links { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; }
button.small { padding: .35rem .8rem; font-size: .9rem; }
button:disabled, button[aria-busy="true"] { opacity: .55; cursor: not-allowed; }
button.danger { background: #b3261e; border-color: #b3261e; color: #fff; }
button.link-button {
  background: none; border: 0; padding: .15rem 0; font: inherit; font-size: .9rem;
  color: #0b57d0; text-decoration: underline; text-underline-offset: .15em; cursor: pointer;
}
button.link-button:hover { color: #083f99; background: none; }
button.danger:hover { background: #8c1d18; }
.page-head { display: flex; flex-wrap: wrap; gap: .75rem 1.5rem; align-items: center; justify-content: space-between; margin: 0 0 1rem; }
.page-head h1 { margin: 0; font-size: 1.6rem; line-height: 1.25; }
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
/* Someone who signed up and has not confirmed their email yet: not a member, set apart. */
.badge.pending { background: #fff4ce; color: #5c4400; border: 1px solid #bf8700; margin-left: .35rem; white-space: nowrap; }
.users-table tr[data-status="pending"] { background: #fffdf3; }
/* A short heading ("Role") beside a long cell must not break inside the word. */
.users-table th { overflow-wrap: normal; }
.users-table .pending-until { color: #57606a; }
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
`;
