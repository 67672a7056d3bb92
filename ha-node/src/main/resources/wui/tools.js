// Tools: backup and restore of the synced settings (download; a restore previewed document by document, then
// applied exactly as previewed) and a packet capture on this node.
'use strict';

(() => {
  const { el, when } = hapair;
  const $ = id => document.getElementById(id);

  // The export and import carry a passphrase header and a whole file, which hapair.call does not: the same
  // session headers, sent here.
  async function send(method, path, headers = {}, body) {
    const all = Object.assign({ 'X-Hapair-Page': '1', 'X-CSRF-Token': hapair.session().csrfToken }, headers);
    if (body !== undefined) all['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(path, { method, headers: all, credentials: 'same-origin', body });
    } catch (e) {
      throw new hapair.ApiError(0, { error: 'cannot reach this node: it may be restarting or down' });
    }
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = { error: text }; }
    if (!response.ok) throw new hapair.ApiError(response.status, json);
    return { json, text };
  }

  const passphrase = input => input.value ? { 'X-Key-Passphrase': input.value } : {};

  $('backup-form').addEventListener('submit', async event => {
    event.preventDefault();
    const form = event.target;
    hapair.clearErrors(form);
    const keys = $('backup-keys').checked;
    try {
      const { text } = await send('GET', '/api/v1/settings/export' + (keys ? '?keys=encrypted' : ''),
        keys ? passphrase($('backup-passphrase')) : {});
      const stamp = new Date().toISOString().replace(/[:]/g, '').replace(/\..*/, '');
      const link = el('a', { href: URL.createObjectURL(new Blob([text], { type: 'application/json' })),
        download: 'hapair-settings-' + hapair.session().nodeName + '-' + stamp + '.json' });
      document.body.append(link);
      link.click();
      link.remove();
      hapair.flash('Backup downloaded' + (keys ? ', private keys encrypted with your passphrase.' : ', without private keys.'));
    } catch (e) {
      hapair.showErrors(form, e);
    }
  });

  // What the last preview compared: the apply sends the same file, passphrase and token.
  let previewed = null;

  const changeRow = c => el('tr', { 'data-key': c.type + '/' + c.id, 'data-change': c.change },
    el('td', {}, c.type), el('td', {}, c.id), el('td', {}, hapair.cap(c.change)),
    el('td', {}, c.fields.length === 0 ? '' : el('ul', { class: 'field-changes' }, c.fields.map(f => el('li', {},
      el('code', {}, f.path), ': ', f.before === null ? '(absent)' : f.before, ' → ', f.after === null ? '(absent)' : f.after)))));

  function showPreview(preview) {
    const box = $('restore-changes');
    if (preview.changes.length === 0) {
      box.replaceChildren(el('p', { class: 'empty', id: 'restore-nothing' },
        'Nothing would change: the backup equals the stored settings (' + preview.unchanged + ' documents).'));
      previewed = null;
      return;
    }
    box.replaceChildren(
      el('p', {}, preview.changes.length + ' documents would change; ' + preview.unchanged + ' stay as they are.'),
      el('table', { class: 'list', id: 'restore-table', 'aria-label': 'What the restore changes' },
        el('thead', {}, el('tr', {}, ['Type', 'Id', 'Change', 'Fields (before → after)'].map(h => el('th', {}, h)))),
        el('tbody', {}, preview.changes.map(changeRow))),
      el('p', {}, el('button', { type: 'button', id: 'restore-apply', class: 'danger', onclick: apply },
        'Apply these changes')));
  }

  $('restore-form').addEventListener('submit', async event => {
    event.preventDefault();
    const form = event.target;
    hapair.clearErrors(form);
    $('restore-changes').replaceChildren();
    previewed = null;
    const file = $('restore-file').files[0];
    if (!file) {
      hapair.showErrors(form, new hapair.ApiError(400, { errors: [{ field: 'body', message: 'choose a backup file' }] }));
      return;
    }
    const text = await file.text();
    const headers = passphrase($('restore-passphrase'));
    try {
      const { json } = await send('POST', '/api/v1/settings/import?dryRun=true', headers, text);
      previewed = { text, headers, token: json.token };
      showPreview(json);
    } catch (e) {
      hapair.showErrors(form, e);
    }
  });

  async function apply() {
    if (!previewed) return;
    try {
      const { json } = await send('POST', '/api/v1/settings/import',
        Object.assign({ 'If-Match': previewed.token }, previewed.headers), previewed.text);
      previewed = null;
      $('restore-changes').replaceChildren(el('p', { id: 'restore-done' }, 'Restored: ' + json.changed
        + ' documents changed. The partner receives them through sync.'));
      hapair.flash('Restored from the backup.');
    } catch (e) {
      hapair.flash(e.message, 'error');
    }
  }

  const number = id => $(id).value === '' ? undefined : Number($(id).value);

  $('capture-form').addEventListener('submit', async event => {
    event.preventDefault();
    const form = event.target;
    hapair.clearErrors(form);
    try {
      showCapture(await hapair.call('POST', '/api/v1/capture', { interface: $('capture-interface').value,
        filter: $('capture-filter').value, seconds: number('capture-seconds'), packets: number('capture-packets'),
        kib: number('capture-kib') }));
    } catch (e) {
      hapair.showErrors(form, e);
    }
  });

  $('capture-stop').addEventListener('click', async () => {
    try {
      showCapture(await hapair.call('POST', '/api/v1/capture/stop'));
    } catch (e) {
      hapair.flash(e.message, 'error');
    }
  });

  const ENDED = { 'time limit': 'its time limit', 'packet limit': 'its packet limit', 'size limit': 'its size limit',
    stopped: 'Stop' };

  function showCapture(c) {
    const select = $('capture-interface');
    const names = ['any'].concat(c.interfaces);
    if (select.options.length !== names.length) {
      const chosen = select.value;
      select.replaceChildren(...names.map(n => el('option', { value: n, selected: n === chosen }, n)));
    }
    const r = c.request;
    const rows = [['State', c.state, 'capture-state']];
    if (r) {
      rows.push(['Interface', r.interface], ['Filter', r.filter || '(all packets)'],
        ['Limits', r.seconds + ' s, ' + r.packets + ' packets, ' + r.kib + ' KiB'], ['Started', when(c.startedAt)]);
    }
    if (c.endedAt) rows.push(['Ended', when(c.endedAt) + (c.endedBy ? ' by ' + ENDED[c.endedBy] : '')]);
    if (r) rows.push(['File', c.bytes + ' bytes' + (c.packetsCaptured !== null ? ', ' + c.packetsCaptured + ' packets' : '')]);
    if (c.error) rows.push(['Error', c.error]);
    if (c.deletesAt) rows.push(['Deleted', 'at ' + when(c.deletesAt) + ' unless downloaded before']);
    if (c.deletedBecause) rows.push(['Deleted', c.deletedBecause]);
    $('capture-status').replaceChildren(...rows.flatMap(([k, v, id]) => [el('dt', {}, k), el('dd', { id }, v)]));
    $('capture-download').hidden = c.state !== 'finished';
    $('capture-stop').hidden = c.state !== 'running';
    $('capture-start').disabled = c.state === 'running';
  }

  // The file goes once sent: the status says so at its next reading.
  $('capture-download').addEventListener('click', () => setTimeout(() => { $('capture-download').hidden = true; }, 0));

  hapair.start(() => hapair.call('GET', '/api/v1/capture', undefined, { poll: true }).then(showCapture)
    .catch(e => hapair.flash(e.message, 'error'))).catch(e => hapair.flash(e.message, 'error'));
})();
