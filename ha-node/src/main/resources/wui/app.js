// Shared by every page: the API client (session cookie + CSRF token), the top bar that follows the
// node's status live, the navigation, and the standby rule (only local administration on a standby).
'use strict';

const hapair = (() => {
  let session = null;
  let latestStatus = null;
  const statusListeners = [];
  // The session's and the status's answers are a few kilobytes at most: one that takes longer is not coming, and the
  // page says the node cannot be reached rather than waiting on a stalled connection.
  const SESSION_PATIENCE_MILLIS = 5000;

  class ApiError extends Error {
    constructor(status, body) {
      super(body && body.error ? body.error : 'the node answered HTTP ' + status);
      this.status = status;
      this.fieldErrors = body && Array.isArray(body.errors) ? body.errors : [];
    }
  }

  async function call(method, path, body, options = {}) {
    const headers = { 'X-Hapair-Page': '1' };
    if (options.poll) headers['X-Hapair-Poll'] = '1';
    if (options.ifMatch) headers['If-Match'] = options.ifMatch;
    if (session) headers['X-CSRF-Token'] = session.csrfToken;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    let text;
    try {
      response = await fetch(path, { method, headers, credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: options.timeoutMillis ? AbortSignal.timeout(options.timeoutMillis) : undefined });
      // The answer's body too: one that stops coming is the same trouble as no answer.
      text = await response.text();
    } catch (e) {
      throw new ApiError(0, { error: 'cannot reach this node: it may be restarting or down' });
    }
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = { error: text }; }
    if (response.status === 401 && !options.allow401) {
      // Only a page that had a session can lose it; a first visit just goes to the login page.
      location.href = '/ui/login.html?' + (session ? 'ended=1&' : '') + 'next='
        + encodeURIComponent(location.pathname + location.search);
    }
    if (!response.ok) throw new ApiError(response.status, json);
    return json;
  }

  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else if (k === 'text') node.textContent = v;
      else node.setAttribute(k, v === true ? '' : v);
    }
    children.flat().forEach(c => node.append(c instanceof Node ? c : document.createTextNode(String(c ?? ''))));
    return node;
  };

  // The status API says null for "never"; a time at or before 1970 would be a "never" read as a date.
  const when = millis => millis > 0 ? new Date(millis).toLocaleString() : 'never';
  const ago = millis => {
    if (!(millis > 0)) return 'never';
    const s = Math.max(0, Math.round((Date.now() - millis) / 1000));
    return s < 60 ? s + ' s ago' : s < 3600 ? Math.round(s / 60) + ' min ago' : when(millis);
  };

  // A standby that the balancer reaches refuses synced writes (SettingsRoutes); the pages follow it.
  const localOnly = status => status.activity === 'standby' && status.connected;

  const activeNodeUrl = () => session && session.partnerUiUrl ? session.partnerUiUrl + location.pathname : null;

  const pages = [
    ['index.html', 'Home', false],
    ['ha-params.html', 'Cloud HA Parameters', false],
    ['virtual-services.html', 'Virtual Services', true],
    ['geo.html', 'GEO', true],
    ['conflicts.html', 'Conflicts', true],
    ['tools.html', 'Tools', false],
    ['local.html', 'Local Administration', false],
  ];

  function renderChrome() {
    const here = location.pathname.split('/').pop() || 'index.html';
    const bar = el('header', { class: 'topbar', role: 'banner' },
      el('a', { class: 'brand', href: '/ui/' }, 'ha-pair'),
      el('div', { class: 'node', id: 'top-node' }, session.nodeName),
      el('div', { class: 'state', id: 'top-state', 'aria-live': 'polite', 'aria-label': 'This node\'s state' }, '…'),
      el('div', { class: 'partner', id: 'top-partner', 'aria-label': 'Partner' }, ''),
      el('div', { class: 'sync', id: 'top-sync', 'aria-label': 'Settings sync' }, ''),
      el('div', { class: 'health', id: 'top-health', 'aria-label': 'This node\'s health' }, ''),
      el('button', { type: 'button', class: 'link', id: 'logout', onclick: logout }, 'Log out'));
    const nav = el('nav', { class: 'sidenav', 'aria-label': 'Pages' },
      pages.map(([href, label]) => el('a', { href, 'aria-current': href === here ? 'page' : null }, label)));
    document.body.prepend(bar, nav);
  }

  function renderTopBar(status, sync) {
    const state = document.getElementById('top-state');
    state.textContent = status.display;
    // Maintenance first: the node is out of service whatever the balancer sees of it.
    state.dataset.activity = status.maintenance ? 'maintenance' : status.connected ? status.activity : 'unconnected';
    const p = status.partner;
    document.getElementById('top-partner').textContent = !p ? 'no partner (HA off)'
      : 'Partner ' + (p.name || p.address) + ': ' + (p.liveness === 'alive' && p.mode
        ? cap(p.mode) + ' ' + p.activity : p.liveness);
    const syncEl = document.getElementById('top-sync');
    if (!sync || !sync.enabled) {
      syncEl.textContent = 'Sync off';
    } else {
      const why = sync.state === 'refused' ? ': ' + (sync.refusal || sync.partnerRefusal)
        : sync.state === 'conflicts' ? ' (' + sync.openConflicts + ')'
        : sync.state === 'pending' ? ' (' + sync.pendingChanges + ' changes)'
        : sync.state === 'warning' ? ' (partner ' + Math.round(sync.syncLagSeconds) + ' s behind, '
          + (sync.pendingChanges + sync.unsentChanges) + ' changes)' : '';
      syncEl.textContent = 'Sync: ' + sync.state + why;
      syncEl.dataset.state = sync.state;
    }
    // The worst health inputs by name: Warning only shows, Critical has handed the traffic over.
    const healthEl = document.getElementById('top-health');
    const h = status.health;
    const worst = h.inputs.filter(i => i.level === h.level).map(i => i.name);
    healthEl.textContent = 'Health: ' + h.level + (h.level === 'normal' ? '' : ' (' + worst.join(', ') + ')');
    healthEl.title = h.inputs.filter(i => i.level !== 'normal').map(i => i.name + ': ' + i.value + '; ' + i.why)
      .join('\n');
    healthEl.dataset.level = h.level;
  }

  const cap = s => s ? s[0].toUpperCase() + s.slice(1) : '';

  // Standby pages say so and point to the active node instead of showing forms that would be refused.
  // A page that also shows this node's own state (the data plane) marks only its synced part
  // data-needs="active"; a page that is all synced settings marks its body.
  function applyStandbyRule(status) {
    const main = document.querySelector('main');
    const whole = document.body.dataset.needs === 'active';
    const guarded = whole ? [main] : [...main.querySelectorAll('[data-needs="active"]')];
    if (!guarded.length) return;
    let notice = document.getElementById('standby-notice');
    const refuse = localOnly(status);
    guarded.forEach(part => { part.hidden = refuse; });
    if (refuse && !notice) {
      const url = activeNodeUrl();
      notice = el('section', { id: 'standby-notice', class: 'notice', role: 'alert' },
        el(whole ? 'h1' : 'h2', {}, 'This node is standby'),
        el('p', {}, 'standby: local administration only; make the change on the active node.'),
        url ? el('p', {}, el('a', { href: url, id: 'active-node-link' }, 'Open this page on the active node (' + session.partner + ')')) : '',
        el('p', {}, whole ? 'Here you can use Home, Cloud HA Parameters and Local Administration.'
          : 'What this node runs stays shown above; the settings are edited on the active node.'));
      guarded[0].before(notice);
    } else if (!refuse && notice) {
      notice.remove();
    }
  }

  async function poll() {
    try {
      const [status, sync] = await Promise.all([
        call('GET', '/api/v1/ha/status', undefined, { poll: true, timeoutMillis: SESSION_PATIENCE_MILLIS }),
        call('GET', '/api/v1/sync/status', undefined, { poll: true, timeoutMillis: SESSION_PATIENCE_MILLIS })]);
      latestStatus = status;
      renderTopBar(status, sync);
      applyStandbyRule(status);
      statusListeners.forEach(f => f(status, sync));
    } catch (e) {
      const state = document.getElementById('top-state');
      state.textContent = 'Unreachable';
      state.dataset.activity = 'down';
    }
  }

  async function logout() {
    await fetch('/ui/logout', { method: 'POST', headers: { 'X-CSRF-Token': session.csrfToken } });
    location.href = '/ui/login.html?loggedOut=1';
  }

  // A node that cannot be reached (restarting, or a connection that failed or hangs) is asked again every second,
  // and the page says so meanwhile: it fills in once the node answers instead of staying blank until a reload.
  async function sessionOnceReachable() {
    for (let said = false; ; ) {
      try {
        const answer = await call('GET', '/ui/session', undefined, { timeoutMillis: SESSION_PATIENCE_MILLIS });
        if (said) document.getElementById('flash').remove();
        return answer;
      } catch (e) {
        if (e.status !== 0) throw e;
        flash(e.message + '; trying again every second.', 'error');
        said = true;
        await new Promise(resolve => setTimeout(resolve, 1000));
      }
    }
  }

  // Every page starts here: no session means the login page.
  async function start(onStatus) {
    session = await sessionOnceReachable();
    renderChrome();
    if (onStatus) statusListeners.push(onStatus);
    await poll();
    setInterval(poll, 1000); // one second: the top bar should follow a failover as it happens
  }

  // Field errors from the API's 400 go next to their inputs (matched by data-field); the rest on top.
  function showErrors(form, error) {
    clearErrors(form);
    const unplaced = [];
    for (const fe of error.fieldErrors) {
      const input = form.querySelector('[data-field="' + CSS.escape(fe.field) + '"]');
      if (input) {
        const id = input.id + '-error';
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', id);
        input.closest('.field').append(el('p', { class: 'field-error', id, role: 'alert' }, fe.message));
      } else {
        unplaced.push((fe.field && fe.field !== 'body' ? fe.field + ': ' : '') + fe.message);
      }
    }
    if (!error.fieldErrors.length) unplaced.push(error.message);
    if (unplaced.length) {
      form.prepend(el('div', { class: 'form-error', role: 'alert' }, unplaced.map(m => el('p', {}, m))));
    }
  }

  function clearErrors(form) {
    form.querySelectorAll('.field-error, .form-error').forEach(n => n.remove());
    form.querySelectorAll('[aria-invalid]').forEach(n => { n.removeAttribute('aria-invalid'); n.removeAttribute('aria-describedby'); });
  }

  function flash(message, kind = 'ok') {
    const box = document.getElementById('flash') || document.querySelector('main').prepend(
      el('div', { id: 'flash', role: 'status', 'aria-live': 'polite' })) || document.getElementById('flash');
    box.className = 'flash ' + kind;
    box.textContent = message;
  }

  return { call, el, when, ago, start, showErrors, clearErrors, flash, cap, localOnly,
    status: () => latestStatus, session: () => session, ApiError };
})();
