// Home: both nodes side by side (this node's data plane and clock too), this node's health inputs, the balancer
// self-check's findings, the event log, this node's maintenance and self-check, switchover and sync now (with a
// partner only).
'use strict';

(() => {
  const { el, ago, cap } = hapair;
  let dataPlane = null;

  const row = (label, value) => [el('dt', {}, label), el('dd', {}, value)];

  // HAProxy's state and a refused configuration, with the page that shows the detail.
  function dataPlaneSummary() {
    if (!dataPlane) return '…';
    const h = dataPlane.health;
    const refused = dataPlane.configuration.rejectedAt != null;
    return el('span', { id: 'home-data-plane', 'data-state': h.state },
      'HAProxy ' + h.state + (h.state === 'running' ? '' : ': ' + h.reason)
        + (refused ? '; the stored virtual services were refused, the last good configuration serves' : '') + ' (',
      el('a', { href: 'virtual-services.html' }, 'Virtual Services'), ')');
  }

  async function readDataPlane() {
    try {
      dataPlane = await hapair.call('GET', '/api/v1/data-plane', undefined, { poll: true });
    } catch (e) {
      dataPlane = null;
    }
  }

  function thisNode(s) {
    return el('section', { class: 'card', 'aria-label': 'This node' },
      el('h2', {}, s.node + ' (this node)'),
      el('p', { class: 'state', 'data-activity': s.connected ? s.activity : 'unconnected' }, s.display),
      el('dl', {},
        row('Mode', cap(s.mode)),
        row('Activity', cap(s.activity)),
        row('Balancer probes', s.probesSeen + ', last ' + ago(s.lastProbe.at) + (s.lastProbe.source ? ' from ' + s.lastProbe.source : '')),
        row('Health', s.healthy ? 'healthy' : 'unhealthy: ' + (s.healthDetail || '')),
        row('Maintenance', s.maintenance ? 'in maintenance: answers 503, never takes over' : 'no'),
        s.selfCheck ? el('dt', {}, 'Self-check') : '', s.selfCheck ? selfCheck(s.selfCheck) : '',
        row('Data plane', dataPlaneSummary()),
        el('dt', {}, 'Clock'), clock(s.clock),
        row('Software', s.softwareVersion)),
      problems(s.configErrors, s.warnings));
  }

  // The self-detector: each target as checked from this node's address, the lost ones named in the summary.
  function selfCheck(c) {
    const lost = c.targets.filter(t => t.lost);
    return el('dd', { id: 'home-self-check', class: lost.length ? 'warn' : 'ok', 'data-lost': String(c.lost) },
      (lost.length ? 'Lost ' + lost.length + ' of ' + c.targets.length + ': '
        + lost.map(t => t.target + ' (' + t.lastResult + ')').join(', ')
        : 'All ' + c.targets.length + ' targets answer') + ', from ' + c.source);
  }

  // Enter or leave maintenance; the button says which, from the status the top bar polls.
  function maintenance(s) {
    document.getElementById('maintenance-state').textContent = s.maintenance
      ? 'This node is in maintenance: it answers 503 and never takes over, also after a restart, until it leaves.'
      : 'This node takes part in the pair as usual. In maintenance it hands over first (if active), then answers 503.';
    const toggle = document.getElementById('maintenance-toggle');
    toggle.textContent = s.maintenance ? 'Leave maintenance' : 'Enter maintenance';
    toggle.dataset.enabled = String(s.maintenance);
  }

  // The system clock as the host's chrony last described it. The sync's timestamps and certificate validity depend
  // on it: a clock that is not synchronised (or that chrony cannot tell about) is a warning.
  function clock(c) {
    const checked = c.checkedAt ? 'checked ' + ago(c.checkedAt) : 'not checked yet';
    if (c.synchronised) {
      return el('dd', { id: 'home-clock', class: 'ok', 'data-synchronised': 'true' },
        'Synchronised to ' + c.source + ' (stratum ' + c.stratum + '), ' + offset(c.offsetSeconds) + '; ' + checked);
    }
    return el('dd', { id: 'home-clock', class: 'warn', 'data-synchronised': 'false' },
      'Not synchronised (' + checked + '): the sync\'s timestamps and certificate validity depend on the clock;'
        + ' check the NTP servers (/api/v1/ntp-servers).',
      c.lastError ? el('div', { class: 'fix', id: 'home-clock-error' }, c.lastError) : '');
  }

  // chrony's "System time": how far the clock is behind NTP time (negative: ahead).
  function offset(seconds) {
    const ms = Math.abs(seconds) * 1000;
    // A synchronised clock is usually microseconds off: shown as 0 ms it would look unmeasured.
    const amount = ms < 1 ? Math.round(ms * 1000) + ' µs' : ms < 1000 ? (Math.round(ms * 10) / 10) + ' ms'
      : (Math.round(ms / 100) / 10) + ' s';
    return amount + (seconds < 0 ? ' ahead of' : ' behind') + ' NTP time';
  }

  function partnerNode(s) {
    const p = s.partner;
    if (!p) return el('section', { class: 'card' }, el('h2', {}, 'Partner'), el('p', {}, 'HA is off: this node has no partner.'));
    const alive = p.liveness === 'alive' && p.mode;
    return el('section', { class: 'card', 'aria-label': 'Partner node' },
      el('h2', {}, (p.name || 'Partner') + ' (' + p.address + ')'),
      el('p', { class: 'state', 'data-activity': alive ? p.activity : 'down' },
        alive ? cap(p.mode) + ' (' + cap(p.activity) + ')' : 'Partner ' + p.liveness),
      el('dl', {},
        row('Heartbeat', p.lastHeartbeatAt ? 'last ' + ago(p.lastHeartbeatAt) + (p.heartbeatRttMillis != null ? ', round trip ' + p.heartbeatRttMillis + ' ms' : '') : 'none yet'),
        row('Health', p.healthy == null ? 'unknown (' + (p.liveness === 'dead' ? 'partner dead' : 'not reported') + ')'
          : p.healthy ? 'healthy' : 'unhealthy'),
        row('Software', p.softwareVersion || 'unknown'),
        p.maintenance ? row('Maintenance', 'in maintenance') : '',
        p.lostTargets ? row('Self-check', 'lost ' + p.lostTargets + ' target(s)') : '',
        row('Peer link', s.peerLink ? (s.peerLink.outgoing || s.peerLink.incoming ? 'up' : 'down')
          + (s.peerLink.refused ? ', ' + s.peerLink.refused + ' refused' : '') : 'unknown')));
  }

  function problems(errors, warnings) {
    const items = errors.map(e => el('li', { class: 'error' }, e)).concat(warnings.map(w => el('li', { class: 'warning' }, w)));
    return items.length ? el('ul', { class: 'problems' }, items) : '';
  }

  // What the node's own run of `hanode cloud diagnose` found, each finding with its fix. Shown only when
  // balancer-check-topology is set; a failed run says why and never reads as a clean balancer.
  function balancerCheck(b) {
    const panel = document.getElementById('balancer-check');
    panel.hidden = !b.enabled;
    if (!b.enabled) return;
    const problems = b.findings.filter(f => f.severity === 'problem').length;
    const summary = {
      pending: 'First run under way.',
      ok: 'No problems found' + (b.findings.length ? '; ' + b.findings.length + ' warning(s).' : '.'),
      findings: problems + ' problem(s) found' + (b.findings.length > problems ? ', ' + (b.findings.length - problems) + ' warning(s).' : '.'),
      failed: 'The balancer could not be read: ' + b.message
        + (b.lastSuccessAt ? ' (last read ' + ago(b.lastSuccessAt) + ')' : ''),
    }[b.outcome];
    panel.replaceChildren(
      el('h2', {}, 'Cloud balancer check'),
      el('p', { id: 'balancer-check-outcome', 'data-outcome': b.outcome }, summary),
      b.lastRunAt ? el('p', { class: 'muted' }, 'Checked ' + ago(b.lastRunAt) + ', every '
        + Math.round(b.intervalSeconds / 60 * 10) / 10 + ' min, with ' + b.topology + '.') : '',
      b.findings.length ? el('ul', { class: 'problems', id: 'balancer-findings' }, b.findings.map(f =>
        el('li', { class: f.severity === 'problem' ? 'error' : 'warning' },
          el('strong', {}, f.subject), ': ' + f.problem,
          el('div', { class: 'fix' }, 'Fix: ' + f.fix)))) : '');
  }

  // Each measured input of this node's health with its level and the rule that gave it (README: Health levels).
  function health(h) {
    document.getElementById('health').replaceChildren(
      el('h2', {}, 'Health: ', el('span', { id: 'health-level', 'data-level': h.level }, cap(h.level))),
      el('table', { class: 'list health-inputs', id: 'health-inputs', 'aria-label': 'Health inputs' },
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Input'), el('th', { scope: 'col' }, 'Level'),
          el('th', { scope: 'col' }, 'Measured'), el('th', { scope: 'col' }, 'Why'))),
        el('tbody', {}, h.inputs.map(i => el('tr', { 'data-input': i.name },
          el('td', {}, i.name), el('td', { 'data-level': i.level }, cap(i.level)), el('td', {}, i.value),
          el('td', {}, i.why))))));
  }

  function events(s) {
    document.getElementById('events').replaceChildren(
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'When'), el('th', { scope: 'col' }, 'What'), el('th', { scope: 'col' }, 'Why'))),
      el('tbody', {}, s.events.slice().reverse().map(e =>
        el('tr', {}, el('td', { class: 'nowrap' }, hapair.when(e.at)), el('td', {}, e.kind), el('td', {}, e.message)))));
  }

  async function confirmThen(question, method, path, done) {
    if (!confirm(question)) return;
    try {
      const answer = await hapair.call(method, path, {});
      hapair.flash(done(answer));
    } catch (e) {
      hapair.flash(e.message, 'error');
    }
  }

  document.getElementById('switchover').addEventListener('click', () => confirmThen(
    'Switch over? The standby node becomes active; clients do not notice.', 'POST', '/api/v1/ha/switchover',
    a => 'Switchover started: ' + (a.detail || '')));
  document.getElementById('maintenance-toggle').addEventListener('click', async () => {
    const enter = document.getElementById('maintenance-toggle').dataset.enabled !== 'true';
    const force = document.getElementById('maintenance-force').checked;
    if (!confirm(enter ? 'Put this node in maintenance? If active, it hands over to its partner first.'
      : 'Take this node out of maintenance? The usual rules decide again.')) return;
    try {
      const answer = await hapair.call('PUT', '/api/v1/maintenance', { enabled: enter, force: enter && force });
      hapair.flash(answer.detail);
    } catch (e) {
      hapair.flash(e.message, 'error');
    }
  });
  document.getElementById('sync-now').addEventListener('click', () => confirmThen(
    'Compare all synced settings with the partner now?', 'POST', '/api/v1/sync/now',
    () => 'Full comparison with the partner started.'));

  hapair.start(s => {
    document.getElementById('nodes').replaceChildren(thisNode(s), partnerNode(s));
    // Switch over and Sync now need a partner; with HA off there is none to switch or sync with.
    document.getElementById('pair-actions').hidden = !s.partner;
    health(s.health);
    balancerCheck(s.balancer);
    maintenance(s);
    events(s);
  }).then(() => {
    readDataPlane();
    // Five seconds, as often as the node reads HAProxy's statistics for /metrics.
    setInterval(readDataPlane, 5000);
  });
})();
