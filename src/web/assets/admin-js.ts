/**
 * The admin dashboard's script (served as /assets/admin.<hash>.js): /admin (tenants) and
 * /admin/tenants/:id/users (users table, Add Users and Invite Link dialogs).
 *
 * Everything comes from and goes to the public API (docs/http-api.md) with the session cookie
 * (`credentials: 'same-origin'`); unsafe calls carry the page's CSRF token (from
 * `<meta name="csrf-token">`) in the X-CSRF-Token header, which the AuthGuard requires before it
 * honours the cookie. No inline script or style, no eval, no innerHTML with data: text is set
 * with textContent only. Plain ES2019.
 *
 * Dialogs are native <dialog> opened with showModal() (inert background, Escape closes), with
 * a focus trap for Tab/Shift+Tab and focus returned to the control that opened them.
 */
const settings = {
  pageSize: 20,
  csrfHeader: 'X-CSRF-Token',
  joinedVia: { invite_link: 'Invite link', admin: 'Added by admin' },
  signInMethods: { password: 'Password', microsoft: 'Microsoft' },
  labels: {
    email: 'Email',
    firstName: 'First name',
    lastName: 'Last name',
    password: 'Password',
    roleId: 'Role',
    defaultRoleId: 'Default role',
    allowedDomains: 'Allowed domains',
    allowedMicrosoftTenantIds: 'Allowed Microsoft organizations',
    enabled: 'Automatic Account Creation',
  },
};

