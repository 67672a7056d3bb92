// Virtual Services: this node's data plane as HAProxy runs it (its health, a refused configuration,
// each virtual service and real server as HAProxy sees it, and the runtime buttons), then the synced
// list with a form that has the real servers as rows.
'use strict';

const dataPlane = (() => {
  const { el, when } = hapair;
  let shown = null;

  const applied = {
    started: 'when HAProxy started', reloaded: 'by a hot reload', 'runtime-api': 'through the runtime API, without a reload',
    unchanged: 'unchanged',
  };

  const bytes = n => n < 1024 ? n + ' B' : n < 1048576 ? (n / 1024).toFixed(1) + ' KiB'
    : n < 1073741824 ? (n / 1048576).toFixed(1) + ' MiB' : (n / 1073741824).toFixed(1) + ' GiB';

  function health(h) {
    const p = document.getElementById('data-plane-health');
    p.dataset.state = h.state;
    p.replaceChildren(el('strong', {}, 'HAProxy ' + h.state), ' since ' + when(h.since) + (h.reason ? ': ' + h.reason : ''));
  }

  function configuration(c) {
    document.getElementById('data-plane-applied').textContent = c.appliedAt > 0
      ? 'Configuration applied ' + when(c.appliedAt) + ' (' + (applied[c.how] || c.how) + ').'
      : 'No configuration applied yet.';
    const box = document.getElementById('data-plane-refused');
    box.hidden = c.rejectedAt == null;
    if (c.rejectedAt == null) {
      box.replaceChildren();
      return;
    }
    box.replaceChildren(
      el('p', {}, el('strong', {}, 'HAProxy refused the stored virtual services ' + when(c.rejectedAt) + '. '),
        c.appliedAt > 0 ? 'It keeps serving the configuration applied ' + when(c.appliedAt) + '.' : 'Nothing is served yet.'),
      el('ul', { id: 'data-plane-rejections' }, c.rejections.map(r => el('li', { 'data-rejected-field': r.field },
        el('code', {}, r.field), ': ' + r.message))));
  }

  // The real server's administrative state decides which button makes a difference.
  const buttons = [['ready', 'Enable', s => s === 'up' || s === 'down'], ['drain', 'Drain', s => s === 'drain'],
    ['maint', 'Disable', s => s === 'maint']];
  const done = { ready: 'Enabled', drain: 'Draining', maint: 'Disabled' };

  async function change(service, server, state) {
    const which = server.address + ':' + server.port + ' of ' + service.name;
    try {
      await hapair.call('POST', '/api/v1/data-plane/real-servers',
        { virtualService: service.name, address: server.address, port: server.port, state });
      hapair.flash(done[state] + ' ' + which + ' on this node (not stored).');
    } catch (e) {
      hapair.flash(which + ': ' + e.message, 'error');
    }
    await refresh();
  }

  function serverRow(service, r) {
    const id = r.address + ':' + r.port;
    return el('tr', { class: 'real-server', 'data-vs': service.name, 'data-real-server': id },
      el('td', { class: 'name' }, id),
      el('td', { class: 'status', 'data-status': r.status },
        r.status + (r.statusText && r.statusText.toLowerCase() !== r.status ? ' (' + r.statusText + ')' : '')),
      el('td', { class: 'weight' }, r.weight),
      el('td', { class: 'sessions' }, r.currentSessions + ' / ' + r.totalSessions),
      el('td', { class: 'bytes' }, bytes(r.bytesIn) + ' / ' + bytes(r.bytesOut)),
      el('td', { class: 'last-check' }, r.lastCheck || 'none yet'),
      el('td', { class: 'check-failures' }, r.checkFailures),
      el('td', { class: 'actions' }, buttons.map(([state, label, current]) => el('button', {
        type: 'button', class: 'secondary', 'data-state': state, disabled: current(r.status),
        'aria-label': label + ' ' + id + ' of ' + service.name + ' on this node',
        onclick: () => change(service, r, state) }, label))));
  }

  function services(list, running) {
    const head = el('thead', {}, el('tr', {}, ['Virtual service / real server', 'Status', 'Weight',
      'Sessions (now / total)', 'Bytes (in / out)', 'Last check', 'Failed checks']
      .map(h => el('th', { scope: 'col' }, h)), el('th', { scope: 'col' }, el('span', { class: 'sr-only' }, 'Actions'))));
    const empty = text => el('tr', {}, el('td', { colspan: 8, class: 'empty' }, text));
    document.getElementById('data-plane-services').replaceChildren(head, el('tbody', {}, list.length === 0
      ? empty(running ? 'No virtual service runs on this node.' : 'HAProxy is not running: no virtual service is served.')
      : list.flatMap(s => [
        el('tr', { class: 'service', 'data-vs': s.name },
          el('th', { scope: 'row', class: 'name' }, s.name),
          el('td', { class: 'status', 'data-status': s.up ? 'up' : 'down' }, s.up ? 'up' : 'down'),
          el('td', {}, ''),
          el('td', { class: 'sessions' }, s.currentSessions + ' / ' + s.totalSessions),
          el('td', { class: 'bytes' }, bytes(s.bytesIn) + ' / ' + bytes(s.bytesOut)),
          el('td', { colspan: 3 }, '')),
        ...(s.realServers.length ? s.realServers.map(r => serverRow(s, r)) : [empty('no real servers')]),
      ])));
  }

  async function refresh() {
    try {
      const dp = await hapair.call('GET', '/api/v1/data-plane', undefined, { poll: true });
      // Drawn again only when something changed, so that a button is not replaced under the pointer.
      const text = JSON.stringify(dp);
      if (text === shown) return;
      shown = text;
      health(dp.health);
      configuration(dp.configuration);
      services(dp.services, dp.health.state === 'running');
    } catch (e) {
      shown = null;
      const p = document.getElementById('data-plane-health');
      p.dataset.state = 'unknown';
      p.textContent = 'Cannot read the data plane: ' + e.message;
    }
  }

  return { refresh };
})();

