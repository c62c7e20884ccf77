// MAC Library (F16): the MAC addresses a company may bind devices with.
// Distributors register them (one by one or by CSV import), assign them to
// their installers and delete unused ones; installers see the MACs assigned
// to them, the site each one in use serves, and remove unused ones from
// their library (the MAC goes back to the distributor). One page, two views,
// chosen by the role; API: /api/maclib/macs (contract MACLIB.md).

import { h, replace, breakableEmail } from '../ui/dom.js';
import { pageFrame } from '../ui/page.js';
import { dataTable } from '../ui/table.js';
import { field, selectField, bindForm, button, setFieldError, clearErrors } from '../ui/form.js';
import { openDialog, confirmDialog } from '../ui/dialog.js';
import { progressBar } from '../ui/progress.js';
import { toast } from '../ui/toast.js';
import { api, ApiError } from '../api.js';
import { t, formatDate } from '../strings/index.js';

// The route's max_body is 2 MiB for the JSON that carries the file; the
// file itself must leave room for the JSON escaping around it.
const MAX_CSV_BYTES = 2 * 1024 * 1024 - 4096;

/** "0c-11-05-aa-bb-cc" -> "0C1105AABBCC", or null when it is not a MAC. */
export function normalMac(text) {
  const hex = String(text || '').replace(/[\s:.-]/g, '').toUpperCase();
  return /^[0-9A-F]{12}$/.test(hex) ? hex : null;
}

/** "0C1105AABBCC" -> "0C:11:05:AA:BB:CC" (how the device's label prints it). */
export function showMac(mac) {
  return /^[0-9A-F]{12}$/.test(mac || '') ? mac.match(/../g).join(':') : (mac || '');
}

const installerName = (i) => (i && (i.name || i.email || i.username)) || '';

/** The state badge: in use (the device's site has it) or unused. */
function statePill(row) {
  return row.in_use
    ? h('span', { class: 'pill pill-info', text: t('macLibrary.inUse') })
    : h('span', { class: 'pill pill-neutral', text: t('macLibrary.unused') });
}

/** The MAC cell: the address, the note under it, the state on narrow screens. */
function macCell(row) {
  return h('div', { class: 'cell-who' },
    h('div', { class: 'cell-main mono', text: showMac(row.mac) }),
    row.note ? h('div', { class: 'cell-sub', text: row.note }) : null,
    h('span', { class: 'show-narrow' }, statePill(row)));
}

/**
 * Shows the outcome of a refused removal: the server's own words (a MAC in
 * use says which rule stopped it), as an error toast.
 */
function showRefusal(error) {
  if (error && !error.handled) toast(error.message, 'error');
}

// ------------------------------------------------------------ installer

function installerView(ctx) {
  let table = null;
  const remove = async (row) => {
    const mac = showMac(row.mac);
    const sure = await confirmDialog({
      title: t('macLibrary.removeTitle', { mac }),
      body: t('macLibrary.removeBody'),
      consequences: t('macLibrary.removeConsequences'),
      confirmLabel: t('macLibrary.remove'),
      danger: true,
    });
    if (!sure) return;
    try {
      await api.del(`/api/maclib/macs/${row.mac}`);
      toast(t('macLibrary.removed', { mac }));
      table.reload();
    } catch (error) {
      showRefusal(error);
    }
  };
  const columns = [
    { key: 'mac', label: t('macLibrary.colMac'), sort: 'mac', render: macCell },
    { key: 'in_use', label: t('macLibrary.colState'), className: 'hide-narrow', render: statePill },
    {
      key: 'site', label: t('macLibrary.colSite'),
      render: (r) => (r.site ? h('a', { href: `/sites/${r.site.id}`, class: 'cell-link', text: r.site.name }) : ''),
    },
    {
      key: 'assigned_at', label: t('macLibrary.colAssigned'), sort: 'assigned_at', className: 'hide-narrow cell-nowrap',
      render: (r) => formatDate(r.assigned_at || r.created_at),
    },
    {
      key: 'actions', label: t('macLibrary.colActions'), className: 'cell-actions',
      render: (r) => h('button', {
        type: 'button', class: 'btn btn-secondary btn-small', text: t('macLibrary.remove'),
        'aria-label': t('macLibrary.removeLabel', { mac: showMac(r.mac) }), onclick: () => remove(r),
      }),
    },
  ];
  table = dataTable({
    caption: t('macLibrary.caption'),
    columns,
    load: (q) => api.get('/api/maclib/macs', { query: q }),
    searchLabel: t('macLibrary.search'),
    searchPlaceholder: t('macLibrary.searchPlaceholderInstaller'),
    filters: [{
      name: 'state',
      label: t('macLibrary.colState'),
      options: [
        { value: '', label: t('macLibrary.stateAll') },
        { value: 'unused', label: t('macLibrary.unused') },
        { value: 'in_use', label: t('macLibrary.inUse') },
      ],
    }],
    empty: { title: t('macLibrary.emptyInstaller'), text: t('macLibrary.emptyInstallerHint') },
    noMatch: (q) => (q ? t('macLibrary.noMatch', { q }) : t('macLibrary.noMatchFilter')),
    params: ctx.params,
    defaultSort: 'mac',
  });
  return pageFrame({ title: t('macLibrary.title'), intro: t('macLibrary.introInstaller'), className: 'page-maclib' }, table.el);
}

