// GEO: FQDNs with their mappings, clusters and their health, client locations, the remote GEO access
// list and GEO partners.
'use strict';

// Every cluster as this node answers it now: up or down, at which address, since when and why.
async function showClusterHealth() {
  const { el, when } = hapair;
  const { clusters } = await hapair.call('GET', '/api/v1/geo/status', undefined, { poll: true });
  const rows = clusters.map(c => el('tr', {}, el('td', {}, c.name), el('td', {}, c.type), el('td', {}, c.up ? 'up' : 'down'),
    el('td', {}, c.servingAddress || ''), el('td', {}, c.since ? when(Date.parse(c.since)) : ''), el('td', {}, c.reason)));
  document.getElementById('cluster-health-rows').replaceChildren(...(rows.length ? rows
    : [el('tr', {}, el('td', { colspan: 6 }, 'no clusters yet'))]));
}

const checkText = c => !c ? '' : c.type === 'none' ? 'none'
  : c.type + ' :' + c.port + (c.path ? ' ' + c.path + ' expects ' + c.expectStatus : '');

// FQDNs and clusters go to every GEO partner; the table shows how the last exchange with each went.
async function showPartnerSync() {
  const { el, ago } = hapair;
  const s = await hapair.call('GET', '/api/v1/geo/sync/status', undefined, { poll: true });
  document.getElementById('partner-sync-sending').textContent = s.sending
    ? 'This node is active: it sends FQDN, cluster and client location changes to the GEO partners (GEO address ' + s.unitAddress + ').'
    : 'This node is standby: its active partner sends GEO settings.';
  const rows = s.partners.map(p => el('tr', {}, el('td', {}, p.address), el('td', {}, p.state), el('td', {}, ago(p.at)),
    el('td', {}, ago(p.lastSuccessAt)), el('td', {}, p.error || '')));
  document.getElementById('partner-sync-rows').replaceChildren(...(rows.length ? rows
    : [el('tr', {}, el('td', { colspan: 5 }, 'no exchange yet'))]));
}

hapair.start().then(() => {
  showPartnerSync().catch(() => {});
  showClusterHealth().catch(() => {});
  // Five seconds: the default geo-poll-interval, at which checks and polls change the health.
  setInterval(() => { showPartnerSync().catch(() => {}); showClusterHealth().catch(() => {}); }, 5000);
}).then(() => Promise.all([
  forms.collection(document.getElementById('fqdns'), {
    type: 'geo-fqdns', title: 'FQDNs', item: 'FQDN', idField: 'fqdn',
    columns: [['FQDN', d => d.fqdn], ['Selection', d => d.selection], ['TTL', d => d.ttlSeconds + ' s'],
      ['Mappings', d => d.mappings.map(m => m.target + (m.enabled ? '' : ' (off)')).join(', ') || 'none']],
    fields: [
      { name: 'fqdn', label: 'FQDN', placeholder: 'www.example.com' },
      { name: 'selection', label: 'Selection criterion', type: 'select', optional: true,
        options: ['round-robin', 'weighted-round-robin', 'fixed-weighting', 'proximity'] },
      { name: 'ttlSeconds', label: 'TTL (s)', type: 'number', placeholder: '10' },
      { name: 'lastResort', label: 'Last resort', help: 'a cluster name or an address answered when no mapping is healthy' },
      { name: 'mappings', label: 'Mappings', type: 'rows', item: 'mapping', fields: [
        { name: 'target', label: 'Cluster or address' },
        { name: 'weight', label: 'Weight', type: 'number', placeholder: '1' },
        { name: 'enabled', label: 'Enabled', type: 'checkbox', checked: true },
      ] },
    ],
  }),
  forms.collection(document.getElementById('clusters'), {
    type: 'geo-clusters', title: 'Clusters', item: 'cluster', idField: 'name',
    columns: [['Name', d => d.name], ['Address', d => d.address], ['Type', d => d.type], ['Check', d => checkText(d.check)]],
    fields: [
      { name: 'name', label: 'Name' },
      { name: 'address', label: 'Address' },
      { name: 'type', label: 'Type', type: 'select', optional: true, options: ['default', 'local', 'remote'] },
      { name: 'location.latitude', label: 'Latitude', type: 'decimal', help: 'for proximity selection' },
      { name: 'location.longitude', label: 'Longitude', type: 'decimal' },
      { name: 'check.type', label: 'Check', type: 'select', optional: true, options: ['tcp', 'http', 'https', 'none'],
        help: 'default clusters only (leave the check fields empty for local and remote ones); (default) is tcp' },
      { name: 'check.port', label: 'Check port', type: 'number', placeholder: '80', help: '443 for https' },
      { name: 'check.path', label: 'Check path', placeholder: '/', help: 'http and https only' },
      { name: 'check.expectStatus', label: 'Expected status', type: 'number', placeholder: '200', help: 'http and https only' },
    ],
  }),
  forms.collection(document.getElementById('client-locations'), {
    type: 'geo-client-locations', title: 'Client locations', item: 'client location', idField: 'name',
    columns: [['Name', d => d.name], ['Networks', d => d.networks.join(', ')],
      ['Location', d => d.location.latitude + ', ' + d.location.longitude]],
    fields: [
      { name: 'name', label: 'Name' },
      { name: 'networks', label: 'Networks', type: 'list',
        help: 'clients in these networks are placed at the location below, such as 10.1.0.0/16, 2001:db8::/32 (separated by commas)' },
      { name: 'location.latitude', label: 'Latitude', type: 'decimal', help: 'where these clients are, for proximity selection' },
      { name: 'location.longitude', label: 'Longitude', type: 'decimal' },
    ],
  }),
  forms.collection(document.getElementById('remote-access'), {
    type: 'geo-remote-access', title: 'Remote access', item: 'remote access entry', idField: 'address',
    columns: [['Address', d => d.address], ['Description', d => d.description || '']],
    fields: [{ name: 'address', label: 'Allowed address' }, { name: 'description', label: 'Description' }],
  }),
  forms.collection(document.getElementById('partners'), {
    type: 'geo-partners', title: 'GEO partners', item: 'GEO partner', idField: 'address',
    columns: [['Address', d => d.address], ['Name', d => d.name || '']],
    fields: [{ name: 'address', label: 'Address' }, { name: 'name', label: 'Name' }],
  }),
]));
