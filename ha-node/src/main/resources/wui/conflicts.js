// Conflicts: both versions of a document edited on both nodes at once, side by side; keep one.
'use strict';

(() => {
  const { el, when } = hapair;
  const box = document.getElementById('conflicts');

  const side = (title, v, keep, c) => el('div', { class: 'card version' },
    el('h3', {}, title),
    el('p', { class: 'muted' }, 'edited on ' + v.editedOn + ' at ' + when(v.editedAt)),
    v.deleted ? el('p', {}, el('strong', {}, 'Deleted')) : el('pre', {}, JSON.stringify(v.document, null, 2)),
    el('button', { type: 'button', 'aria-label': 'Keep this one: ' + title + ' of ' + c.type + ' ' + c.id,
      onclick: () => accept(c, keep) }, 'Keep this one'));

  async function accept(c, keep) {
    try {
      await hapair.call('POST', '/api/v1/sync/conflicts/' + encodeURIComponent(c.type) + '/' + encodeURIComponent(c.id) + '/accept', { keep });
      hapair.flash('Resolved ' + c.type + ' ' + c.id + ': both nodes keep the chosen version.');
      await load();
    } catch (e) {
      hapair.flash(e.message, 'error');
    }
  }

  async function load() {
    const { conflicts } = await hapair.call('GET', '/api/v1/sync/conflicts');
    box.replaceChildren(...(conflicts.length === 0 ? [el('p', { class: 'empty' }, 'No conflicts: both nodes agree.')]
      : conflicts.map(c => el('section', { class: 'conflict', 'data-key': c.type + '/' + c.id },
        el('h2', {}, c.type + ' ' + c.id),
        el('p', { class: 'muted' }, 'detected ' + when(c.detectedAt)),
        el('div', { class: 'cards' }, side('Kept version', c.kept, 'kept', c), side('Other version', c.lost, 'lost', c))))));
  }

  // The list follows the sync status, so a conflict found by the next comparison shows up by itself.
  let shown = null;
  hapair.start((status, sync) => {
    const open = sync && sync.enabled ? sync.openConflicts : 0;
    if (open !== shown) {
      shown = open;
      load().catch(e => hapair.flash(e.message, 'error'));
    }
  }).catch(e => hapair.flash(e.message, 'error'));
})();
