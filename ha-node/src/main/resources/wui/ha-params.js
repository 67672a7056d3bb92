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
    { name: 'partner', label: 'Partner address', help: 'the other node\'s primary address' },
    { name: 'health-check-port', label: 'Health check port', type: 'number', help: 'probed by the cloud balancer; must be equal on both nodes' },
    { name: 'health-check-all-interfaces', label: 'Health check on all interfaces', type: 'checkbox' },
  ];

  async function load() {
    const { running, saved } = await hapair.call('GET', '/api/v1/ha/params');
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
      await hapair.call('PUT', '/api/v1/ha/params', forms.read(form));
      hapair.flash('Saved. The new values take effect when this node restarts (Local Administration > Restart).');
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

  hapair.start(checkPortWarning).then(load).catch(e => hapair.flash(e.message, 'error'));
})();
