// Local Administration: this node's own settings (never synced), diagnostics and restart.
'use strict';

(() => {
  const { el, ago } = hapair;
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

  hapair.start().then(() => Promise.all([
    diagnostics(),
    forms.singleton(singletons, { type: 'hostname', title: 'Hostname', fields: [{ name: 'name', label: 'Hostname' }] }),
    forms.singleton(singletons, { type: 'domain', title: 'Domain', fields: [{ name: 'name', label: 'Domain' }] }),
    forms.singleton(singletons, { type: 'default-gateway', title: 'Default gateway', fields: [
      { name: 'ipv4', label: 'IPv4 default gateway' }, { name: 'ipv6', label: 'IPv6 default gateway' }] }),
    forms.singleton(singletons, { type: 'name-server', title: 'Name servers', fields: [
      { name: 'addresses', label: 'Name server addresses', type: 'list', help: 'one to three, separated by commas' }] }),
    forms.singleton(singletons, { type: 'admin-gateway', title: 'Administration gateway', fields: [
      { name: 'interfaceName', label: 'Administration interface' }, { name: 'address', label: 'Gateway address' }] }),
    forms.singleton(singletons, { type: 'admin-certificate', title: 'Administration certificate', fields: [
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
