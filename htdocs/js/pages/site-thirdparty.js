// The "Third-party Devices" view of a site's Devices tab (guide: "Add
// Third-Party Devices"): its RTSP cameras (New / Edit in camera-form.js,
// Delete) and the vendor locks assigned to it (assign one of the locks the
// installer added under Integration, unassign). Cameras are part of the
// premium plan: without it the view says so, with a way to turn it on,
// instead of offering a form the server would refuse.

import { h, replace } from '../ui/dom.js';
import { stateBox } from '../ui/page.js';
import { selectField, bindForm, button } from '../ui/form.js';
import { openDialog, confirmDialog } from '../ui/dialog.js';
import { toast } from '../ui/toast.js';
import { api } from '../api.js';
import { t, formatDate } from '../strings/index.js';

/** Whether site's premium plan is on now (the rule of 422 premium_plan_required). */
export function premiumActive(site) {
  if (!site.premium_plan) return false;
  return !site.premium_expires_at || new Date(site.premium_expires_at).getTime() > Date.now();
}

/** Why site cannot have cameras, with the way to change it: a notice node. */
export function premiumNotice(site, id = 'premium-note') {
  const lapsed = site.premium_plan && site.premium_expires_at;
  return h('div', { id, class: 'notice notice-warning premium-notice', role: 'note' },
    h('p', { class: 'notice-title', text: t('cameras.premiumTitle') }),
    h('p', { text: lapsed ? t('cameras.premiumExpired', { name: site.name, date: formatDate(site.premium_expires_at) }) : t('cameras.premiumOff', { name: site.name }) }),
    h('p', {}, h('a', { href: `/sites/${site.id}/edit`, class: 'btn btn-secondary btn-small', text: t('cameras.editSite') })));
}

function errorBox(title, error, retry) {
  return stateBox({
    iconName: 'info', kind: 'error', title, text: error.message,
    action: h('button', { type: 'button', class: 'btn btn-secondary', text: t('common.retry'), onclick: retry }),
  });
}

/** "App and 2 indoor monitors", "Off"... */
function monitoringText(c) {
  if (!c.allow_monitoring) return t('cameras.monitorOff');
  const n = (c.monitor_device_ids || []).length;
  if (c.monitor_app && n) return t('cameras.monitorAppAnd', { n });
  if (c.monitor_app) return t('cameras.monitorApp');
  if (n) return t('cameras.monitorDevices', { n });
  return t('cameras.monitorNone');
}

async function deleteCamera(c, onDone) {
  const sure = await confirmDialog({
    title: t('cameras.deleteTitle', { name: c.name }),
    consequences: t('cameras.deleteConsequences'),
    confirmLabel: t('cameras.delete'),
    danger: true,
  });
  if (!sure) return;
  try {
    await api.del(`/api/devices/cameras/${c.id}`);
    toast(t('cameras.deleted', { name: c.name }));
    onDone();
  } catch (error) {
    if (!error.handled) toast(error.message, 'error');
  }
}

