import { ApiErrorBody, apiRequest } from '../shared/api';
import { enc, required, requiredIn } from '../shared/dom';
import { busy, clearErrors, closeDialog, openDialog, showErrors } from './dialogs';
import { asRefusal } from './field-errors';
import { messageOf, PageStatus } from './page-status';

/** The dialog's controls by the API's field names. */
const ADD_FIELDS = {
  email: 'add-user-email',
  firstName: 'add-user-firstName',
  lastName: 'add-user-lastName',
  password: 'add-user-password',
  roleId: 'add-user-roleId',
} as const;

type AddUserBody = Record<keyof typeof ADD_FIELDS, string>;

/** What an empty field says, at once and without a request. */
const MISSING: Record<keyof typeof ADD_FIELDS, string> = {
  firstName: 'Enter a first name.',
  lastName: 'Enter a last name.',
  email: 'Enter an email address.',
  password: 'Enter an initial password.',
  roleId: 'Choose a role for the new user.',
};

/** The fields left empty (names of spaces only count as empty: the API refuses them too), in the form's order. */
function missingFields(body: AddUserBody): { field: string; message: string }[] {
  const order: (keyof typeof ADD_FIELDS)[] = ['firstName', 'lastName', 'email', 'password', 'roleId'];
  return order.filter((field) => body[field].trim() === '').map((field) => ({ field, message: MISSING[field] }));
}

/**
 * Add user (opened by the page's "Add Users" button): an admin creates one user with a password
 * and a role (POST /api/v1/tenants/:id/users). Every problem shows next to its field after one
 * submit: empty fields at once, the API's 422s together (a weak password and a registered email).
 */
export function setUpAddUserDialog(tenantId: string, status: PageStatus, reloadUsers: () => Promise<void>): void {
  const dialog = required<HTMLDialogElement>('add-user-dialog');
  const form = requiredIn<HTMLFormElement>(dialog, 'form');

  requiredIn(document, '[data-open-dialog="add-user-dialog"]').addEventListener('click', (event) => {
    clearErrors(dialog);
    openDialog(dialog, event.currentTarget as Element);
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(dialog);
    const body = {} as AddUserBody;
    for (const field of Object.keys(ADD_FIELDS) as (keyof typeof ADD_FIELDS)[]) {
      body[field] = required<HTMLInputElement | HTMLSelectElement>(ADD_FIELDS[field]).value;
    }
    const missing = missingFields(body);
    if (missing.length) {
      showErrors(dialog, { message: '', body: { message: '', errors: missing } as ApiErrorBody }, ADD_FIELDS);
      return;
    }
    const submit = requiredIn<HTMLButtonElement>(form, 'button[type="submit"]');
    busy(submit, true);
    apiRequest('POST', `/api/v1/tenants/${enc(tenantId)}/users`, body)
      .then(() => {
        form.reset();
        closeDialog(dialog);
        status.set(`Added ${body.firstName} ${body.lastName} (${body.email}).`);
        return reloadUsers();
      })
      .catch((error: unknown) => {
        if (!dialog.open) {
          status.fail('Could not reload the users', messageOf(error));
          return;
        }
        showErrors(dialog, asRefusal(error), ADD_FIELDS);
        // The first field to fix from the top, whatever order the answer listed the problems in.
        form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      })
      .then(() => busy(submit, false));
  });
}
