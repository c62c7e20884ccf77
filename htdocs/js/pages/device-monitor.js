// The settings of an indoor monitor in the device form (guide: "To add an
// indoor monitor"): arming, the built-in relay (on/off and its name) and,
// when the model takes one, an external relay module: its type
// (Akuvox MK485-G2R-8J8C V3.0, up to 8 relays, or HF-8000, up to 4), the
// type's modes, the IP address and port of an Ethernet HF-8000, and the
// relays' names and functions.

import { h, uid } from '../ui/dom.js';
import { field, toggle, selectField } from '../ui/form.js';
import { rowList } from '../ui/rows.js';
import { t } from '../strings/index.js';

/** Each external relay type: its modes (in the guide's order) and how many relays it drives. */
export const EXT_TYPES = {
  'MK485-G2R-8J8C V3.0': { modes: ['rs485', 'rs485_input_non_latching', 'rs485_input_latching'], relays: 8 },
  'HF-8000': { modes: ['rs485', 'ethernet'], relays: 4 },
};
const FUNCTIONS = ['door', 'light', 'curtain', 'alarm', 'appliance', 'other'];
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function card(title, intro, ...content) {
  return h('section', { class: 'card form-card' },
    h('h2', { class: 'section-title', text: title }),
    intro ? h('p', { class: 'section-intro', text: intro }) : null,
    h('div', { class: 'form-card-body' }, content));
}

const blankExt = (i) => ({ name: `Relay${i + 1}`, function: 'door' });

function externalRelay(d) {
  const x = d.external_relay || null;
  const on = toggle({ id: 'ext-on', name: 'external_relay', label: t('deviceForm.externalRelay'), hint: t('deviceForm.externalRelayHint'), checked: !!x });
  const onInput = on.querySelector('input');
  const typeField = selectField({
    id: 'ext-type', name: 'external_relay.type', label: t('deviceForm.extType'),
    options: Object.keys(EXT_TYPES).map((k) => ({ value: k, label: t('deviceForm.extTypeN', { type: k, n: EXT_TYPES[k].relays }) })),
    value: x ? x.type : 'MK485-G2R-8J8C V3.0',
  });
  const typeSel = typeField.querySelector('select');
  const modeField = selectField({ id: 'ext-mode', name: 'external_relay.mode', label: t('deviceForm.extMode'), options: [] });
  const modeSel = modeField.querySelector('select');
  const ip = field({ id: 'ext-ip', name: 'external_relay.ip', label: t('deviceForm.extIp'), value: (x && x.ip) || '', inputmode: 'decimal', maxlength: 15, autocomplete: 'off', spellcheck: 'false' });
  const port = field({ id: 'ext-port', name: 'external_relay.port', label: t('deviceForm.extPort'), type: 'number', min: 1, max: 65535, step: 1, inputmode: 'numeric', value: x && x.port ? String(x.port) : '' });
  const net = h('div', { class: 'grid-2' }, ip, port);

  const list = rowList({
    name: 'external_relay.relays',
    title: t('deviceForm.extRelays'),
    rowLegend: (i) => t('deviceForm.extRelayN', { n: i + 1 }),
    addLabel: t('deviceForm.addRelay'),
    removeLabel: (i) => t('deviceForm.removeExtRelay', { n: i + 1 }),
    limitText: (max) => t('deviceForm.extRelayLimit', { type: typeSel.value, n: max }),
    min: 1,
    max: EXT_TYPES[typeSel.value].relays,
    items: x && x.relays && x.relays.length ? x.relays : [blankExt(0)],
    blank: blankExt,
    fields: (i, r, path) => {
      const id = uid('ext');
      const name = field({ id: `${id}-name`, name: `${path}.name`, label: t('deviceForm.relayName'), maxlength: 32, value: r.name, autocomplete: 'off' });
      const fn = selectField({
        id: `${id}-fn`, name: `${path}.function`, label: t('deviceForm.relayFunction'), value: r.function || 'door',
        options: FUNCTIONS.map((f) => ({ value: f, label: t(`deviceForm.fn.${f}`) })),
      });
      return {
        nodes: [h('div', { class: 'grid-2' }, name, fn)],
        values: () => ({ name: name.querySelector('input').value.trim(), function: fn.querySelector('select').value }),
      };
    },
  });

  const more = h('div', { class: 'sub-fields' }, typeField, modeField, net, list.el);
  function drawModes(keep) {
    const modes = EXT_TYPES[typeSel.value].modes;
    modeSel.replaceChildren(...modes.map((m) => h('option', { value: m, text: t(`deviceForm.mode.${m}`) })));
    modeSel.value = modes.includes(keep) ? keep : modes[0];
    list.setMax(EXT_TYPES[typeSel.value].relays);
    syncNet();
  }
  function syncNet() { net.hidden = modeSel.value !== 'ethernet'; }
  typeSel.addEventListener('change', () => drawModes(modeSel.value));
  modeSel.addEventListener('change', syncNet);
  const syncOn = () => { more.hidden = !onInput.checked; };
  onInput.addEventListener('change', syncOn);
  drawModes(x ? x.mode : 'rs485');
  syncOn();

  const wrap = h('div', { class: 'form-card-body' }, on, more);
  wrap.values = () => {
    if (!onInput.checked) return null;
    const v = { type: typeSel.value, mode: modeSel.value };
    // ip and port belong to Ethernet only: the server refuses them otherwise.
    if (modeSel.value === 'ethernet') {
      v.ip = ip.querySelector('input').value.trim();
      v.port = Number(port.querySelector('input').value);
    }
    v.relays = list.values();
    return v;
  };
  wrap.problems = () => {
    const p = {};
    if (!onInput.checked) return p;
    if (modeSel.value === 'ethernet') {
      const a = ip.querySelector('input').value.trim();
      const n = port.querySelector('input').value.trim();
      if (!a) p['external_relay.ip'] = t('common.required');
      else if (!IPV4.test(a)) p['external_relay.ip'] = t('deviceForm.ipInvalid');
      if (!n) p['external_relay.port'] = t('common.required');
      else if (!/^\d+$/.test(n) || Number(n) < 1 || Number(n) > 65535) p['external_relay.port'] = t('deviceForm.portInvalid');
    }
    list.values().forEach((r, i) => { if (!r.name) p[`external_relay.relays[${i}].name`] = t('common.required'); });
    const max = EXT_TYPES[typeSel.value].relays;
    if (list.count() > max) p['external_relay.relays'] = t('deviceForm.extRelayLimit', { type: typeSel.value, n: max });
    return p;
  };
  return wrap;
}

