// The "Devices" tab of a site (guide: "Edit and Delete Users' Devices"): two
// views, Intercom Devices and Third-party Devices (site-thirdparty.js). The
// intercom list shows each device's name, type, model, MAC, SIP number,
// whether it is online (and when it was last seen) and its relays, with New,
// Edit (device-form.js) and Delete; deleting says the MAC becomes unused.

import { h, replace } from '../ui/dom.js';
import { stateBox } from '../ui/page.js';
import { tabs } from '../ui/tabs.js';
import { confirmDialog } from '../ui/dialog.js';
import { toast } from '../ui/toast.js';
import { api } from '../api.js';
import { t, formatDate } from '../strings/index.js';
import { setQuery } from '../router.js';
import { showMac } from './mac-library.js';
import { thirdPartyPanel } from './site-thirdparty.js';

/** Our limit of intercom devices per site (the API answers 409 limit_reached beyond). */
const MAX_DEVICES = 20;

/** Online / offline, and when it was last heard of. */
export function onlineCell(d) {
  const seen = d.last_seen_at ? t('devices.lastSeen', { date: formatDate(d.last_seen_at, true) }) : t('devices.neverSeen');
  return h('div', { class: 'cell-status' },
    h('span', { class: d.online ? 'pill pill-success' : 'pill pill-neutral', text: t(d.online ? 'devices.online' : 'devices.offline') }),
    d.online ? null : h('div', { class: 'cell-sub', text: seen }));
}

/** One line per kind of relay a device has. */
export function relaySummary(d) {
  const lines = [];
  if (d.type === 'indoor_monitor') {
    const b = d.builtin_relay;
    if (b) lines.push(b.enabled ? t('devices.builtinOn', { name: b.name }) : t('devices.builtinOff'));
    const x = d.external_relay;
    if (x) lines.push(t('devices.externalSummary', { type: x.type, n: (x.relays || []).length, names: (x.relays || []).map((r) => r.name).join(', ') }));
  } else {
    const rs = d.relays || [];
    if (rs.length) lines.push(rs.map((r) => t('devices.relayWithDtmf', { name: r.name, dtmf: r.dtmf })).join(', '));
    if (d.security_relay) lines.push(t('devices.securitySummary', { name: d.security_relay.name, dtmf: d.security_relay.dtmf }));
    if (d.push_buttons) lines.push(t('devices.buttonsSummary', { module: d.push_buttons.module, n: (d.push_buttons.buttons || []).length }));
  }
  if (!lines.length) return '';
  return h('div', { class: 'cell-relays' }, lines.map((l, i) => h('div', { class: i ? 'cell-sub' : null, text: l })));
}

async function deleteDevice(d, onDone) {
  const consequences = [t('devices.deleteMac', { mac: showMac(d.mac) })];
  if (d.type !== 'indoor_monitor') consequences.push(t('devices.deleteCamera'));
  else consequences.push(t('devices.deleteTerminal'));
  consequences.push(t('devices.deleteSettings'));
  const sure = await confirmDialog({
    title: t('devices.deleteTitle', { name: d.name }),
    consequences,
    confirmLabel: t('devices.delete'),
    danger: true,
  });
  if (!sure) return;
  try {
    await api.del(`/api/devices/${d.id}`);
    toast(t('devices.deleted', { name: d.name, mac: showMac(d.mac) }));
    onDone();
  } catch (error) {
    if (!error.handled) toast(error.message, 'error');
  }
}