export const ADMIN_JS = String.raw`(function () {
  'use strict';
  var S = ${JSON.stringify(settings)};
  var root = document.getElementById('admin-app');
  if (!root) return;
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrfToken = meta ? meta.getAttribute('content') || '' : '';
  var mspId = root.getAttribute('data-msp-id') || '';
  var tenantId = root.getAttribute('data-tenant-id') || '';
  var pageStatus = root.querySelector('[data-page-status]');
  var pageError = root.querySelector('[data-page-error]');

  function enc(value) { return encodeURIComponent(value); }
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  // ---- the API ------------------------------------------------------------------------

  function api(method, path, body) {
    var headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET') headers[S.csrfHeader] = csrfToken;
    return fetch(path, {
      method: method,
      headers: headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (response) {
      return response.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (ignored) { data = null; }
        if (response.ok) return data;
        var error = new Error(messageOf(data, response.status));
        error.status = response.status;
        error.body = data && typeof data === 'object' ? data : {};
        throw error;
      });
    });
  }

  function messageOf(body, status) {
    if (body && Array.isArray(body.message)) return body.message.join(' ');
    if (body && typeof body.message === 'string' && body.message) return body.message;
    if (status === 401) return 'Your session has ended. Sign in again.';
    if (status === 403) return 'You are not allowed to do this.';
    return 'Something went wrong (HTTP ' + status + '). Please try again.';
  }

  /** "allowedDomains: invalid domain(s): x" -> "Invalid domain(s): x"; "email must be ..." -> "Email must be ...". */
  function readable(message, field) {
    var text = String(message);
    if (field && text.indexOf(field + ': ') === 0) text = text.slice(field.length + 2);
    else if (field && text.indexOf(field + ' ') === 0) text = (S.labels[field] || field) + text.slice(field.length);
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  /** The API's error as [{field, message}] (field null when it names none). */
  function fieldErrors(error) {
    var body = error.body || {};
    var messages = Array.isArray(body.message) ? body.message : [typeof body.message === 'string' ? body.message : error.message];
    var fields = Array.isArray(body.fields) ? body.fields : [];
    if (typeof body.field === 'string') fields = [body.field];
    if (body.code === 'user_already_registered') fields = ['email'];
    if (body.code === 'sso_configured') fields = ['enabled'];
    return messages.map(function (message) {
      var text = String(message);
      var named = fields.filter(function (field) {
        return text.indexOf(field + ':') === 0 || text.indexOf(field + ' ') === 0;
      })[0];
      var field = named || (fields.length === 1 ? fields[0] : null);
      return { field: field, message: readable(text, field) };
    });
  }

  // ---- page status --------------------------------------------------------------------

  function setStatus(text) {
    if (!pageStatus) return;
    pageStatus.textContent = text || '';
    pageStatus.hidden = !text;
  }

  function showPageError(title, detail) {
    setStatus('');
    if (!pageError) return;
    pageError.textContent = '';
    pageError.appendChild(el('h2', title));
    if (detail) pageError.appendChild(el('p', detail));
    if (detail && /session has ended/.test(detail)) {
      var link = el('a', 'Sign in');
      link.href = '/sign-in';
      pageError.appendChild(link);
    }
    pageError.hidden = false;
    pageError.focus();
  }

  // ---- dialogs ------------------------------------------------------------------------

  var openDialogs = [];
  var openers = new WeakMap();

  function focusables(container) {
    var all = container.querySelectorAll('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])');
    return Array.prototype.filter.call(all, function (node) {
      return !node.disabled && !node.closest('[hidden]') && node.getClientRects().length > 0;
    });
  }

  function openDialog(dialog, opener) {
    if (dialog.open) return;
    openers.set(dialog, opener || document.activeElement);
    dialog.showModal();
    openDialogs.push(dialog);
    var first = dialog.querySelector('[autofocus]');
    if (!first || first.disabled) first = focusables(dialog)[0];
    if (first) first.focus();
  }

  function closeDialog(dialog) {
    if (dialog.open) dialog.close();
  }

  Array.prototype.forEach.call(document.querySelectorAll('dialog'), function (dialog) {
    dialog.addEventListener('close', function () {
      openDialogs = openDialogs.filter(function (open) { return open !== dialog; });
      var opener = openers.get(dialog);
      openers.delete(dialog);
      if (opener && typeof opener.focus === 'function' && document.contains(opener)) opener.focus();
      dialog.dispatchEvent(new CustomEvent('dialog-closed'));
    });
    Array.prototype.forEach.call(dialog.querySelectorAll('[data-close-dialog]'), function (button) {
      button.addEventListener('click', function () { closeDialog(dialog); });
    });
  });

  // Tab and Shift+Tab stay inside the top dialog (showModal makes the page inert, but Tab
  // would still reach the browser's own controls).
  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Tab' || !openDialogs.length) return;
    var dialog = openDialogs[openDialogs.length - 1];
    var items = focusables(dialog);
    if (!items.length) { event.preventDefault(); return; }
    var first = items[0];
    var last = items[items.length - 1];
    var active = document.activeElement;
    if (event.shiftKey && (active === first || !dialog.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !dialog.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  });

  function clearErrors(container) {
    Array.prototype.forEach.call(container.querySelectorAll('[data-error-for]'), function (box) {
      box.textContent = '';
      box.hidden = true;
      var control = document.getElementById(box.getAttribute('data-error-for'));
      if (control) control.removeAttribute('aria-invalid');
    });
    Array.prototype.forEach.call(container.querySelectorAll('[data-dialog-error]'), function (box) {
      box.textContent = '';
      box.hidden = true;
    });
  }

  /** Shows each message next to the control it names (ids in fieldIds), the rest at the top. */
  function showErrors(container, error, fieldIds) {
    var general = [];
    var firstInvalid = null;
    fieldErrors(error).forEach(function (item) {
      var id = item.field && fieldIds[item.field];
      var box = id && container.querySelector('[data-error-for="' + id + '"]');
      if (!box) { general.push(item.message); return; }
      box.textContent = box.textContent ? box.textContent + ' ' + item.message : item.message;
      box.hidden = false;
      var control = document.getElementById(id);
      if (control) {
        control.setAttribute('aria-invalid', 'true');
        if (!firstInvalid) firstInvalid = control;
      }
    });
    var summary = container.querySelector('[data-dialog-error]');
    if (general.length && summary) {
      summary.textContent = general.join(' ');
      summary.hidden = false;
    }
    if (firstInvalid && !firstInvalid.disabled) firstInvalid.focus();
  }

  function busy(button, on) {
    button.disabled = on;
    button.setAttribute('aria-busy', on ? 'true' : 'false');
  }

  // ---- /admin: the tenants ------------------------------------------------------------

  if (root.getAttribute('data-page') === 'tenants') {
    var list = root.querySelector('[data-tenant-list]');
    api('GET', '/api/v1/msps/' + enc(mspId) + '/tenants').then(function (data) {
      var items = (data && data.items) || [];
      list.textContent = '';
      items.forEach(function (tenant) {
        var item = el('li');
        var link = el('a', tenant.name);
        link.href = '/admin/tenants/' + enc(tenant.id) + '/users';
        item.appendChild(link);
        if (tenant.status && tenant.status !== 'active') item.appendChild(el('span', tenant.status, 'badge'));
        list.appendChild(item);
      });
      setStatus(items.length ? items.length + (items.length === 1 ? ' tenant' : ' tenants') : 'Your MSP has no tenants yet.');
    }).catch(function (error) { showPageError('Could not load the tenants', error.message); });
    return;
  }

  // ---- /admin/tenants/:id/users -------------------------------------------------------

  var roles = [];
  var roleNames = {};
  var cursor = null;
  var shown = 0;
  var link = null;
  var tbody = root.querySelector('[data-users]');
  var usersCount = root.querySelector('[data-users-count]');
  var loadMore = root.querySelector('[data-load-more]');
  var dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

  function fillRoleSelect(select) {
    var keep = select.value;
    var placeholder = select.querySelector('option[value=""]');
    select.textContent = '';
    if (placeholder) select.appendChild(placeholder);
    [['Built-in roles', true], ['Custom roles', false]].forEach(function (group) {
      var matching = roles.filter(function (role) { return Boolean(role.builtIn) === group[1]; });
      if (!matching.length) return;
      var optgroup = document.createElement('optgroup');
      optgroup.label = group[0];
      matching.forEach(function (role) {
        var option = el('option', role.name);
        option.value = role.id;
        optgroup.appendChild(option);
      });
      select.appendChild(optgroup);
    });
    select.value = keep;
  }

  function cell(row, label, content) {
    var td = el('td');
    td.setAttribute('data-label', label);
    if (typeof content === 'string') td.textContent = content;
    else td.appendChild(content);
    row.appendChild(td);
  }

  function addUserRow(user) {
    var row = el('tr');
    row.setAttribute('data-user-id', user.userId);
    row.setAttribute('data-joined-via', user.joinedVia);
    cell(row, 'Name', (user.firstName + ' ' + user.lastName).trim());
    cell(row, 'Email', user.email);
    cell(row, 'Role', roleNames[user.roleId] || user.roleId);
    var time = el('time', dateFormat.format(new Date(user.joinedAt)));
    time.setAttribute('datetime', user.joinedAt);
    cell(row, 'Joined', time);
    cell(row, 'Joined via', S.joinedVia[user.joinedVia] || user.joinedVia);
    cell(row, 'Sign-in method', S.signInMethods[user.signInMethod] || user.signInMethod);
    tbody.appendChild(row);
  }

  function usersUrl() {
    var url = '/api/v1/tenants/' + enc(tenantId) + '/users?limit=' + S.pageSize;
    return cursor ? url + '&cursor=' + enc(cursor) : url;
  }

  function showUsersPage(data, reset) {
    if (reset) { tbody.textContent = ''; shown = 0; }
    (data.items || []).forEach(addUserRow);
    shown += (data.items || []).length;
    cursor = data.nextCursor || null;
    loadMore.hidden = !cursor;
    usersCount.textContent = shown === 0
      ? 'No users yet.'
      : 'Showing ' + shown + (shown === 1 ? ' user' : ' users') + (cursor ? '; more below.' : '.');
  }

  function reloadUsers() {
    cursor = null;
    return api('GET', usersUrl()).then(function (data) { showUsersPage(data, true); });
  }

  loadMore.addEventListener('click', function () {
    busy(loadMore, true);
    api('GET', usersUrl()).then(function (data) {
      var firstNew = shown;
      showUsersPage(data, false);
      var row = tbody.rows[firstNew];
      if (row) { row.tabIndex = -1; row.focus(); }
    }).catch(function (error) {
      showPageError('Could not load more users', error.message);
    }).then(function () { busy(loadMore, false); });
  });

  function showTenantName(name) {
    Array.prototype.forEach.call(document.querySelectorAll('[data-tenant-name]'), function (node) { node.textContent = name; });
    document.title = name + ': users';
  }

  function tenantFound() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-needs-tenant]'), function (node) { node.hidden = false; });
  }

  Promise.all([
    api('GET', '/api/v1/tenants/' + enc(tenantId) + '/users?limit=' + S.pageSize),
    api('GET', '/api/v1/tenants/' + enc(tenantId) + '/roles'),
    api('GET', '/api/v1/msps/' + enc(mspId) + '/tenants').catch(function () { return { items: [] }; })
  ]).then(function (results) {
    roles = (results[1] && results[1].items) || [];
    roleNames = {};
    roles.forEach(function (role) { roleNames[role.id] = role.name; });
    Array.prototype.forEach.call(document.querySelectorAll('[data-role-select]'), fillRoleSelect);
    var tenant = ((results[2] && results[2].items) || []).filter(function (item) { return item.id === tenantId; })[0];
    showTenantName(tenant ? tenant.name : 'This tenant');
    showUsersPage(results[0], true);
    setStatus('');
    tenantFound();
    if (window.location.hash === '#invite-link') openInviteLink(document.querySelector('[data-open-dialog="invite-link-dialog"]'));
  }).catch(function (error) {
    if (error.status === 404) {
      showTenantName('Tenant not found');
      showPageError('Tenant not found', 'There is no such tenant among your MSP\'s tenants.');
    } else {
      showPageError('Could not load this tenant', error.message);
    }
  });

  // ---- Add Users ----------------------------------------------------------------------

  var addDialog = document.getElementById('add-user-dialog');
  var addForm = addDialog.querySelector('form');
  var ADD_FIELDS = {
    email: 'add-user-email', firstName: 'add-user-firstName', lastName: 'add-user-lastName',
    password: 'add-user-password', roleId: 'add-user-roleId'
  };

  document.querySelector('[data-open-dialog="add-user-dialog"]').addEventListener('click', function (event) {
    clearErrors(addDialog);
    openDialog(addDialog, event.currentTarget);
  });

  addForm.addEventListener('submit', function (event) {
    event.preventDefault();
    clearErrors(addDialog);
    var body = {};
    Object.keys(ADD_FIELDS).forEach(function (field) { body[field] = document.getElementById(ADD_FIELDS[field]).value; });
    if (!body.roleId) {
      showErrors(addDialog, { body: { field: 'roleId', message: 'Choose a role for the new user.' }, message: '' }, ADD_FIELDS);
      return;
    }
    var submit = addForm.querySelector('button[type="submit"]');
    busy(submit, true);
    api('POST', '/api/v1/tenants/' + enc(tenantId) + '/users', body).then(function () {
      addForm.reset();
      closeDialog(addDialog);
      setStatus('Added ' + body.firstName + ' ' + body.lastName + ' (' + body.email + ').');
      return reloadUsers();
    }).catch(function (error) {
      if (addDialog.open) showErrors(addDialog, error, ADD_FIELDS);
      else showPageError('Could not reload the users', error.message);
    }).then(function () { busy(submit, false); });
  });

  // ---- Invite Link --------------------------------------------------------------------

  var linkDialog = document.getElementById('invite-link-dialog');
  var linkForm = linkDialog.querySelector('form');
  var toggle = document.getElementById('invite-link-enabled');
  var toggleHint = document.getElementById('invite-link-enabled-hint');
  var unavailable = document.getElementById('invite-link-unavailable');
  var roleSelect = document.getElementById('invite-link-role');
  var domains = document.getElementById('invite-link-domains');
  var linkSection = linkDialog.querySelector('[data-link-section]');
  var urlInput = document.getElementById('invite-link-url');
  var copyButton = linkDialog.querySelector('[data-copy]');
  var copyStatus = linkDialog.querySelector('[data-copy-status]');
  var dialogStatus = linkDialog.querySelector('[data-dialog-status]');
  var saveButton = linkDialog.querySelector('[data-save]');
  var revokeDialog = document.getElementById('revoke-dialog');
  // Present only when Microsoft sign-in is configured.
  var microsoftTenants = document.getElementById('invite-link-microsoft-tenants');
  // Microsoft sign-in keeps other organizations out of a domain-restricted link only through
  // Microsoft's verified-email claim; the organizations list is what closes it for certain.
  var microsoftAdvice = null;
  if (microsoftTenants) {
    microsoftAdvice = document.createElement('p');
    microsoftAdvice.className = 'hint advice';
    microsoftAdvice.id = 'invite-link-microsoft-tenants-advice';
    microsoftAdvice.hidden = true;
    microsoftAdvice.textContent = 'Recommended: email domains are set, so also list the Microsoft organizations that own them. ' +
      'Without this list, a Microsoft account from any organization is accepted when Microsoft reports its address at these domains as verified.';
    microsoftTenants.insertAdjacentElement('afterend', microsoftAdvice);
    microsoftTenants.setAttribute('aria-describedby', (microsoftTenants.getAttribute('aria-describedby') || '') + ' ' + microsoftAdvice.id);
  }
  var LINK_FIELDS = {
    enabled: 'invite-link-enabled',
    defaultRoleId: 'invite-link-role',
    allowedDomains: 'invite-link-domains',
    allowedMicrosoftTenantIds: 'invite-link-microsoft-tenants'
  };

  function updateToggle() {
    var available = Boolean(link && link.available);
    var hasRole = roleSelect.value !== '';
    toggle.disabled = !available || !hasRole;
    if (!available) toggle.checked = false;
    toggle.closest('.switch-field').classList.toggle('is-disabled', toggle.disabled);
    toggleHint.hidden = !available;
    toggleHint.textContent = hasRole
      ? 'When on, anyone with the link can create an account in this tenant.'
      : 'Choose a default role before turning it on.';
    unavailable.hidden = available || !link;
    unavailable.textContent = link && !available ? link.unavailableReason || 'Not available for this tenant.' : '';
  }

  function showLink(value) {
    link = value;
    toggle.checked = Boolean(link.enabled);
    roleSelect.value = link.defaultRoleId || '';
    // A role, once chosen, can be changed but not unset.
    var placeholder = roleSelect.querySelector('option[value=""]');
    if (placeholder) placeholder.disabled = Boolean(link.defaultRoleId);
    domains.value = (link.allowedDomains || []).join('\n');
    if (microsoftTenants) microsoftTenants.value = (link.allowedMicrosoftTenantIds || []).join('\n');
    updateToggle();
    updateMicrosoftAdvice();
    if (link.url) {
      urlInput.value = link.url;
      linkSection.hidden = false;
    } else {
      urlInput.value = '';
      linkSection.hidden = true;
    }
    copyStatus.textContent = '';
    copyButton.textContent = 'Copy';
  }

  function setDialogStatus(text) { dialogStatus.textContent = text || ''; }

  function openInviteLink(opener) {
    clearErrors(linkDialog);
    setDialogStatus('Loading the invite link…');
    linkForm.setAttribute('aria-busy', 'true');
    openDialog(linkDialog, opener);
    api('GET', '/api/v1/tenants/' + enc(tenantId) + '/invite-link').then(function (value) {
      showLink(value);
      setDialogStatus(value.enabled ? 'Automatic Account Creation is on.' : 'Automatic Account Creation is off.');
    }).catch(function (error) {
      showErrors(linkDialog, error, LINK_FIELDS);
      setDialogStatus('');
    }).then(function () { linkForm.removeAttribute('aria-busy'); });
  }

  document.querySelector('[data-open-dialog="invite-link-dialog"]').addEventListener('click', function (event) {
    openInviteLink(event.currentTarget);
  });

  linkDialog.addEventListener('dialog-closed', function () {
    if (window.location.hash === '#invite-link') history.replaceState(null, '', window.location.pathname + window.location.search);
  });

  roleSelect.addEventListener('change', updateToggle);

  function countDomains() {
    var seen = {};
    domains.value.split(/[\s,]+/).forEach(function (entry) {
      var domain = entry.trim().toLowerCase().replace(/^@/, '');
      if (domain) seen[domain] = true;
    });
    return Object.keys(seen).length;
  }

  function updateMicrosoftAdvice() {
    if (!microsoftAdvice) return;
    microsoftAdvice.hidden = !(countDomains() > 0 && microsoftTenants.value.trim() === '');
  }
  if (microsoftTenants) microsoftTenants.addEventListener('input', updateMicrosoftAdvice);

  domains.addEventListener('input', function () {
    updateMicrosoftAdvice();
    var box = linkDialog.querySelector('[data-error-for="invite-link-domains"]');
    var count = countDomains();
    if (count > 50) {
      box.textContent = count + ' domains: at most 50 are allowed per tenant.';
      box.hidden = false;
      domains.setAttribute('aria-invalid', 'true');
    } else if (box.textContent.indexOf('at most 50') >= 0) {
      box.textContent = '';
      box.hidden = true;
      domains.removeAttribute('aria-invalid');
    }
  });

  linkForm.addEventListener('submit', function (event) {
    event.preventDefault();
    if (!link) return;
    clearErrors(linkDialog);
    var body = { allowedDomains: domains.value };
    if (microsoftTenants) body.allowedMicrosoftTenantIds = microsoftTenants.value;
    if (roleSelect.value) body.defaultRoleId = roleSelect.value;
    if (!toggle.disabled) body.enabled = toggle.checked;
    busy(saveButton, true);
    setDialogStatus('Saving…');
    api('PUT', '/api/v1/tenants/' + enc(tenantId) + '/invite-link', body).then(function (value) {
      var wasEnabled = link.enabled;
      showLink(value);
      setDialogStatus(
        value.enabled && !wasEnabled ? 'Saved. Automatic Account Creation is on: copy the link below.'
          : !value.enabled && wasEnabled ? 'Saved. Automatic Account Creation is off: the link no longer works.'
            : 'Saved.'
      );
    }).catch(function (error) {
      setDialogStatus('');
      showErrors(linkDialog, error, LINK_FIELDS);
    }).then(function () { busy(saveButton, false); });
  });

  function copied(ok) {
    copyStatus.textContent = ok ? 'Copied' : 'Could not copy automatically: the link is selected, press Ctrl+C (or Cmd+C) to copy it.';
    copyButton.textContent = ok ? 'Copied' : 'Copy';
    if (ok) {
      window.setTimeout(function () { copyButton.textContent = 'Copy'; }, 4000);
    }
  }

  function copyBySelection() {
    urlInput.focus();
    urlInput.select();
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (ignored) { ok = false; }
    copied(ok);
  }

  copyButton.addEventListener('click', function () {
    copyStatus.textContent = '';
    var text = urlInput.value;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { copied(true); }, copyBySelection);
    } else {
      copyBySelection();
    }
  });

  linkDialog.querySelector('[data-open-revoke]').addEventListener('click', function (event) {
    clearErrors(revokeDialog);
    openDialog(revokeDialog, event.currentTarget);
  });

  revokeDialog.querySelector('[data-confirm-revoke]').addEventListener('click', function (event) {
    var button = event.currentTarget;
    clearErrors(revokeDialog);
    busy(button, true);
    api('POST', '/api/v1/tenants/' + enc(tenantId) + '/invite-link/regenerate').then(function (value) {
      showLink(value);
      closeDialog(revokeDialog);
      setDialogStatus('A new link was generated. The old link no longer works.');
    }).catch(function (error) {
      showErrors(revokeDialog, error, {});
    }).then(function () { busy(button, false); });
  });
})();
`;
