/**
 * The invite-link history view (served as /assets/admin-history.<hash>.js). The page is a shell;
 * this script reads everything through the public HTTP API with the session cookie (docs/http-api.md:
 * no second path to the data): the history (oldest first, shown newest first), the roles (for
 * their names), the users (for the names of those who joined) and `?at=` replays for the
 * "state at" picker. It builds the DOM with textContent only, never innerHTML.
 * Plain ES2019, no eval, no inline handlers.
 */
const texts = {
  reasons: {
    admin: 'turned off by an admin',
    sso_configured: 'SSO configured',
    tenant_canceled: 'tenant canceled',
  },
  actors: {
    msp_admin: 'MSP admin',
    new_user: 'new user',
    operator: 'platform operator',
    system: 'automatic',
    user: 'user',
  },
  methods: {
    password: 'with email and password',
    microsoft: 'with Microsoft',
  },
  loadProblems: {
    0: 'The server could not be reached. Check your connection, then reload the page.',
    401: 'Your session has ended. Sign in again to see the history.',
    403: "You are not allowed to see this tenant's invite link. Only administrators of the tenant's MSP can.",
    404: 'This tenant does not exist, or it does not belong to your MSP.',
    429: 'Too many requests. Wait a minute, then reload the page.',
  },
  loadFailed: 'The history could not be loaded. Reload the page to try again.',
};