/** The Intercom Devices view of site; fetches the list itself. */
function intercomPanel(site, onChange) {
  const root = h('div', { class: 'devices', 'aria-busy': 'true' });

  async function load() {
    root.setAttribute('aria-busy', 'true');
    let data;
    try {
      data = await api.get('/api/devices', { query: { site_id: site.id, per_page: 200 } });
    } catch (error) {
      if (error.handled) return;
      root.removeAttribute('aria-busy');
      replace(root, h('div', { class: 'card' }, stateBox({
        iconName: 'info', kind: 'error', title: t('devices.loadError'), text: error.message,
        action: h('button', { type: 'button', class: 'btn btn-secondary', text: t('common.retry'), onclick: load }),
      })));
      return;
    }
    root.removeAttribute('aria-busy');
    draw((data && data.items) || []);
  }

  function draw(items) {
    const full = items.length >= MAX_DEVICES;
    const create = full
      ? h('button', { type: 'button', class: 'btn btn-primary', disabled: true, 'aria-describedby': 'devices-full', text: t('devices.new') })
      : h('a', { href: `/sites/${site.id}/devices/new`, class: 'btn btn-primary', text: t('devices.new') });
    const head = h('div', { class: 'panel-head' },
      h('div', {},
        h('h2', { class: 'section-title', text: t('devices.intercomTitle') }),
        h('p', { class: 'field-hint', text: t('devices.countLine', { n: items.length, max: MAX_DEVICES }) })),
      create);
    const notes = full ? [h('p', { id: 'devices-full', class: 'notice notice-warning', text: t('devices.full', { max: MAX_DEVICES }) })] : [];
    let body;
    if (!items.length) {
      body = stateBox({ iconName: 'tools', title: t('devices.empty'), text: t('devices.emptyHint') });
    } else {
      const cols = [
        [t('devices.colName'), null], [t('devices.colModel'), null], [t('devices.colMac'), null], [t('devices.colSip'), 'hide-narrow'],
        [t('devices.colStatus'), null], [t('devices.colRelays'), 'hide-narrow'], [t('devices.colActions'), 'cell-actions'],
      ];
      body = h('div', { class: 'table-scroll' }, h('table', { class: 'table' },
        h('caption', { class: 'visually-hidden', text: t('devices.caption', { name: site.name }) }),
        h('thead', {}, h('tr', {}, cols.map(([label, cls]) => h('th', { scope: 'col', class: cls, text: label })))),
        h('tbody', {}, items.map((d) => {
          const edit = h('a', {
            href: `/sites/${site.id}/devices/${d.id}/edit`, class: 'btn btn-secondary btn-small',
            'aria-label': t('devices.editLabel', { name: d.name }), text: t('devices.edit'),
          });
          const del = h('button', {
            type: 'button', class: 'btn btn-ghost btn-small btn-danger-text', 'aria-label': t('devices.deleteLabel', { name: d.name }), text: t('devices.delete'),
          });
          del.addEventListener('click', () => deleteDevice(d, () => { load(); onChange(); }));
          return h('tr', { 'data-device-id': String(d.id) },
            h('td', {}, h('div', { class: 'cell-main', text: d.name }), h('div', { class: 'cell-sub', text: t(`devices.type.${d.type}`) })),
            h('td', { class: 'cell-nowrap', text: d.model }),
            h('td', { class: 'cell-mono cell-nowrap', text: showMac(d.mac) }),
            h('td', { class: 'cell-mono hide-narrow', text: d.sip_number || '—' }),
            h('td', {}, onlineCell(d)),
            h('td', { class: 'hide-narrow' }, relaySummary(d) || '—'),
            h('td', { class: 'cell-actions' }, h('div', { class: 'row-actions' }, edit, del)));
        }))));
    }
    replace(root, h('div', { class: 'card panel-card' }, head, notes, body));
  }

  load();
  return root;
}

const VIEWS = ['intercom', 'thirdparty'];

/**
 * The tab's content: the two views, the open one kept in ?view=.
 * onChange() is called after a device, camera or lock was removed or assigned here.
 */
export function devicesPanel(site, params, onChange = () => {}) {
  const wanted = params ? params.get('view') : null;
  const view = tabs({
    label: t('devices.viewsLabel'),
    selected: VIEWS.includes(wanted) ? wanted : 'intercom',
    onSelect: (id) => setQuery({ view: id === 'intercom' ? null : id }),
    items: [
      { id: 'intercom', label: t('devices.intercomTab'), render: () => intercomPanel(site, onChange) },
      { id: 'thirdparty', label: t('devices.thirdPartyTab'), render: () => thirdPartyPanel(site, onChange) },
    ],
  });
  view.el.classList.add('subtabs');
  return view.el;
}