// ------------------------------------------------------------ distributor

/** Every installer of the distributor (the API pages by 200 at most). */
async function loadInstallers() {
  const all = [];
  for (let page = 1; page <= 50; page++) {
    const data = await api.get('/api/distributor/installers', { query: { page, per_page: 200, sort: 'name' } });
    const items = (data && data.items) || [];
    all.push(...items);
    if (!items.length || all.length >= (data.total || 0)) break;
  }
  return all;
}

const installerOptions = (installers, noneLabel) => [
  { value: '', label: noneLabel },
  ...installers.map((i) => ({ value: String(i.id), label: i.name && i.email ? `${i.name} (${i.email})` : installerName(i) })),
];

/** The "Add MAC" dialog: MAC, note, installer. */
function addDialog(installers, onDone) {
  const form = h('form', { class: 'form', 'aria-label': t('macLibrary.addTitle') },
    field({
      id: 'mac-new', name: 'mac', label: t('macLibrary.mac'), autocomplete: 'off', maxlength: 17,
      placeholder: '0C:11:05:AA:BB:CC', hint: t('macLibrary.macHint'), spellcheck: 'false',
    }),
    field({ id: 'mac-note', name: 'note', label: t('macLibrary.note'), autocomplete: 'off', maxlength: 64, optional: true }),
    selectField({
      id: 'mac-installer', name: 'installer_id', label: t('macLibrary.installer'), optional: true,
      options: installerOptions(installers, t('macLibrary.notAssigned')),
    }));
  const cancel = button(t('common.cancel'), { kind: 'secondary' });
  form.append(h('div', { class: 'dialog-actions' }, cancel, button(t('macLibrary.addSubmit'), { type: 'submit' })));
  const { close } = openDialog({ title: t('macLibrary.addTitle'), content: form });
  cancel.addEventListener('click', () => close(false));
  bindForm(form, {
    validate: (v) => (normalMac(v.mac) ? {} : { mac: t('macLibrary.macInvalid') }),
    onSubmit: async (v) => {
      const body = { mac: normalMac(v.mac) };
      if (v.note.trim()) body.note = v.note.trim();
      if (v.installer_id) body.installer_id = Number(v.installer_id);
      const created = await api.post('/api/maclib/macs', body);
      // Closed first: a toast shown while the dialog is open lives in it.
      close(true);
      toast(t('macLibrary.added', { mac: showMac(created ? created.mac : body.mac) }));
      onDone();
    },
  });
}

