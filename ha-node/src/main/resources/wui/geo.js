// GEO: FQDNs with their mappings, clusters, the remote GEO access list and GEO partners.
'use strict';

// FQDNs and clusters go to every GEO partner; the table shows how the last exchange with each went.
async function showPartnerSync() {
  const { el, ago } = hapair;
  const s = await hapair.call('GET', '/api/v1/geo/sync/status', undefined, { poll: true });
  document.getElementById('partner-sync-sending').textContent = s.sending
    ? 'This node is active: it sends FQDN and cluster changes to the GEO partners (GEO address ' + s.unitAddress + ').'
    : 'This node is standby: its active partner sends GEO settings.';
  const rows = s.partners.map(p => el('tr', {}, el('td', {}, p.address), el('td', {}, p.state), el('td', {}, ago(p.at)),
    el('td', {}, ago(p.lastSuccessAt)), el('td', {}, p.error || '')));
  document.getElementById('partner-sync-rows').replaceChildren(...(rows.length ? rows
    : [el('tr', {}, el('td', { colspan: 5 }, 'no exchange yet'))]));
}

hapair.start().then(() => {
  showPartnerSync().catch(() => {});
  setInterval(() => showPartnerSync().catch(() => {}), 5000);
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
    columns: [['Name', d => d.name], ['Address', d => d.address], ['Type', d => d.type]],
    fields: [
      { name: 'name', label: 'Name' },
      { name: 'address', label: 'Address' },
      { name: 'type', label: 'Type', type: 'select', optional: true, options: ['default', 'local', 'remote'] },
      { name: 'location.latitude', label: 'Latitude', type: 'decimal', help: 'for proximity selection' },
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