function camerasCard(site, onChange) {
  const root = h('section', { class: 'card panel-card', 'aria-busy': 'true', 'aria-labelledby': 'cameras-title' });
  const premium = premiumActive(site);

  async function load() {
    root.setAttribute('aria-busy', 'true');
    let data;
    try {
      data = await api.get('/api/devices/cameras', { query: { site_id: site.id, per_page: 200 } });
    } catch (error) {
      if (error.handled) return;
      root.removeAttribute('aria-busy');
      replace(root, h('h2', { id: 'cameras-title', class: 'visually-hidden', text: t('cameras.title') }), errorBox(t('cameras.loadError'), error, load));
      return;
    }
    root.removeAttribute('aria-busy');
    draw((data && data.items) || []);
  }

  function draw(items) {
    const create = premium
      ? h('a', { href: `/sites/${site.id}/cameras/new`, class: 'btn btn-primary', text: t('cameras.new') })
      : h('button', { type: 'button', class: 'btn btn-primary', disabled: true, 'aria-describedby': 'premium-note', text: t('cameras.new') });
    const head = h('div', { class: 'panel-head' },
      h('div', {},
        h('h2', { id: 'cameras-title', class: 'section-title', text: t('cameras.title') }),
        h('p', { class: 'field-hint', text: t('cameras.intro') })),
      create);
    const notes = premium ? [] : [premiumNotice(site)];
    let body;
    if (!items.length) {
      body = stateBox({ title: t('cameras.empty'), text: premium ? t('cameras.emptyHint') : null });
    } else {
      const cols = [[t('cameras.colName'), null], [t('cameras.colUrl'), null], [t('cameras.colUser'), 'hide-narrow'],
        [t('cameras.colMonitoring'), 'hide-medium'], [t('cameras.colLinked'), null], [t('cameras.colActions'), 'cell-actions']];
      body = h('div', { class: 'table-scroll' }, h('table', { class: 'table' },
        h('caption', { class: 'visually-hidden', text: t('cameras.caption', { name: site.name }) }),
        h('thead', {}, h('tr', {}, cols.map(([label, cls]) => h('th', { scope: 'col', class: cls, text: label })))),
        h('tbody', {}, items.map((c) => {
          // A site without the plan keeps its cameras, but the server refuses changes to them.
          const edit = premium ? h('a', {
            href: `/sites/${site.id}/cameras/${c.id}/edit`, class: 'btn btn-secondary btn-small',
            'aria-label': t('cameras.editLabel', { name: c.name }), text: t('cameras.edit'),
          }) : null;
          const del = h('button', {
            type: 'button', class: 'btn btn-ghost btn-small btn-danger-text', 'aria-label': t('cameras.deleteLabel', { name: c.name }), text: t('cameras.delete'),
          });
          del.addEventListener('click', () => deleteCamera(c, () => { load(); onChange(); }));
          return h('tr', {},
            h('td', {}, h('div', { class: 'cell-main', text: c.name })),
            h('td', { class: 'cell-url mono', text: c.rtsp_url }),
            h('td', { class: 'hide-narrow', text: c.username || '—' }),
            h('td', { class: 'hide-medium', text: monitoringText(c) }),
            h('td', { text: c.linked_device_name || '—' }),
            h('td', { class: 'cell-actions' }, h('div', { class: 'row-actions' }, edit, del)));
        }))));
    }
    replace(root, head, notes, body);
  }

  load();
  return root;
}

/** Every lock the installer added (the API pages by 200 at most). */
async function allLocks() {
  const all = [];
  for (let page = 1; page <= 20; page++) {
    const data = await api.get('/api/devices/locks', { query: { page, per_page: 200 } });
    const items = (data && data.items) || [];
    all.push(...items);
    if (!items.length || all.length >= (data.total || 0)) break;
  }
  return all;
}

const vendorTitle = (v) => t(`locks.vendor.${v}`);

/** The "Assign a lock" dialog: one of the installer's locks not at this site. */
async function assignDialog(site, onDone) {
  let locks;
  try {
    locks = (await allLocks()).filter((l) => String(l.site_id) !== String(site.id));
  } catch (error) {
    if (!error.handled) toast(error.message, 'error');
    return;
  }
  const cancel = button(t('common.cancel'), { kind: 'secondary' });
  if (!locks.length) {
    const content = h('div', { class: 'dialog-body' },
      h('p', { text: t('locks.noneToAssign') }),
      h('div', { class: 'dialog-actions' }, cancel, h('a', { href: '/integration', class: 'btn btn-primary', text: t('locks.goIntegration') })));
    const { dialog, close } = openDialog({ title: t('locks.assignTitle', { name: site.name }), content });
    cancel.addEventListener('click', () => close(false));
    dialog.querySelector('a').addEventListener('click', () => close(false));
    return;
  }
  const form = h('form', { class: 'form', 'aria-label': t('locks.assignTitle', { name: site.name }) },
    selectField({
      id: 'assign-lock', name: 'lock_id', label: t('locks.lock'), hint: t('locks.assignHint'),
      options: locks.map((l) => ({
        value: String(l.id),
        label: l.site_id ? t('locks.optionAt', { name: l.name, vendor: vendorTitle(l.vendor), site: l.site_name || '' }) : t('locks.option', { name: l.name, vendor: vendorTitle(l.vendor) }),
      })),
    }));
  form.append(h('div', { class: 'dialog-actions' }, cancel, button(t('locks.assign'), { type: 'submit' })));
  const { close } = openDialog({ title: t('locks.assignTitle', { name: site.name }), content: form });
  cancel.addEventListener('click', () => close(false));
  bindForm(form, {
    onSubmit: async (v) => {
      const lock = await api.patch(`/api/devices/locks/${v.lock_id}`, { site_id: Number(site.id) });
      close(true);
      toast(t('locks.assigned', { name: lock ? lock.name : '', site: site.name }));
      onDone();
    },
  });
}

