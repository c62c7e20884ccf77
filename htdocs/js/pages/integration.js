// Integration (/integration; guide: "Add Third-party Locks"): the lock
// vendors this platform offers (GET /api/devices/lock-vendors), connecting
// and disconnecting the installer's account at each, the locks of a
// connected account with Add, and the locks added so far: rename and assign
// to a site, an Unlock test, delete. A vendor's refusals are said plainly:
// wrong login, vendor unreachable, connection to renew.

import { h, replace } from '../ui/dom.js';
import { pageFrame, stateBox } from '../ui/page.js';
import { field, selectField, bindForm, button } from '../ui/form.js';
import { openDialog, confirmDialog } from '../ui/dialog.js';
import { toast } from '../ui/toast.js';
import { api, ApiError } from '../api.js';
import { t, formatDate } from '../strings/index.js';

const vendorTitle = (v) => t(`locks.vendor.${v}`);

/**
 * The portal's words for a vendor's refusal (an ApiError with the same
 * status and code, so forms still place it), or the error as it came.
 */
function vendorError(error, vendor) {
  const key = {
    vendor_login_failed: 'integration.loginFailed',
    vendor_unavailable: 'integration.unavailable',
    vendor_reconnect_needed: 'integration.reconnectNeeded',
    vendor_not_connected: 'integration.notConnected',
    unknown_lock: 'integration.unknownLock',
    lock_exists: 'integration.lockExists',
  }[error && error.code];
  if (!key || error.handled) return error;
  return new ApiError({
    status: error.status, code: error.code, field: error.code === 'vendor_login_failed' ? 'password' : error.field,
    message: t(key, { vendor: vendorTitle(vendor) }), requestId: error.requestId,
  });
}

function say(error, vendor) {
  if (error && !error.handled) toast(vendorError(error, vendor).message, 'error');
}

/** Every site of the installer, by name (the API pages by 200 at most). */
async function allSites() {
  const all = [];
  for (let page = 1; page <= 50; page++) {
    const data = await api.get('/api/sites', { query: { page, per_page: 200, sort: 'name' } });
    const items = (data && data.items) || [];
    all.push(...items);
    if (!items.length || all.length >= (data.total || 0)) break;
  }
  return all;
}

/** The connect dialog of vendor (user name and password at the vendor). */
function connectDialog(v, onDone) {
  const title = t('integration.connectTitle', { vendor: v.title || vendorTitle(v.vendor) });
  const form = h('form', { class: 'form', 'aria-label': title },
    h('p', { class: 'field-hint', text: t('integration.connectIntro', { vendor: v.title || vendorTitle(v.vendor) }) }),
    field({ id: 'vendor-user', name: 'username', label: t('integration.username'), maxlength: 128, autocomplete: 'off', value: v.username || '', spellcheck: 'false' }),
    field({ id: 'vendor-password', name: 'password', type: 'password', label: t('integration.password'), maxlength: 256, autocomplete: 'off' }));
  const cancel = button(t('common.cancel'), { kind: 'secondary' });
  form.append(h('div', { class: 'dialog-actions' }, cancel, button(t('integration.connect'), { type: 'submit' })));
  const { close } = openDialog({ title, content: form });
  cancel.addEventListener('click', () => close(false));
  bindForm(form, {
    validate: (x) => {
      const p = {};
      if (!x.username.trim()) p.username = t('common.required');
      if (!x.password) p.password = t('common.required');
      return p;
    },
    onSubmit: async (x) => {
      try {
        await api.put(`/api/devices/lock-vendors/${v.vendor}`, { username: x.username.trim(), password: x.password });
      } catch (error) {
        throw vendorError(error, v.vendor);
      }
      close(true);
      toast(t('integration.connected', { vendor: v.title || vendorTitle(v.vendor) }));
      onDone();
    },
  });
}

