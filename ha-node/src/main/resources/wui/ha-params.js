// Cloud HA Parameters: saved for the next start; validated by the node as a whole configuration.
'use strict';

(() => {
  const { el } = hapair;
  const form = document.getElementById('params-form');
  let runningCheckPort = null;

  const fields = [
    { name: 'ha-mode', label: 'HA mode', type: 'select', options: [['master', 'Master'], ['slave', 'Slave'], ['none', 'None (HA off)']] },
    { name: 'switch-to-preferred', label: 'Switch to preferred server', type: 'select',
      options: [['prefer-master', 'Prefer master'], ['none', 'No preemption']] },
    { name: 'partner', label: 'Partner address', help: 'the other node\'s primary address, or its DNS name' },
    { name: 'health-check-port', label: 'Health check port', type: 'number', help: 'probed by the cloud balancer; must be equal on both nodes' },
    { name: 'health-check-all-interfaces', label: 'Health check on all interfaces', type: 'checkbox' },
  ];

  // "from" already reads "flag --partner" or "environment variable HANODE_PARTNER"; a file is only its path.
  const sourceText = p => p.source === 'config-file' ? 'config file ' + p.from
    : p.source === 'saved' ? 'saved HA parameters' : p.from;
  const shown = v => v === null || v === undefined || v === '' ? '—' : String(v);

  // A flag or HANODE_* variable is set again at every start and wins over the saved value: say so, loudly.
  function showSources(params) {
    const labels = Object.fromEntries(fields.map(f => [f.name, f.label]));
    document.querySelector('#params-sources tbody').replaceChildren(...params.parameters.map(p => el('tr',
      { 'data-key': p.key },
      el('td', {}, labels[p.key] || p.key), el('td', { 'data-col': 'running' }, shown(p.running)),
      el('td', { 'data-col': 'saved' }, shown(p.saved)),
      el('td', { 'data-col': 'source' }, sourceText(p)))));
    document.getElementById('override-warnings').replaceChildren(...params.warnings.map(w =>
      el('p', { class: 'flash warning', role: 'alert' }, 'Saved value has no effect: ' + w + '.')));
  }

  async function load() {
    const params = await hapair.call('GET', '/api/v1/ha/params');
    const { running, saved } = params;
    showSources(params);
    runningCheckPort = running['health-check-port'];
    const values = { ...running };
    for (const [k, v] of Object.entries(saved)) values[k] = k === 'health-check-all-interfaces' ? v === 'true' || v === true : v;
    form.replaceChildren(...forms.build(fields, values),
      el('div', { class: 'buttons' }, el('button', { type: 'submit' }, 'Save for next start')));
  }

  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    hapair.clearErrors(form);
    try {
      const params = await hapair.call('PUT', '/api/v1/ha/params', forms.read(form));
      showSources(params);
      hapair.flash(params.warnings.length ? 'Saved, but a flag or environment variable overrides some of it: see the warnings above.'
        : 'Saved. The new values take effect when this node restarts (Local Administration > Restart).',
        params.warnings.length ? 'warning' : undefined);
    } catch (e) {
      hapair.showErrors(form, e);
    }
  });

  // The balancer probes one port on both nodes: a different port on the partner breaks failover.
  function checkPortWarning(status) {
    const partnerPort = status.partner && status.partner.checkPort;
    const box = document.getElementById('check-port-warning');
    box.replaceChildren(partnerPort && runningCheckPort && partnerPort !== runningCheckPort
      ? el('p', { class: 'flash warning', role: 'alert' }, 'The health check port differs from the partner\'s ('
        + runningCheckPort + ' here, ' + partnerPort + ' on ' + (status.partner.name || status.partner.address)
        + '): the balancer probes one port on both nodes, so set the same port on both.') : '');
  }

  hapair.start(status => {
    checkPortWarning(status);
    pairingPanel.show(status.pairing);
  }).then(load).catch(e => hapair.flash(e.message, 'error'));
})();