/** The assign dialog of one MAC: installer (or none) and note. */
function assignDialog(row, installers, onDone) {
  const mac = showMac(row.mac);
  const select = selectField({
    id: 'assign-installer', name: 'installer_id', label: t('macLibrary.installer'),
    options: installerOptions(installers, t('macLibrary.notAssigned')),
    value: row.installer ? String(row.installer.id) : '',
    hint: row.in_use ? t('macLibrary.inUseLocked') : null,
  });
  const form = h('form', { class: 'form', 'aria-label': t('macLibrary.assignTitle', { mac }) },
    select,
    field({ id: 'assign-note', name: 'note', label: t('macLibrary.note'), autocomplete: 'off', maxlength: 64, optional: true, value: row.note || '' }));
  const cancel = button(t('common.cancel'), { kind: 'secondary' });
  form.append(h('div', { class: 'dialog-actions' }, cancel, button(t('common.save'), { type: 'submit' })));
  const { close } = openDialog({ title: t('macLibrary.assignTitle', { mac }), content: form });
  cancel.addEventListener('click', () => close(false));
  bindForm(form, {
    onSubmit: async (v) => {
      const body = { installer_id: v.installer_id ? Number(v.installer_id) : null, note: v.note.trim() };
      const updated = await api.patch(`/api/maclib/macs/${row.mac}`, body);
      const who = updated && updated.installer ? installerName(updated.installer) : null;
      close(true);
      toast(who ? t('macLibrary.assigned', { mac, who }) : t('macLibrary.unassigned', { mac }));
      onDone();
    },
  });
}

/**
 * Sends the CSV to the import route with XMLHttpRequest, whose upload
 * events (unlike fetch's) report progress. Same headers and error shape as
 * api.js; resolves with the parsed answer, rejects with an ApiError.
 */
function uploadImport(body, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/maclib/macs/import');
    xhr.setRequestHeader('Content-Type', 'application/json');
    xhr.setRequestHeader('Accept', 'application/json');
    // The API refuses state changes without it (CSRF), as in api.js.
    xhr.setRequestHeader('X-Vestibule-Csrf', '1');
    xhr.upload.addEventListener('progress', (e) => { if (e.lengthComputable) onProgress(e.loaded, e.total); });
    xhr.addEventListener('error', () => reject(new ApiError({ status: 0, code: 'network', message: t('errors.network') })));
    xhr.addEventListener('load', () => {
      let data = null;
      try { data = xhr.responseText ? JSON.parse(xhr.responseText) : null; } catch { data = null; }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(data || {});
        return;
      }
      if (xhr.status === 401) {
        // Let the one API client end the session the usual way (sign-in, then back here).
        api.get('/api/auth/me').then(() => reject(new ApiError({ status: 401, code: 'unauthenticated', message: t('errors.sessionEnded') })), reject);
        return;
      }
      const err = (data && data.error) || {};
      const retry = parseInt(xhr.getResponseHeader('Retry-After') || '', 10) || null;
      let message = err.message ? err.message.charAt(0).toUpperCase() + err.message.slice(1) : t('errors.generic');
      if (xhr.status === 429) message = t('errors.tooManyAttempts', { seconds: retry || 1 });
      if (xhr.status === 413) message = t('macLibrary.fileTooBig');
      reject(new ApiError({
        status: xhr.status, code: err.code || `http_${xhr.status}`, field: err.field === 'csv' ? 'csv' : null,
        message, retryAfter: retry, requestId: xhr.getResponseHeader('X-Request-Id'),
      }));
    });
    xhr.send(JSON.stringify(body));
  });
}