/**
 * monitorSettings({device, model}) -> {nodes, values(), problems(),
 * refresh()}, the same shape as doorSettings (device-door.js).
 */
export function monitorSettings({ device, model }) {
  const d = device || {};
  const arming = toggle({ id: 'device-arming', name: 'arming', label: t('deviceForm.arming'), hint: t('deviceForm.armingHint'), checked: !!d.arming });
  const b = d.builtin_relay || { enabled: true, name: 'Relay1' };
  const builtin = toggle({ id: 'builtin-on', name: 'builtin_relay.enabled', label: t('deviceForm.builtinRelay'), hint: t('deviceForm.builtinRelayHint'), checked: b.enabled });
  const builtinName = field({ id: 'builtin-name', name: 'builtin_relay.name', label: t('deviceForm.builtinRelayName'), maxlength: 32, value: b.name, autocomplete: 'off' });
  const builtinInput = builtin.querySelector('input');
  const syncBuiltin = () => { builtinName.hidden = !builtinInput.checked; };
  builtinInput.addEventListener('change', syncBuiltin);
  syncBuiltin();
  const ext = model.external_relay ? externalRelay(d) : null;
  const nodes = [
    card(t('deviceForm.monitorSection'), null, h('div', { class: 'toggles' }, arming, builtin), builtinName),
    ext ? card(t('deviceForm.externalSection'), t('deviceForm.externalIntro'), ext) : null,
  ];
  const nameValue = () => builtinName.querySelector('input').value.trim();
  return {
    nodes,
    values: () => {
      const v = {
        arming: arming.querySelector('input').checked,
        // A relay that is off keeps its name for when it is turned on again.
        builtin_relay: { enabled: builtinInput.checked, name: nameValue() || b.name || 'Relay1' },
      };
      if (ext) v.external_relay = ext.values();
      return v;
    },
    problems: () => {
      const p = {};
      if (builtinInput.checked && !nameValue()) p['builtin_relay.name'] = t('common.required');
      if (ext) Object.assign(p, ext.problems());
      return p;
    },
    refresh: () => {},
  };
}
