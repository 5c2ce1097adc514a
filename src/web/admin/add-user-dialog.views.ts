import { Html, html } from '../pages/html';
import { describedBy, field } from './admin-views';

/**
 * The Add user dialog of a tenant's users page (the script: src/web/client/admin/add-user-dialog.ts).
 * The page's button keeps the product's documented name, "Add Users"; the dialog adds one user,
 * and says so. Its footer is the other dialogs' (dialog-css.ts): Cancel, then the primary action
 * on the right (stacked, primary on top, on a phone).
 */
export function addUserDialog(): Html {
  const input = (id: string, type: string, autocomplete: string) =>
    html`<input id="${id}" name="${id.replace('add-user-', '')}" type="${type}" autocomplete="${autocomplete}" required aria-required="true" aria-describedby="${describedBy(id, id === 'add-user-password')}">`;
  return html`<dialog id="add-user-dialog" class="dialog" aria-labelledby="add-user-title" aria-describedby="add-user-intro">
<form data-add-user-form novalidate>
<h2 id="add-user-title">Add user</h2>
<p class="hint" id="add-user-intro">Creates an account in this tenant with the role you choose.</p>
<div class="error-summary" data-dialog-error role="alert" hidden></div>
<div class="field-row">
${field('add-user-firstName', 'First name', input('add-user-firstName', 'text', 'off'))}
${field('add-user-lastName', 'Last name', input('add-user-lastName', 'text', 'off'))}
</div>
${field('add-user-email', 'Email', input('add-user-email', 'email', 'off'))}
${field(
    'add-user-password',
    'Initial password',
    input('add-user-password', 'password', 'new-password'),
    'At least 8 characters with upper- and lower-case letters, a digit and a special character.',
  )}
${field(
    'add-user-roleId',
    'Role',
    html`<select id="add-user-roleId" name="roleId" required aria-required="true" aria-describedby="add-user-roleId-error" data-role-select><option value="">Choose a role…</option></select>`,
  )}
<div class="dialog-actions dialog-footer">
<button type="button" class="secondary" data-close-dialog>Cancel</button>
<button type="submit">Add user</button>
</div>
</form>
</dialog>`;
}