/** The result of an import: the counts, then every refused row. */
function importResult(res) {
  const errors = res.errors || [];
  const count = (label, value, kind) => h('div', { class: `import-count import-count-${kind}` },
    h('dt', { text: label }), h('dd', { text: Number(value || 0).toLocaleString() }));
  return h('div', { class: 'import-result', role: 'region', 'aria-label': t('macLibrary.resultLabel') },
    h('dl', { class: 'import-counts' },
      count(t('macLibrary.created'), res.created, 'ok'),
      count(t('macLibrary.unchanged'), res.unchanged, 'same'),
      count(t('macLibrary.rowErrors'), errors.length, errors.length ? 'bad' : 'same')),
    errors.length
      ? h('div', { class: 'table-scroll import-errors' },
        h('table', { class: 'table' },
          h('caption', { class: 'import-errors-title', text: t('macLibrary.errorsCaption') }),
          h('thead', {}, h('tr', {},
            h('th', { scope: 'col', class: 'cell-num', text: t('macLibrary.colLine') }),
            h('th', { scope: 'col', text: t('macLibrary.colValue') }),
            h('th', { scope: 'col', text: t('macLibrary.colReason') }))),
          h('tbody', {}, errors.map((e) => h('tr', {},
            h('td', { class: 'cell-num', text: String(e.line) }),
            h('td', { class: 'mono import-value', text: e.value || '—' }),
            h('td', { text: e.reason || '' }))))))
      : h('p', { class: 'muted', text: t('macLibrary.noRowErrors') }));
}

/** The "Import CSV" dialog: the file, an installer, the upload, the result. */
function importDialog(installers, onDone) {
  const fileId = 'mac-csv';
  const file = h('input', { id: fileId, name: 'csv', type: 'file', class: 'input input-file', accept: '.csv,.txt,text/csv,text/plain', 'aria-describedby': `${fileId}-hint` });
  const form = h('form', { class: 'form', 'aria-label': t('macLibrary.importTitle') },
    h('div', { class: 'field' },
      h('div', { class: 'label-row' }, h('label', { for: fileId, class: 'label', text: t('macLibrary.csvFile') })),
      file,
      h('p', { id: `${fileId}-hint`, class: 'field-hint', text: t('macLibrary.csvHint') })),
    selectField({
      id: 'import-installer', name: 'installer_id', label: t('macLibrary.importInstaller'), optional: true,
      options: installerOptions(installers, t('macLibrary.notAssigned')),
    }));
  const progressSlot = h('div', { class: 'import-progress' });
  form.append(progressSlot);
  const cancel = button(t('common.cancel'), { kind: 'secondary' });
  form.append(h('div', { class: 'dialog-actions' }, cancel, button(t('macLibrary.importSubmit'), { type: 'submit' })));
  let changed = false;
  const { dialog, close } = openDialog({
    title: t('macLibrary.importTitle'), content: form, wide: true, onClose: () => { if (changed) onDone(); },
  });
  cancel.addEventListener('click', () => close(false));
  // A new file answers the last complaint about the old one.
  file.addEventListener('change', () => clearErrors(form));
  bindForm(form, {
    validate: () => {
      const f = file.files && file.files[0];
      if (!f) return { csv: t('macLibrary.csvMissing') };
      if (f.size > MAX_CSV_BYTES) return { csv: t('macLibrary.fileTooBig') };
      return {};
    },
    onSubmit: async (v) => {
      const text = await file.files[0].text();
      const body = { csv: text };
      if (v.installer_id) body.installer_id = Number(v.installer_id);
      const bar = progressBar({ label: t('macLibrary.uploading') });
      replace(progressSlot, bar.el);
      let res;
      try {
        res = await uploadImport(body, (loaded, total) => bar.set(loaded, total));
      } catch (error) {
        replace(progressSlot);
        if (error.field === 'csv') {
          setFieldError(file, error.message);
          file.focus();
          return;
        }
        throw error;
      }
      bar.done();
      changed = (res.created || 0) > 0;
      const again = button(t('macLibrary.importAnother'), { kind: 'secondary' });
      const done = button(t('macLibrary.done'));
      done.addEventListener('click', () => close(true));
      again.addEventListener('click', () => {
        close(true);
        importDialog(installers, onDone);
      });
      dialog.querySelector('.dialog-title').textContent = t('macLibrary.resultTitle');
      replace(form, importResult(res), h('div', { class: 'dialog-actions' }, again, done));
      done.focus();
    },
  });
}

