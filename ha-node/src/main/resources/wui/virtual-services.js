// Virtual Services: the list, and a form with the real servers as rows.
'use strict';

hapair.start().then(() => forms.collection(document.getElementById('collection'), {
  type: 'virtual-services', title: 'Virtual services', item: 'virtual service', idField: 'name',
  columns: [
    ['Name', d => d.name],
    ['Address', d => d.address + ':' + d.port],
    ['Protocol', d => d.protocol],
    ['Scheduling', d => d.scheduling],
    ['Real servers', d => (d.realServers || []).map(r => r.address + ':' + r.port).join(', ') || 'none'],
    ['Enabled', d => d.enabled === false ? 'no' : 'yes'],
  ],
  fields: [
    { name: 'name', label: 'Name' },
    { name: 'address', label: 'Address', placeholder: '10.0.1.100' },
    { name: 'port', label: 'Port', type: 'number', placeholder: '443' },
    { name: 'protocol', label: 'Protocol', type: 'select', options: ['tcp', 'udp', 'http', 'https'] },
    { name: 'scheduling', label: 'Scheduling', type: 'select', optional: true,
      options: ['round-robin', 'weighted-round-robin', 'least-connection', 'weighted-least-connection', 'source-ip-hash'] },
    { name: 'persistence.mode', label: 'Persistence', type: 'select', optional: true, options: ['none', 'source-ip'] },
    { name: 'persistence.timeoutSeconds', label: 'Persistence timeout (s)', type: 'number', help: 'source-ip persistence only' },
    { name: 'idleTimeoutSeconds', label: 'Idle timeout (s)', type: 'number', placeholder: '240' },
    { name: 'healthCheck.type', label: 'Health check', type: 'select', optional: true, options: ['tcp-connect', 'http'] },
    { name: 'healthCheck.path', label: 'Health check path', placeholder: '/health', help: 'http checks only' },
    { name: 'enabled', label: 'Enabled', type: 'checkbox', checked: true },
    { name: 'realServers', label: 'Real servers', type: 'rows', item: 'real server', fields: [
      { name: 'address', label: 'Address' },
      { name: 'port', label: 'Port', type: 'number' },
      { name: 'weight', label: 'Weight', type: 'number', placeholder: '1' },
      { name: 'enabled', label: 'Enabled', type: 'checkbox', checked: true },
      { name: 'backup', label: 'Backup', type: 'checkbox' },
    ] },
  ],
}));