async function unassignLock(site, lock, onDone) {
  const sure = await confirmDialog({
    title: t('locks.unassignTitle', { name: lock.name }),
    consequences: [t('locks.unassignConsequence', { site: site.name })],
    confirmLabel: t('locks.unassign'),
  });
  if (!sure) return;
  try {
    await api.patch(`/api/devices/locks/${lock.id}`, { site_id: null });
    toast(t('locks.unassigned', { name: lock.name, site: site.name }));
    onDone();
  } catch (error) {
    if (!error.handled) toast(error.message, 'error');
  }
}

function locksCard(site, onChange) {
  const root = h('section', { class: 'card panel-card', 'aria-busy': 'true', 'aria-labelledby': 'locks-title' });

  async function load() {
    root.setAttribute('aria-busy', 'true');
    let data;
    try {
      data = await api.get('/api/devices/locks', { query: { site_id: site.id, per_page: 200 } });
    } catch (error) {
      if (error.handled) return;
      root.removeAttribute('aria-busy');
      replace(root, h('h2', { id: 'locks-title', class: 'visually-hidden', text: t('locks.siteTitle') }), errorBox(t('locks.loadError'), error, load));
      return;
    }
    root.removeAttribute('aria-busy');
    draw((data && data.items) || []);
  }

  function draw(items) {
    const changed = () => { load(); onChange(); };
    const assign = button(t('locks.assignButton'), { onClick: () => assignDialog(site, changed) });
    const head = h('div', { class: 'panel-head' },
      h('div', {},
        h('h2', { id: 'locks-title', class: 'section-title', text: t('locks.siteTitle') }),
        h('p', { class: 'field-hint' }, t('locks.siteIntro'), ' ', h('a', { href: '/integration', text: t('locks.manageLink') }))),
      assign);
    let body;
    if (!items.length) {
      body = stateBox({ title: t('locks.siteEmpty'), text: t('locks.siteEmptyHint') });
    } else {
      body = h('div', { class: 'table-scroll' }, h('table', { class: 'table' },
        h('caption', { class: 'visually-hidden', text: t('locks.siteCaption', { name: site.name }) }),
        h('thead', {}, h('tr', {},
          [[t('locks.colName'), null], [t('locks.colVendor'), null], [t('locks.colActions'), 'cell-actions']]
            .map(([label, cls]) => h('th', { scope: 'col', class: cls, text: label })))),
        h('tbody', {}, items.map((l) => {
          const un = h('button', {
            type: 'button', class: 'btn btn-secondary btn-small', 'aria-label': t('locks.unassignLabel', { name: l.name }), text: t('locks.unassign'),
          });
          un.addEventListener('click', () => unassignLock(site, l, changed));
          return h('tr', {},
            h('td', {}, h('div', { class: 'cell-main', text: l.name })),
            h('td', { text: vendorTitle(l.vendor) }),
            h('td', { class: 'cell-actions' }, h('div', { class: 'row-actions' }, un)));
        }))));
    }
    replace(root, head, body);
  }

  load();
  return root;
}

/** The Third-party Devices view of site; onChange() after a change that alters its counts. */
export function thirdPartyPanel(site, onChange = () => {}) {
  return h('div', { class: 'thirdparty' }, camerasCard(site, onChange), locksCard(site, onChange));
}