async function distributorView(ctx) {
  const installers = await loadInstallers();
  let table = null;
  const reload = () => table.reload();
  const del = async (row) => {
    const mac = showMac(row.mac);
    const sure = await confirmDialog({
      title: t('macLibrary.deleteTitle', { mac }),
      body: t('macLibrary.deleteBody'),
      consequences: row.installer ? [t('macLibrary.deleteAssigned', { who: installerName(row.installer) })] : [],
      confirmLabel: t('macLibrary.delete'),
      danger: true,
    });
    if (!sure) return;
    try {
      await api.del(`/api/maclib/macs/${row.mac}`);
      toast(t('macLibrary.deleted', { mac }));
      reload();
    } catch (error) {
      showRefusal(error);
    }
  };
  const columns = [
    { key: 'mac', label: t('macLibrary.colMac'), sort: 'mac', render: macCell },
    {
      key: 'installer', label: t('macLibrary.colInstaller'),
      render: (r) => (r.installer
        ? h('div', { class: 'cell-who' },
          h('div', { class: 'cell-main', text: installerName(r.installer) }),
          r.installer.name && r.installer.email ? h('div', { class: 'cell-sub' }, breakableEmail(r.installer.email)) : null)
        : h('span', { class: 'muted', text: t('macLibrary.notAssigned') })),
    },
    {
      key: 'in_use', label: t('macLibrary.colState'), className: 'hide-narrow',
      render: (r) => h('div', {}, statePill(r), r.site ? h('div', { class: 'cell-sub', text: r.site.name }) : null),
    },
    {
      key: 'created_at', label: t('macLibrary.colAdded'), sort: 'created_at', className: 'hide-narrow cell-nowrap',
      render: (r) => formatDate(r.created_at),
    },
    {
      key: 'actions', label: t('macLibrary.colActions'), className: 'cell-actions',
      render: (r) => h('div', { class: 'row-actions' },
        h('button', {
          type: 'button', class: 'btn btn-secondary btn-small', text: t('macLibrary.assign'),
          'aria-label': t('macLibrary.assignLabel', { mac: showMac(r.mac) }), onclick: () => assignDialog(r, installers, reload),
        }),
        h('button', {
          type: 'button', class: 'btn btn-ghost btn-small btn-danger-text', text: t('macLibrary.delete'),
          'aria-label': t('macLibrary.deleteLabel', { mac: showMac(r.mac) }), onclick: () => del(r),
        })),
    },
  ];
  const filters = [{
    name: 'state',
    label: t('macLibrary.colState'),
    options: [
      { value: '', label: t('macLibrary.stateAll') },
      { value: 'unassigned', label: t('macLibrary.stateUnassigned') },
      { value: 'assigned', label: t('macLibrary.stateAssigned') },
      { value: 'unused', label: t('macLibrary.unused') },
      { value: 'in_use', label: t('macLibrary.inUse') },
    ],
  }];
  if (installers.length) {
    // Names only here: the filter sits in the toolbar, the dialogs have room for the e-mail.
    filters.push({
      name: 'installer_id',
      label: t('macLibrary.installer'),
      options: [{ value: '', label: t('macLibrary.allInstallers') }, ...installers.map((i) => ({ value: String(i.id), label: installerName(i) }))],
    });
  }
  table = dataTable({
    caption: t('macLibrary.caption'),
    columns,
    load: (q) => api.get('/api/maclib/macs', { query: q }),
    searchLabel: t('macLibrary.search'),
    searchPlaceholder: t('macLibrary.searchPlaceholder'),
    filters,
    empty: { title: t('macLibrary.empty'), text: t('macLibrary.emptyHint') },
    noMatch: (q) => (q ? t('macLibrary.noMatch', { q }) : t('macLibrary.noMatchFilter')),
    params: ctx.params,
    defaultSort: '-created_at',
  });
  const importBtn = button(t('macLibrary.import'), { kind: 'secondary', onClick: () => importDialog(installers, reload) });
  const addBtn = button(t('macLibrary.add'), { onClick: () => addDialog(installers, reload) });
  return pageFrame({ title: t('macLibrary.title'), intro: t('macLibrary.intro'), actions: [importBtn, addBtn], className: 'page-maclib' }, table.el);
}

export default function macLibrary(ctx) {
  return ctx.me && ctx.me.role === 'distributor' ? distributorView(ctx) : installerView(ctx);
}