async function disconnect(v, onDone) {
  const sure = await confirmDialog({
    title: t('integration.disconnectTitle', { vendor: v.title }),
    consequences: t('integration.disconnectConsequences'),
    confirmLabel: t('integration.disconnect'),
    danger: true,
  });
  if (!sure) return;
  try {
    await api.del(`/api/devices/lock-vendors/${v.vendor}`);
    toast(t('integration.disconnected', { vendor: v.title }));
    onDone();
  } catch (error) {
    say(error, v.vendor);
  }
}

/** The card of one vendor: its connection and, when connected, its locks. */
function vendorCard(v, changed) {
  const root = h('section', { class: 'card panel-card vendor-card', 'aria-labelledby': `vendor-${v.vendor}` });
  const title = v.title || vendorTitle(v.vendor);
  const status = v.connected
    ? t('integration.connectedAs', { user: v.username || '', date: formatDate(v.connected_at) })
    : t('integration.notConnectedStatus');
  const actions = v.connected
    ? [button(t('integration.reconnect'), { kind: 'secondary', 'aria-label': t('integration.reconnectLabel', { vendor: title }), onClick: () => connectDialog(v, changed) }),
      button(t('integration.disconnect'), { kind: 'ghost', class: 'btn btn-ghost btn-danger-text', 'aria-label': t('integration.disconnectLabel', { vendor: title }), onClick: () => disconnect(v, changed) })]
    : [button(t('integration.connect'), { 'aria-label': t('integration.connectLabel', { vendor: title }), onClick: () => connectDialog(v, changed) })];
  const head = h('div', { class: 'panel-head' },
    h('div', {},
      h('h2', { id: `vendor-${v.vendor}`, class: 'section-title', text: title }),
      h('p', { class: 'field-hint' },
        h('span', { class: v.connected ? 'pill pill-success' : 'pill pill-neutral', text: t(v.connected ? 'integration.statusConnected' : 'integration.statusNotConnected') }),
        ' ', status)),
    h('div', { class: 'row-actions' }, actions));
  const body = h('div', { class: 'vendor-locks', 'aria-live': 'polite' });
  replace(root, head, body);
  if (!v.connected) {
    replace(body, h('p', { class: 'panel-note', text: t('integration.connectHint', { vendor: title }) }));
    return root;
  }

  async function load() {
    root.setAttribute('aria-busy', 'true');
    let data;
    try {
      data = await api.get(`/api/devices/lock-vendors/${v.vendor}/locks`);
    } catch (error) {
      root.removeAttribute('aria-busy');
      if (error.handled) return;
      const e = vendorError(error, v.vendor);
      const fix = error.code === 'vendor_reconnect_needed'
        ? button(t('integration.reconnect'), { onClick: () => connectDialog(v, changed) })
        : button(t('common.retry'), { kind: 'secondary', onClick: load });
      replace(body, h('div', { class: 'notice notice-warning vendor-problem', role: 'alert' }, h('p', { text: e.message }), fix));
      return;
    }
    root.removeAttribute('aria-busy');
    const items = (data && data.items) || [];
    if (!items.length) {
      replace(body, h('p', { class: 'panel-note', text: t('integration.noVendorLocks', { vendor: title }) }));
      return;
    }
    replace(body, h('div', { class: 'table-scroll' }, h('table', { class: 'table' },
      h('caption', { class: 'table-title', text: t('integration.vendorLocks', { vendor: title }) }),
      h('thead', {}, h('tr', {},
        [[t('integration.colLock'), null], [t('integration.colVendorId'), 'hide-narrow'], [t('integration.colAdded'), 'cell-actions']]
          .map(([label, cls]) => h('th', { scope: 'col', class: cls, text: label })))),
      h('tbody', {}, items.map((l) => {
        let cell;
        if (l.added) cell = h('span', { class: 'pill pill-info', text: t('integration.added') });
        else {
          cell = button(t('integration.add'), {
            class: 'btn btn-secondary btn-small', 'aria-label': t('integration.addLabel', { name: l.name }),
            onClick: async (e) => {
              e.currentTarget.disabled = true;
              try {
                const lock = await api.post('/api/devices/locks', { vendor: v.vendor, vendor_lock_id: l.vendor_lock_id });
                toast(t('integration.lockAdded', { name: (lock && lock.name) || l.name }));
                changed();
              } catch (error) {
                say(error, v.vendor);
                load();
              }
            },
          });
        }
        return h('tr', {},
          h('td', {}, h('div', { class: 'cell-main', text: l.name })),
          h('td', { class: 'cell-mono hide-narrow', text: l.vendor_lock_id }),
          h('td', { class: 'cell-actions' }, cell));
      })))));
  }
  load();
  return root;
}

