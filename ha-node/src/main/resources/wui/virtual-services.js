// Virtual Services: the list, and a form with the real servers as rows.
'use strict';

hapair.start().then(() => forms.collection(document.getElementById('collection'), {
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
