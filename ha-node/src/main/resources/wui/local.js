// Local Administration: this node's own settings (never synced), diagnostics and restart.
'use strict';

(() => {
  const { el, ago, when } = hapair;
  const singletons = document.getElementById('singletons');
  const addressList = { type: 'list', help: 'addresses with prefix length, such as 10.0.1.6/24, separated by commas' };

  async function diagnostics() {
    const list = document.getElementById('diagnostics-list');
    list.replaceChildren(el('dt', {}, 'Partner peer port'), el('dd', {}, 'checking…'));
    const [d, s] = await Promise.all([hapair.call('GET', '/api/v1/node/diagnostics'), hapair.call('GET', '/api/v1/ha/status')]);
    const item = (label, value, ok) => [el('dt', {}, label), el('dd', { class: ok === undefined ? '' : ok ? 'ok' : 'bad' }, value)];
    list.replaceChildren(
      ...item('Partner peer port', d.peerPort.detail, d.peerPort.reachable),
      ...item('Last balancer probe', s.lastProbe.at ? ago(s.lastProbe.at) + ' from ' + s.lastProbe.source + ' (' + s.probesSeen + ' seen)'
        : 'no probe has arrived: the balancer does not reach this node\'s health check port', !!s.lastProbe.at),
      ...item('Configuration errors', s.configErrors.length ? s.configErrors.join('; ') : 'none', s.configErrors.length === 0),
      ...item('Warnings', s.warnings.length ? s.warnings.join('; ') : 'none'));
  }

  // A network change waits for confirmation: say how long, what else rolls it back, and offer both answers. Built
  // anew only when the change or the last rollback changes; each second only the countdown's text is, so that the
  // buttons stay where the operator is about to click.
  let shownCommit = null;
  async function networkCommit() {
    const box = document.getElementById('network-commit');
    const c = await hapair.call('GET', '/api/v1/network-commit', undefined, { poll: true });
    const countdown = c.pending ? 'It is rolled back in ' + c.pending.secondsLeft + ' s unless you confirm it.' : '';
    const key = JSON.stringify([c.hostNetwork, c.pending && c.pending.appliedAt, c.lastRollback && c.lastRollback.at]);
    if (key === shownCommit) {
      if (c.pending) document.getElementById('commit-countdown').textContent = countdown;
      return;
    }
    shownCommit = key;
    const parts = [];
    if (c.pending) {
      const watching = [c.pending.watchingPartner ? 'the partner\'s heartbeats' : null,
        c.pending.watchingProbes ? 'the balancer\'s probes' : null].filter(Boolean);
      parts.push(el('h2', {}, 'Network change waiting for confirmation'),
        el('p', { id: 'commit-countdown' }, countdown),
        el('p', {}, watching.length ? 'It is rolled back at once if ' + watching.join(' or ') + ' stop reaching this node,'
          + ' before that could cost a failover.' : 'Nothing else reached this node before the change, so only the timeout rolls it back.'),
        el('button', { type: 'button', id: 'confirm-network', onclick: () => answer('confirm') }, 'Confirm the change'),
        el('button', { type: 'button', id: 'rollback-network', class: 'danger', onclick: () => answer('rollback') }, 'Roll back now'));
    }
    if (c.lastRollback) {
      parts.push(el('p', { id: 'last-rollback', class: 'bad' }, 'The last network change was rolled back at ' + when(c.lastRollback.at)
        + ': ' + c.lastRollback.reason + (c.lastRollback.error ? '; rolling back failed: ' + c.lastRollback.error : '') + '.'));
    }
    if (c.hostNetwork === 'store-only') {
      parts.push(el('p', { class: 'muted' }, 'This node\'s configuration has host-network: store-only: network settings are kept, the host\'s network is not changed.'));
    }
    box.replaceChildren(...parts);
    box.hidden = parts.length === 0;
  }

  async function answer(what) {
    try {
      await hapair.call('POST', '/api/v1/network-commit/' + what, {});
      hapair.flash(what === 'confirm' ? 'Network change confirmed.' : 'Network change rolled back.');
    } catch (e) {
      hapair.flash(e.message, 'error');
    }
    await networkCommit();
    await hostReadings();
  }

  async function hostReadings() {
    const r = await hapair.call('GET', '/api/v1/host-readings');
    const rows = r.readings.map(x => el('tr', { class: x.drift ? 'drift' : '' },
      el('td', {}, x.setting), el('td', {}, x.item), el('td', {}, x.stored ?? '(not set here; read-only)'), el('td', {}, x.actual ?? '(none)'),
      el('td', {}, x.drift ? 'differs' : 'same'), el('td', { class: 'muted' }, x.source)));
    document.getElementById('host-readings').replaceChildren(
      el('p', { id: 'drift-summary', class: r.drifted ? 'bad' : 'ok' }, r.drifted ? r.drifted + ' setting(s) differ on the host' : 'The host has every stored setting'),
      ...r.unread.map(u => el('p', { class: 'bad' }, 'Could not read: ' + u)),
      el('table', {}, el('thead', {}, el('tr', {}, ['Setting', 'Item', 'Stored', 'On the host', 'Drift', 'Read from'].map(h => el('th', {}, h)))),
        el('tbody', {}, rows)));
  }

  document.getElementById('read-host').addEventListener('click', () => hostReadings().catch(e => hapair.flash(e.message, 'error')));
  document.getElementById('run-diagnostics').addEventListener('click', () => diagnostics().catch(e => hapair.flash(e.message, 'error')));
  document.getElementById('restart').addEventListener('click', async () => {
    if (!confirm('Restart the service on this node? If it is active, it hands over to the partner first.')) return;
    try {
      const a = await hapair.call('POST', '/api/v1/node/restart', {});
      hapair.flash('Restarting: ' + a.detail);
    } catch (e) {
      hapair.flash(e.message, 'error');
    }
  });

  const collection = (id, spec) => forms.collection(document.getElementById(id), spec);
  // What deleting a single setting does on this host, said before and after.
  const LEFT_AS_IS = 'The node no longer sets it; the host keeps what it has now.';
  const ROUTE_REMOVED = 'The node takes away what it set for it on the host, as a network change to confirm (below).';

  hapair.start().then(() => Promise.all([
    diagnostics(),
    networkCommit().then(() => setInterval(() => networkCommit().catch(() => {}), 1000)),
    hostReadings(),
    forms.singleton(singletons, { type: 'hostname', title: 'Hostname', deleting: LEFT_AS_IS, fields: [{ name: 'name', label: 'Hostname' }] }),
    forms.singleton(singletons, { type: 'domain', title: 'Domain', deleting: LEFT_AS_IS, fields: [{ name: 'name', label: 'Domain' }] }),
    forms.singleton(singletons, { type: 'default-gateway', title: 'Default gateway', deleting: ROUTE_REMOVED, fields: [
      { name: 'ipv4', label: 'IPv4 default gateway' }, { name: 'ipv6', label: 'IPv6 default gateway' }] }),
    forms.singleton(singletons, { type: 'name-server', title: 'Name servers', deleting: LEFT_AS_IS, fields: [
      { name: 'addresses', label: 'Name server addresses', type: 'list', help: 'one to three, separated by commas' }] }),
    forms.singleton(singletons, { type: 'admin-gateway', title: 'Administration gateway', deleting: ROUTE_REMOVED, fields: [
      { name: 'interfaceName', label: 'Administration interface' }, { name: 'address', label: 'Gateway address' }] }),
    forms.singleton(singletons, { type: 'admin-certificate', title: 'Administration certificate',
      deleting: 'New connections get the node\'s own certificate again.', fields: [
      { name: 'certificateChain', label: 'Certificate chain (PEM)', type: 'textarea' },
      { name: 'privateKey', label: 'Private key (PEM)', type: 'textarea', help: 'leave both empty for the self-signed certificate' }] }),
    collection('interfaces', { type: 'interfaces', title: 'Interfaces', item: 'interface', idField: 'name',
      columns: [['Name', d => d.name], ['Link', d => d.linkUp ? 'up' : 'down'], ['Speed/duplex', d => d.speedDuplex], ['MTU', d => d.mtu]],
      fields: [{ name: 'name', label: 'Interface' }, { name: 'linkUp', label: 'Link up', type: 'checkbox', checked: true },
        { name: 'speedDuplex', label: 'Speed and duplex', type: 'select', optional: true,
          options: ['auto', '10-half', '10-full', '100-half', '100-full', '1000-full', '10000-full'] },
        { name: 'mtu', label: 'MTU', type: 'number', placeholder: '1500' },
        { name: 'additionalAddresses', label: 'Additional addresses', ...addressList }] }),
    collection('ip-addresses', { type: 'ip-addresses', title: 'IP addresses', item: 'IP address', idField: 'interfaceName',
      columns: [['Interface', d => d.interfaceName], ['Address', d => d.address + '/' + d.prefixLength]],
      fields: [{ name: 'interfaceName', label: 'Interface' }, { name: 'address', label: 'Address' },
        { name: 'prefixLength', label: 'Prefix length', type: 'number', placeholder: '24' }] }),
    collection('routes', { type: 'routes', title: 'Additional routes', item: 'route', idField: 'name',
      columns: [['Name', d => d.name], ['Destination', d => d.destination], ['Gateway', d => d.gateway], ['Interface', d => d.interfaceName || '']],
      fields: [{ name: 'name', label: 'Name' }, { name: 'destination', label: 'Destination', placeholder: '192.168.0.0/16' },
        { name: 'gateway', label: 'Gateway' }, { name: 'interfaceName', label: 'Interface' }] }),
    collection('vlans', { type: 'vlans', title: 'VLANs', item: 'VLAN', idField: 'vlanId',
      columns: [['Interface', d => d.interfaceName + '.' + d.vlanId], ['Addresses', d => d.addresses.join(', ')]],
      fields: [{ name: 'interfaceName', label: 'Parent interface' }, { name: 'vlanId', label: 'VLAN id', type: 'number' },
        { name: 'addresses', label: 'Addresses', ...addressList }] }),
    collection('vxlans', { type: 'vxlans', title: 'VXLANs', item: 'VXLAN', idField: 'name',
      columns: [['Name', d => d.name], ['VNI', d => d.vni], ['Remote', d => d.remote + ':' + d.port], ['Addresses', d => d.addresses.join(', ')]],
      fields: [{ name: 'name', label: 'Name' }, { name: 'vni', label: 'VNI', type: 'number' },
        { name: 'interfaceName', label: 'Underlay interface' }, { name: 'remote', label: 'Remote endpoint' },
        { name: 'port', label: 'UDP port', type: 'number', placeholder: '4789' }, { name: 'addresses', label: 'Addresses', ...addressList }] }),
  ])).catch(e => hapair.flash(e.message, 'error'));
})();
