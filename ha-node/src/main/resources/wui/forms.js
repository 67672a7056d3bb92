// Forms built from a short field list, read back into the API's JSON documents, with the API's field
// errors placed next to the inputs; and the list-plus-form editor every collection page uses.
'use strict';

const forms = (() => {
  const { el } = hapair;
  let serial = 0;

  // One input. data-field carries the API's field path (realServers[0].port) so errors find it.
  function input(field, path, value) {
    const id = 'f' + (++serial) + '-' + path.replace(/[^A-Za-z0-9]/g, '-');
    let control;
    if (field.type === 'select') {
      control = el('select', { id, 'data-field': path },
        (field.optional ? [['', '(default)']] : []).concat(field.options.map(o => Array.isArray(o) ? o : [o, o]))
          .map(([v, label]) => el('option', { value: v, selected: String(value ?? '') === v }, label)));
    } else if (field.type === 'checkbox') {
      control = el('input', { id, type: 'checkbox', 'data-field': path, checked: value === true || (value == null && field.checked) });
    } else if (field.type === 'textarea') {
      control = el('textarea', { id, 'data-field': path, rows: 6, spellcheck: 'false' });
      control.value = value ?? '';
    } else {
      control = el('input', { id, type: field.type === 'number' ? 'number' : 'text', 'data-field': path,
        inputmode: field.type === 'decimal' ? 'decimal' : null,
        placeholder: field.placeholder, value: Array.isArray(value) ? value.join(', ') : value ?? '' });
    }
    control.dataset.kind = field.type || 'text';
    if (field.readonlyOnEdit && value != null) control.readOnly = true;
    return el('div', { class: 'field' + (field.type === 'checkbox' ? ' check' : '') },
      el('label', { for: id }, field.label), control,
      field.help ? el('p', { class: 'help' }, field.help) : '');
  }

  // A list of sub-documents (real servers, mappings): one row of inputs each, add and remove buttons.
  function rows(field, doc) {
    const box = el('fieldset', { class: 'rows', 'data-rows': field.name }, el('legend', {}, field.label));
    const list = el('div', { class: 'row-list' });
    const add = values => {
      const index = list.children.length;
      const row = el('div', { class: 'row' },
        field.fields.map(f => input(f, field.name + '[' + index + '].' + f.name, values[f.name])),
        el('button', { type: 'button', class: 'secondary', 'aria-label': 'Remove ' + field.item + ' ' + (index + 1),
          onclick: () => { row.remove(); renumber(list, field); } }, 'Remove'));
      list.append(row);
    };
    (doc[field.name] || []).forEach(add);
    box.append(list, el('button', { type: 'button', class: 'secondary', onclick: () => add({}) }, 'Add ' + field.item));
    return box;
  }

  // Paths follow positions, so that "realServers[1].port" still points at the second row after a removal.
  function renumber(list, field) {
    [...list.children].forEach((row, i) => row.querySelectorAll('[data-field]').forEach(c => {
      c.dataset.field = c.dataset.field.replace(/^[^[]+\[\d+\]/, field.name + '[' + i + ']');
    }));
  }

  const get = (doc, path) => path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), doc);

  function build(fields, doc = {}) {
    return fields.map(f => f.type === 'rows' ? rows(f, doc) : input(f, f.name, get(doc, f.name)));
  }

  function valueOf(control) {
    const kind = control.dataset.kind;
    if (kind === 'checkbox') return control.checked;
    const raw = control.value.trim();
    if (raw === '') return undefined;
    if (kind === 'number') return /^-?\d+$/.test(raw) ? Number(raw) : raw;
    if (kind === 'decimal') return isNaN(Number(raw)) ? raw : Number(raw);
    if (kind === 'list') return raw.split(/[\s,]+/).filter(Boolean);
    return kind === 'textarea' ? control.value : raw;
  }

  function set(doc, path, value) {
    const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
    let o = doc;
    keys.slice(0, -1).forEach((k, i) => { o = o[k] ??= (/^\d+$/.test(keys[i + 1]) ? [] : {}); });
    o[keys[keys.length - 1]] = value;
  }

  // The document as the API takes it; empty inputs are left out so the API's defaults apply.
  function read(form) {
    const doc = {};
    form.querySelectorAll('[data-rows]').forEach(r => { doc[r.dataset.rows] = []; });
    form.querySelectorAll('[data-field]').forEach(c => {
      const v = valueOf(c);
      if (v !== undefined) set(doc, c.dataset.field, v);
    });
    return doc;
  }

  /**
   * A collection page section: a table of the documents and a form to create or edit one.
   * spec: {type, title, item, idField, columns: [[label, doc => text]], fields, describe?}
   */
  function collection(container, spec) {
    const table = el('table', { class: 'list', 'aria-label': spec.title });
    const formBox = el('div', { class: 'editor', hidden: true });
    const heading = el('h2', {}, spec.title);
    const newButton = el('button', { type: 'button', onclick: () => edit(null) }, 'New ' + spec.item);
    container.append(el('div', { class: 'section-head' }, heading, newButton), table, formBox);

    async function refresh() {
      const { items } = await hapair.call('GET', '/api/v1/' + spec.type);
      table.replaceChildren(
        el('thead', {}, el('tr', {}, spec.columns.map(([label]) => el('th', { scope: 'col' }, label)),
          el('th', { scope: 'col' }, el('span', { class: 'sr-only' }, 'Actions')))),
        el('tbody', {}, items.length === 0
          ? el('tr', {}, el('td', { colspan: spec.columns.length + 1, class: 'empty' }, 'No ' + spec.title.toLowerCase() + ' yet.'))
          : items.map(item => el('tr', { 'data-id': item.id },
            spec.columns.map(([, f]) => el('td', {}, f(item.document))),
            el('td', { class: 'actions' },
              el('button', { type: 'button', class: 'secondary', 'aria-label': 'Edit ' + item.id, onclick: () => edit(item) }, 'Edit'),
              el('button', { type: 'button', class: 'danger', 'aria-label': 'Delete ' + item.id, onclick: () => remove(item) }, 'Delete'))))));
    }

    function edit(item) {
      const doc = item ? item.document : {};
      const fields = spec.fields.map(f => f.name === spec.idField ? { ...f, readonlyOnEdit: true } : f);
      const form = el('form', { novalidate: true, 'aria-label': (item ? 'Edit ' : 'New ') + spec.item },
        el('h3', {}, item ? 'Edit ' + spec.item + ' ' + item.id : 'New ' + spec.item),
        build(fields, doc),
        el('div', { class: 'buttons' },
          el('button', { type: 'submit' }, item ? 'Save' : 'Create'),
          el('button', { type: 'button', class: 'secondary', onclick: close }, 'Cancel')));
      form.addEventListener('submit', async ev => {
        ev.preventDefault();
        try {
          const body = read(form);
          if (item) await hapair.call('PUT', '/api/v1/' + spec.type + '/' + encodeURIComponent(item.id), body, { ifMatch: item.etag });
          else await hapair.call('POST', '/api/v1/' + spec.type, body);
          close();
          hapair.flash((item ? 'Saved ' : 'Created ') + spec.item + ' ' + (body[spec.idField] || ''));
          await refresh();
        } catch (e) {
          hapair.showErrors(form, e);
        }
      });
      formBox.replaceChildren(form);
      formBox.hidden = false;
      form.querySelector('input, select, textarea').focus();
    }

    function close() {
      formBox.hidden = true;
      formBox.replaceChildren();
    }

    async function remove(item) {
      if (!confirm('Delete ' + spec.item + ' ' + item.id + '? Both nodes lose it.')) return;
      try {
        await hapair.call('DELETE', '/api/v1/' + spec.type + '/' + encodeURIComponent(item.id), undefined, { ifMatch: item.etag });
        hapair.flash('Deleted ' + spec.item + ' ' + item.id);
        await refresh();
      } catch (e) {
        hapair.flash(e.message, 'error');
      }
    }

    return refresh().catch(e => hapair.flash(e.message, 'error'));
  }

  /**
   * A single-document section (hostname, default gateway, ...): one form, saved with PUT; once stored, deleted with
   * DELETE, after a question that says what deleting does ({@code spec.deleting}).
   */
  async function singleton(container, spec) {
    let current = {};
    let stored = false;
    let etag = null;
    try {
      current = await hapair.call('GET', '/api/v1/' + spec.type);
      stored = true;
    } catch (e) {
      if (e.status !== 404) throw e; // 404: not set yet, so the form starts empty
    }
    const noun = spec.title.toLowerCase();
    const remove = el('button', { type: 'button', class: 'secondary', hidden: !stored }, 'Delete ' + noun);
    const form = el('form', { novalidate: true, 'aria-label': spec.title },
      el('h2', {}, spec.title), build(spec.fields, current),
      el('div', { class: 'buttons' }, el('button', { type: 'submit' }, 'Save ' + noun), remove));
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      hapair.clearErrors(form);
      try {
        const saved = await hapair.call('PUT', '/api/v1/' + spec.type, read(form), { ifMatch: etag });
        etag = saved.etag;
        remove.hidden = false;
        hapair.flash('Saved ' + noun + '.');
      } catch (e) {
        hapair.showErrors(form, e);
      }
    });
    remove.addEventListener('click', async () => {
      if (!confirm('Delete the ' + noun + ' setting? ' + spec.deleting)) return;
      hapair.clearErrors(form);
      try {
        await hapair.call('DELETE', '/api/v1/' + spec.type, undefined, { ifMatch: etag });
        etag = null;
        remove.hidden = true;
        form.querySelectorAll('input, textarea, select').forEach(c => {
          if (c.type === 'checkbox') c.checked = false; else c.value = '';
        });
        hapair.flash('Deleted the ' + noun + ' setting. ' + spec.deleting);
      } catch (e) {
        hapair.showErrors(form, e);
      }
    });
    container.append(el('section', { class: 'section' }, form));
  }

  return { build, read, collection, singleton };
})();