hapair.start().then(() => {
  dataPlane.refresh();
  // Three seconds: a real server's check runs every few seconds (5 s by default).
  setInterval(dataPlane.refresh, 3000);
  return forms.collection(document.getElementById('collection'), {
    type: 'virtual-services', title: 'Virtual services', item: 'virtual service', idField: 'name',
    columns: [
      ['Name', d => d.name],
      ['Published at', d => d.address + ':' + d.port],
      ['Protocol', d => d.protocol],
      ['Scheduling', d => d.scheduling],
      ['Real servers', d => (d.realServers || []).map(r => r.address + ':' + r.port).join(', ') || 'none'],
      ['Enabled', d => d.enabled === false ? 'no' : 'yes'],
    ],
    fields: [
      { name: 'name', label: 'Name' },
      { name: 'address', label: 'Published address', placeholder: '10.0.1.100',
        help: "the cloud balancer's frontend address clients use; each node listens on its own address" },
      { name: 'port', label: 'Port', type: 'number', placeholder: '443' },
      { name: 'protocol', label: 'Protocol', type: 'select', options: ['tcp', 'http', 'https'] },
      { name: 'certificates', label: 'Certificates', type: 'list', placeholder: 'www-example-com',
        help: 'https only: virtual-service certificate names, the default first' },
      { name: 'scheduling', label: 'Scheduling', type: 'select', optional: true,
        options: ['round-robin', 'weighted-round-robin', 'least-connection', 'weighted-least-connection', 'source-ip-hash'] },
      { name: 'persistence.mode', label: 'Persistence', type: 'select', optional: true, options: ['none', 'source-ip', 'cookie'] },
      { name: 'persistence.timeoutSeconds', label: 'Persistence timeout (s)', type: 'number',
        help: 'required for source-ip, optional for cookie (http and https only)' },
      { name: 'idleTimeoutSeconds', label: 'Idle timeout (s)', type: 'number', placeholder: '240' },
      { name: 'healthCheck.type', label: 'Health check', type: 'select', optional: true, options: ['tcp-connect', 'http'] },
      { name: 'healthCheck.method', label: 'Health check method', type: 'select', optional: true, options: ['GET', 'HEAD', 'POST'],
        help: 'http checks only' },
      { name: 'healthCheck.path', label: 'Health check path', placeholder: '/health', help: 'http checks only' },
      { name: 'healthCheck.expectedStatus', label: 'Expected status', type: 'number', placeholder: '200', help: 'http checks only' },
      { name: 'healthCheck.intervalSeconds', label: 'Check interval (s)', type: 'number', placeholder: '5' },
      { name: 'healthCheck.retries', label: 'Failed checks to take out', type: 'number', placeholder: '2' },
      { name: 'healthCheck.rise', label: 'Passed checks to take back', type: 'number', placeholder: '2' },
      { name: 'enabled', label: 'Enabled', type: 'checkbox', checked: true },
      { name: 'realServers', label: 'Real servers', type: 'rows', item: 'real server', fields: [
        { name: 'address', label: 'Address' },
        { name: 'port', label: 'Port', type: 'number' },
        { name: 'weight', label: 'Weight', type: 'number', placeholder: '1' },
        { name: 'enabled', label: 'Enabled', type: 'checkbox', checked: true },
        { name: 'backup', label: 'Backup', type: 'checkbox' },
      ] },
    ],
  });
});
