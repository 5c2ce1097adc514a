import { apiRequest } from '../shared/api';
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

/** Add Users: an admin creates a user with a password and a role (POST /api/v1/tenants/:id/users). */
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
    if (!body.roleId) {
      showErrors(dialog, { body: { field: 'roleId', message: 'Choose a role for the new user.' }, message: '' }, ADD_FIELDS);
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
        if (dialog.open) showErrors(dialog, asRefusal(error), ADD_FIELDS);
        else status.fail('Could not reload the users', messageOf(error));
      })
      .then(() => busy(submit, false));
  });
}