export const ADMIN_HISTORY_JS = `(function () {
  'use strict';
  var T = ${JSON.stringify(texts)};
  var root = document.getElementById('history-app');
  if (!root || !window.fetch) return;

  var tenantId = root.getAttribute('data-tenant-id') || '';
  var mspId = root.getAttribute('data-msp-id') || '';
  var api = '/api/v1/tenants/' + encodeURIComponent(tenantId);
  var statusBox = byId('history-status');
  var errorBox = byId('history-error');
  var timeline = byId('timeline');
  var filter = byId('history-filter');
  var count = byId('timeline-count');
  var form = byId('state-at-form');
  var input = byId('state-at-input');
  var atError = byId('state-at-error');
  var result = byId('state-at-result');
  var resultTitle = byId('state-at-result-title');
  var facts = byId('state-at-facts');
  var roles = {};
  var people = {};
  var items = [];
  var dateFormat = window.Intl && Intl.DateTimeFormat
    ? new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' })
    : null;

  function byId(id) { return document.getElementById(id); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function ApiError(status, message) {
    this.status = status;
    this.message = message;
  }

  function getJson(url) {
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(
      function (response) {
        return response.text().then(function (text) {
          var body = null;
          try { body = text ? JSON.parse(text) : null; } catch (ignored) { body = null; }
          if (!response.ok) {
            var message = body && body.message;
            throw new ApiError(response.status, Array.isArray(message) ? message.join(' ') : message || null);
          }
          return body;
        });
      },
      function () { throw new ApiError(0, null); }
    );
  }

  function optional(promise) { return promise.then(null, function () { return null; }); }

  function loadProblem(error) {
    var status = error && typeof error.status === 'number' ? error.status : -1;
    return T.loadProblems[status] || T.loadFailed;
  }

  // ---- names ----------------------------------------------------------------------------

  function roleName(id) {
    if (id === null || id === undefined) return 'none';
    return Object.prototype.hasOwnProperty.call(roles, id) ? roles[id] : id;
  }

  function personName(id) {
    return Object.prototype.hasOwnProperty.call(people, id) ? people[id] : 'User ' + id;
  }

  function loadPeople() {
    var pages = 0;
    function next(cursor) {
      var url = api + '/users?limit=100' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '');
      return getJson(url).then(function (page) {
        (page && page.items || []).forEach(function (user) {
          var name = [user.firstName, user.lastName].filter(Boolean).join(' ');
          people[user.userId] = name || user.email || user.userId;
        });
        pages += 1;
        if (page && page.nextCursor && pages < 50) return next(page.nextCursor);
        return null;
      });
    }
    return next(null);
  }

  function loadRoles() {
    return getJson(api + '/roles').then(function (body) {
      (body && body.items || []).forEach(function (role) { roles[role.id] = role.name; });
    });
  }

  function loadTenantName() {
    if (!mspId) return Promise.resolve(null);
    return getJson('/api/v1/msps/' + encodeURIComponent(mspId) + '/tenants').then(function (body) {
      var found = (body && body.items || []).filter(function (tenant) { return tenant.id === tenantId; })[0];
      if (!found) return;
      var heading = root.querySelector('[data-tenant-heading]');
      if (heading) heading.textContent = ': ' + found.name;
      var crumb = document.querySelector('[data-tenant-name]');
      if (crumb) crumb.textContent = found.name;
      document.title = 'Invite link history: ' + found.name;
    });
  }

  // ---- time -----------------------------------------------------------------------------

  function readable(date) { return dateFormat ? dateFormat.format(date) : date.toString(); }

  function pad(n) { return (n < 10 ? '0' : '') + n; }

  /** The value a datetime-local input shows for an instant, in local time, to the second. */
  function inputValueOf(date) {
    return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) +
      'T' + pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds());
  }

  function showTimeZone() {
    var zone = dateFormat && dateFormat.resolvedOptions ? dateFormat.resolvedOptions().timeZone : '';
    var slot = root.querySelector('[data-time-zone]');
    if (zone && slot) slot.textContent = ' (' + zone + ')';
  }

  function timeElement(iso) {
    var node = el('time', null, readable(new Date(iso)));
    node.setAttribute('datetime', iso);
    return node;
  }

  // ---- the timeline ---------------------------------------------------------------------

  function list(values) { return values.join(', '); }

  function describe(item) {
    var data = item.data || {};
    switch (item.type) {
      case 'InviteLinkEnabled':
        return { what: 'Link enabled' };
      case 'InviteLinkDisabled':
        return { what: 'Link disabled (reason: ' + (T.reasons[data.reason] || data.reason || 'not recorded') + ')' };
      case 'InviteLinkDefaultRoleChanged':
        return {
          what: data.from
            ? 'Default role changed from ' + roleName(data.from) + ' to ' + roleName(data.to)
            : 'Default role set to ' + roleName(data.to),
        };
      case 'InviteLinkAllowedDomainsChanged': {
        var added = data.added || [];
        var removed = data.removed || [];
        var domains = data.domains || [];
        var parts = [];
        if (added.length) parts.push('Domains added: ' + list(added));
        if (removed.length) parts.push((parts.length ? 'removed: ' : 'Domains removed: ') + list(removed));
        return {
          what: parts.join('; ') || 'Allowed domains saved without changes',
          detail: domains.length ? 'Allowed now: ' + list(domains) : 'Allowed now: any email domain',
        };
      }
      case 'InviteLinkMicrosoftTenantsChanged': {
        var tidsAdded = data.added || [];
        var tidsRemoved = data.removed || [];
        var tids = data.tenantIds || [];
        var changes = [];
        if (tidsAdded.length) changes.push('Microsoft tenants added: ' + list(tidsAdded));
        if (tidsRemoved.length) changes.push((changes.length ? 'removed: ' : 'Microsoft tenants removed: ') + list(tidsRemoved));
        return {
          what: changes.join('; ') || 'Allowed Microsoft tenants saved without changes',
          detail: tids.length ? 'Allowed now: ' + list(tids) : 'Allowed now: any Microsoft tenant',
        };
      }
      case 'InviteLinkRegenerated':
        return { what: 'Link regenerated (the previous link stopped working)' };
      case 'MemberJoinedViaInviteLink':
        return {
          what: personName(data.userId) + ' joined via the link ' + (T.methods[data.method] || 'with ' + data.method),
          detail: 'Role given: ' + roleName(data.roleId),
        };
      default:
        return { what: item.type };
    }
  }

  function actorLine(actor) {
    actor = actor || { type: 'system' };
    var line = el('p', 'event-who');
    line.appendChild(document.createTextNode('By '));
    line.appendChild(el('span', 'actor-type', actor.type));
    if (actor.id) {
      line.appendChild(document.createTextNode(' '));
      line.appendChild(el('code', 'actor-id', actor.id));
    }
    var label = actor.type === 'new_user' && actor.id && Object.prototype.hasOwnProperty.call(people, actor.id)
      ? people[actor.id]
      : T.actors[actor.type];
    if (label) line.appendChild(document.createTextNode(' (' + label + ')'));
    return line;
  }

  function entry(item, index) {
    var described = describe(item);
    var li = el('li', 'event');
    li.setAttribute('data-type', item.type);
    var when = el('p', 'event-when');
    when.appendChild(timeElement(item.at));
    when.appendChild(el('span', 'event-iso', item.at));
    li.appendChild(when);
    var what = el('p', 'event-what', described.what);
    what.id = 'event-' + index;
    li.appendChild(what);
    if (described.detail) li.appendChild(el('p', 'event-detail', described.detail));
    li.appendChild(actorLine(item.actor));
    var button = el('button', 'secondary small', 'Show the link after this change');
    button.type = 'button';
    button.setAttribute('data-at', item.at);
    button.setAttribute('aria-describedby', what.id);
    li.appendChild(button);
    return li;
  }

  function plural(n) { return n + (n === 1 ? ' change' : ' changes'); }

  function applyFilter() {
    var type = filter.value;
    var shown = 0;
    Array.prototype.forEach.call(timeline.children, function (li) {
      var match = type === 'all' || li.getAttribute('data-type') === type;
      li.hidden = !match;
      if (match) shown += 1;
    });
    if (!items.length) count.textContent = 'No changes yet: the invite link has never been configured.';
    else if (!shown) count.textContent = 'No changes of this type (0 of ' + plural(items.length) + ').';
    else if (shown === items.length) count.textContent = 'Showing all ' + plural(items.length) + ', newest first.';
    else count.textContent = 'Showing ' + shown + ' of ' + plural(items.length) + ', newest first.';
  }

  function rememberFilter() {
    if (!window.history || !window.URLSearchParams) return;
    var params = new URLSearchParams(window.location.search);
    if (filter.value === 'all') params.delete('type');
    else params.set('type', filter.value);
    var query = params.toString();
    window.history.replaceState(null, '', window.location.pathname + (query ? '?' + query : ''));
  }

  function renderTimeline(history) {
    // The API lists the stream in order; reversed, the last change of one instant comes first.
    items = (history && history.items || []).slice().reverse();
    items.forEach(function (item, index) { timeline.appendChild(entry(item, index)); });
    if (window.URLSearchParams) {
      var wanted = new URLSearchParams(window.location.search).get('type');
      var known = Array.prototype.some.call(filter.options, function (option) { return option.value === wanted; });
      if (wanted && known) filter.value = wanted;
    }
    applyFilter();
  }

  // ---- state at -------------------------------------------------------------------------

  function showAtError(message) {
    atError.textContent = message;
    atError.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    result.hidden = true;
    input.focus();
  }

  function clearAtError() {
    atError.textContent = '';
    atError.hidden = true;
    input.removeAttribute('aria-invalid');
  }

  function fact(term, value) {
    facts.appendChild(el('dt', null, term));
    var dd = el('dd', null, value);
    dd.setAttribute('data-fact', term);
    facts.appendChild(dd);
  }

  function showStateAt(iso) {
    clearAtError();
    result.setAttribute('aria-busy', 'true');
    getJson(api + '/invite-link?at=' + encodeURIComponent(iso)).then(function (link) {
      result.removeAttribute('aria-busy');
      resultTitle.textContent = '';
      resultTitle.appendChild(document.createTextNode('The link at '));
      resultTitle.appendChild(timeElement(iso));
      resultTitle.appendChild(el('span', 'event-iso', iso));
      facts.textContent = '';
      fact('Link', link.enabled ? 'Enabled' : 'Disabled');
      fact('Default role', link.defaultRoleId ? roleName(link.defaultRoleId) : 'None chosen');
      fact('Allowed domains', link.allowedDomains && link.allowedDomains.length ? list(link.allowedDomains) : 'Any email domain');
      if (Array.isArray(link.allowedMicrosoftTenantIds)) {
        fact('Allowed Microsoft tenants', link.allowedMicrosoftTenantIds.length ? list(link.allowedMicrosoftTenantIds) : 'Any Microsoft tenant');
      }
      fact('Available', link.available ? 'Yes' : 'No: ' + (link.unavailableReason || 'not available'));
      result.hidden = false;
      resultTitle.focus();
    }, function (error) {
      result.removeAttribute('aria-busy');
      if (error && error.status === 404) showAtError('The tenant did not exist yet at that instant. Pick a later one.');
      else if (error && error.status === 400) showAtError('The server did not accept that instant' + (error.message ? ': ' + error.message : '.'));
      else showAtError(loadProblem(error));
    });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var value = input.value;
    if (!value) {
      showAtError(input.validity && input.validity.badInput
        ? 'Enter a complete date and time: day, month, year, hours and minutes.'
        : 'Enter a date and time.');
      return;
    }
    // A datetime-local value has no offset: ECMAScript reads it as local time.
    var date = new Date(value);
    if (isNaN(date.getTime())) { showAtError('Enter a valid date and time.'); return; }
    if (date.getTime() > Date.now()) { showAtError('Pick an instant in the past: the history cannot show the future.'); return; }
    showStateAt(date.toISOString());
  });

  timeline.addEventListener('click', function (event) {
    var target = event.target;
    var button = target && target.closest ? target.closest('button[data-at]') : null;
    if (!button) return;
    var at = button.getAttribute('data-at');
    input.value = inputValueOf(new Date(at));
    showStateAt(at);
  });

  filter.addEventListener('change', function () {
    applyFilter();
    rememberFilter();
  });

  // ---- start ----------------------------------------------------------------------------

  function fail(error) {
    statusBox.hidden = true;
    errorBox.textContent = '';
    errorBox.appendChild(el('p', null, loadProblem(error)));
    if (error && error.status === 401) {
      var again = el('a', null, 'Sign in');
      again.href = '/sign-in';
      errorBox.appendChild(el('p')).appendChild(again);
    }
    errorBox.hidden = false;
  }

  showTimeZone();
  getJson(api + '/invite-link/history').then(function (history) {
    // Names are a nicety: without them the ids are shown.
    return Promise.all([optional(loadRoles()), optional(loadPeople()), optional(loadTenantName())]).then(function () {
      renderTimeline(history);
      statusBox.hidden = true;
      Array.prototype.forEach.call(root.querySelectorAll('[data-needs-history]'), function (section) {
        section.hidden = false;
      });
      root.setAttribute('data-loaded', 'true');
    });
  }).then(null, fail);
})();
`;