/** The edit dialog of an added lock: its name and its site. */
async function editLockDialog(lock, onDone) {
  let sites;
  try {
    sites = await allSites();
  } catch (error) {
    say(error, lock.vendor);
    return;
  }
  const title = t('integration.editTitle', { name: lock.name });
  const options = [{ value: '', label: t('integration.noSite') }, ...sites.map((s) => ({ value: String(s.id), label: s.name }))];
  if (lock.site_id && !sites.some((s) => s.id === lock.site_id)) options.push({ value: String(lock.site_id), label: lock.site_name || String(lock.site_id) });
  const form = h('form', { class: 'form', 'aria-label': title },
    field({ id: 'lock-name', name: 'name', label: t('integration.lockName'), maxlength: 64, autocomplete: 'off', value: lock.name }),
    selectField({ id: 'lock-site', name: 'site_id', label: t('integration.site'), hint: t('integration.siteHint'), options, value: lock.site_id ? String(lock.site_id) : '' }));
  const cancel = button(t('common.cancel'), { kind: 'secondary' });
  form.append(h('div', { class: 'dialog-actions' }, cancel, button(t('common.save'), { type: 'submit' })));
  const { close } = openDialog({ title, content: form });
  cancel.addEventListener('click', () => close(false));
  bindForm(form, {
    validate: (x) => (x.name.trim() ? {} : { name: t('common.required') }),
    onSubmit: async (x) => {
      const body = {};
      if (x.name.trim() !== lock.name) body.name = x.name.trim();
      const site = x.site_id ? Number(x.site_id) : null;
      if (site !== (lock.site_id || null)) body.site_id = site;
      const saved = Object.keys(body).length ? await api.patch(`/api/devices/locks/${lock.id}`, body) : lock;
      close(true);
      toast(saved.site_id ? t('integration.lockSavedAt', { name: saved.name, site: saved.site_name || '' }) : t('integration.lockSaved', { name: saved.name }));
      onDone();
    },
  });
}

async function unlock(lock, btn) {
  btn.disabled = true;
  try {
    await api.post(`/api/devices/locks/${lock.id}/unlock`);
    toast(t('integration.unlocked', { name: lock.name }));
  } catch (error) {
    say(error, lock.vendor);
  } finally {
    btn.disabled = false;
  }
}

async function deleteLock(lock, onDone) {
  const sure = await confirmDialog({
    title: t('integration.deleteTitle', { name: lock.name }),
    consequences: [
      lock.site_name ? t('integration.deleteAssigned', { site: lock.site_name }) : null,
      t('integration.deleteAgain', { vendor: vendorTitle(lock.vendor) }),
    ].filter(Boolean),
    confirmLabel: t('integration.delete'),
    danger: true,
  });
  if (!sure) return;
  try {
    await api.del(`/api/devices/locks/${lock.id}`);
    toast(t('integration.lockDeleted', { name: lock.name }));
    onDone();
  } catch (error) {
    say(error, lock.vendor);
  }
}

/** The locks the installer added, from every vendor. */
function addedCard(changed) {
  const root = h('section', { class: 'card panel-card', 'aria-labelledby': 'added-title' });
  async function load() {
    root.setAttribute('aria-busy', 'true');
    const head = h('div', { class: 'panel-head' },
      h('div', {},
        h('h2', { id: 'added-title', class: 'section-title', text: t('integration.addedTitle') }),
        h('p', { class: 'field-hint', text: t('integration.addedIntro') })));
    let data;
    try {
      data = await api.get('/api/devices/locks', { query: { per_page: 200 } });
    } catch (error) {
      root.removeAttribute('aria-busy');
      if (error.handled) return;
      replace(root, head, stateBox({
        iconName: 'info', kind: 'error', title: t('locks.loadError'), text: error.message,
        action: h('button', { type: 'button', class: 'btn btn-secondary', text: t('common.retry'), onclick: load }),
      }));
      return;
    }
    root.removeAttribute('aria-busy');
    const items = (data && data.items) || [];
    if (!items.length) {
      replace(root, head, stateBox({ title: t('integration.addedEmpty'), text: t('integration.addedEmptyHint') }));
      return;
    }
    replace(root, head, h('div', { class: 'table-scroll' }, h('table', { class: 'table' },
      h('caption', { class: 'visually-hidden', text: t('integration.addedTitle') }),
      h('thead', {}, h('tr', {},
        [[t('locks.colName'), null], [t('locks.colVendor'), null], [t('integration.colSite'), null], [t('locks.colActions'), 'cell-actions']]
          .map(([label, cls]) => h('th', { scope: 'col', class: cls, text: label })))),
      h('tbody', {}, items.map((l) => {
        const unlockBtn = button(t('integration.unlock'), { kind: 'secondary', class: 'btn btn-secondary btn-small', 'aria-label': t('integration.unlockLabel', { name: l.name }) });
        unlockBtn.addEventListener('click', () => unlock(l, unlockBtn));
        return h('tr', {},
          h('td', {}, h('div', { class: 'cell-main', text: l.name }), h('div', { class: 'cell-sub mono', text: l.vendor_lock_id })),
          h('td', { text: vendorTitle(l.vendor) }),
          h('td', {}, l.site_id
            ? h('a', { href: `/sites/${l.site_id}?tab=devices&view=thirdparty`, class: 'cell-link', text: l.site_name || String(l.site_id) })
            : h('span', { class: 'muted', text: t('integration.noSite') })),
          h('td', { class: 'cell-actions' }, h('div', { class: 'row-actions' },
            button(t('integration.edit'), { kind: 'secondary', class: 'btn btn-secondary btn-small', 'aria-label': t('integration.editLabel', { name: l.name }), onClick: () => editLockDialog(l, changed) }),
            unlockBtn,
            button(t('integration.delete'), { kind: 'ghost', class: 'btn btn-ghost btn-small btn-danger-text', 'aria-label': t('integration.deleteLabel', { name: l.name }), onClick: () => deleteLock(l, changed) }))));
      })))));
  }
  root.load = load;
  load();
  return root;
}

export default async function integration() {
  const vendorsBox = h('div', { class: 'vendor-list' });
  const added = addedCard(() => refresh());
  async function loadVendors() {
    let data;
    try {
      data = await api.get('/api/devices/lock-vendors');
    } catch (error) {
      if (error.handled) return;
      replace(vendorsBox, h('div', { class: 'card' }, stateBox({
        iconName: 'info', kind: 'error', title: t('integration.loadError'), text: error.message,
        action: h('button', { type: 'button', class: 'btn btn-secondary', text: t('common.retry'), onclick: loadVendors }),
      })));
      return;
    }
    const items = (data && data.items) || [];
    if (!items.length) {
      replace(vendorsBox, h('div', { class: 'card' }, stateBox({ iconName: 'tools', title: t('integration.noVendors'), text: t('integration.noVendorsHint') })));
      return;
    }
    replace(vendorsBox, items.map((v) => vendorCard(v, refresh)));
  }
  function refresh() {
    loadVendors();
    added.load();
  }
  await loadVendors();
  return pageFrame({ title: t('integration.title'), intro: t('integration.intro'), className: 'page-integration' },
    h('h2', { class: 'visually-hidden', text: t('integration.vendorsTitle') }), vendorsBox, added);
}
