// The settings of a door phone, an access control terminal or a guard phone
// in the device form (guide: "Add Intercom Devices"): whether residents may
// monitor it, its internet access (no access: its static IP), its relays
// (name, DTMF code, the unlock methods bound to each, the app's icons), the
// SR01 security relay of door phones, and the MD06/MD12 push buttons of
// R20K/R20B. Only what the chosen model has is shown; what its firmware
// cannot do yet is shown disabled with the reason.

import { h, uid } from '../ui/dom.js';
import { field, selectField, choiceGroup, choiceValue, button } from '../ui/form.js';
import { checkGroup } from '../ui/checks.js';
import { rowList } from '../ui/rows.js';
import { t } from '../strings/index.js';

export const ACCESS_METHODS = ['pin', 'rf_card', 'face', 'bluetooth', 'nfc', 'qr_code'];
const CALLS = ['apps_and_monitors', 'apps', 'indoor_monitors', 'none'];
const MODULE_BUTTONS = { MD06: 6, MD12: 12 };
export const DTMF = /^[0-9*#]{1,4}$/;

/**
 * fwCmp(a, b) -> -1, 0, 1 comparing dotted firmware versions field by field
 * (a missing field counts as 0), or null when either is not dotted digits:
 * the same rule as the server's vb_fw_cmp.
 */
export function fwCmp(a, b) {
  const ok = (v) => typeof v === 'string' && /^\d{1,9}(\.\d{1,9})*$/.test(v);
  if (!ok(a) || !ok(b)) return null;
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] || 0) - (y[i] || 0);
    if (d) return d < 0 ? -1 : 1;
  }
  return 0;
}

/**
 * Why the relays of model (a catalogue MODEL) cannot have unlock methods
 * with this firmware, or null when they can.
 */
export function accessReason(model, firmware) {
  const from = model.access_methods_from;
  if (from === null || from === undefined) return t('deviceForm.accessNoModel', { model: model.model });
  if (from === '') return null;
  const fw = (firmware || '').trim();
  if (!fw) return t('deviceForm.accessNeedsFirmware', { model: model.model, min: from });
  const c = fwCmp(fw, from);
  if (c === null) return t('deviceForm.accessFirmwareFormat', { model: model.model, min: from });
  return c < 0 ? t('deviceForm.accessFirmwareOld', { model: model.model, min: from, fw }) : null;
}

/** The default relay i (0-based) of a door phone: "Relay1" "#", then "Relay2" "2" ... */
export function blankRelay(i) {
  return { name: `Relay${i + 1}`, dtmf: i === 0 ? '#' : String(i + 1), access_methods: [], home_page: true, talking_page: true };
}

/** A yes/no radio pair (the guide's wording). */
function yesNo(name, legend, hint, value, onChange) {
  return choiceGroup({
    name, legend, hint, value: value ? 'yes' : 'no', onChange,
    options: [{ value: 'yes', label: t('common.yes') }, { value: 'no', label: t('common.no') }],
  });
}

function card(title, intro, ...content) {
  return h('section', { class: 'card form-card' },
    h('h2', { class: 'section-title', text: title }),
    intro ? h('p', { class: 'section-intro', text: intro }) : null,
    h('div', { class: 'form-card-body' }, content));
}

function relayRows(d, model, firmware) {
  const groups = [];
  const list = rowList({
    name: 'relays',
    intro: t('deviceForm.relaysIntro'),
    rowLegend: (i) => t('deviceForm.relayN', { n: i + 1 }),
    addLabel: t('deviceForm.addRelay'),
    removeLabel: (i) => t('deviceForm.removeRelay', { n: i + 1 }),
    limitText: (max) => t('deviceForm.relayLimit', { model: model.model, n: max }),
    min: 1,
    max: model.relays,
    items: (d.relays && d.relays.length ? d.relays : [blankRelay(0)]),
    blank: blankRelay,
    fields: (i, r, path) => {
      const id = uid('relay');
      const name = field({ id: `${id}-name`, name: `${path}.name`, label: t('deviceForm.relayName'), maxlength: 32, value: r.name, autocomplete: 'off' });
      const dtmf = field({
        id: `${id}-dtmf`, name: `${path}.dtmf`, label: t('deviceForm.dtmf'), maxlength: 4, value: r.dtmf, autocomplete: 'off',
        spellcheck: 'false', class: 'input input-short',
      });
      const methods = checkGroup({
        name: `${path}.access_methods`, legend: t('deviceForm.accessMethods'), value: r.access_methods || [],
        options: ACCESS_METHODS.map((m) => ({ value: m, label: t(`deviceForm.method.${m}`) })),
      });
      groups[i] = methods;
      methods.setDisabled(accessReason(model, firmware()));
      const pages = [];
      if (r.home_page !== false) pages.push('home_page');
      if (r.talking_page !== false) pages.push('talking_page');
      const icons = checkGroup({
        name: `${path}.pages`, legend: t('deviceForm.appIcons'), value: pages,
        options: [{ value: 'home_page', label: t('deviceForm.homePage') }, { value: 'talking_page', label: t('deviceForm.talkingPage') }],
      });
      // The server names these fields one by one.
      icons.boxes[0].name = `${path}.home_page`;
      icons.boxes[1].name = `${path}.talking_page`;
      return {
        nodes: [h('div', { class: 'grid-2 grid-relay' }, name, dtmf), methods, icons],
        values: () => ({
          name: name.querySelector('input').value.trim(),
          dtmf: dtmf.querySelector('input').value.trim(),
          // Disabled boxes keep their ticks for when the firmware allows them again.
          access_methods: methods.values(),
          home_page: icons.boxes[0].checked,
          talking_page: icons.boxes[1].checked,
        }),
      };
    },
  });
  list.refreshAccess = () => {
    const reason = accessReason(model, firmware());
    groups.forEach((g) => { if (g && g.isConnected) g.setDisabled(reason); });
  };
  // Rows drawn later (Add relay) read the firmware themselves.
  return list;
}

function securityRelay(d) {
  const slot = h('div', { class: 'security-relay', 'data-field': 'security_relay' });
  let current = d.security_relay || null;
  let inputs = null;
  const add = button(t('deviceForm.addSecurityRelay'), { kind: 'secondary', class: 'btn btn-secondary btn-small' });
  function draw(value, focus) {
    slot.replaceChildren();
    inputs = null;
    if (!value) {
      slot.append(add, h('p', { class: 'field-hint', text: t('deviceForm.securityRelayHint') }));
      if (focus) add.focus();
      return;
    }
    const name = field({ id: 'sr-name', name: 'security_relay.name', label: t('deviceForm.securityRelayName'), maxlength: 32, value: value.name, autocomplete: 'off' });
    const dtmf = field({ id: 'sr-dtmf', name: 'security_relay.dtmf', label: t('deviceForm.securityRelayDtmf'), maxlength: 4, value: value.dtmf, autocomplete: 'off', class: 'input input-short' });
    const remove = h('button', { type: 'button', class: 'btn btn-ghost btn-small btn-danger-text', text: t('common.remove'), 'aria-label': t('deviceForm.removeSecurityRelay') });
    remove.addEventListener('click', () => { current = null; draw(null, true); });
    inputs = { name: name.querySelector('input'), dtmf: dtmf.querySelector('input') };
    slot.append(h('fieldset', { class: 'row-item' },
      h('legend', { class: 'row-legend', text: t('deviceForm.securityRelay') }),
      h('p', { class: 'field-hint', text: t('deviceForm.securityRelayHint') }),
      h('div', { class: 'row-fields' }, h('div', { class: 'grid-2 grid-relay' }, name, dtmf)),
      h('div', { class: 'row-actions-end' }, remove)));
    if (focus) inputs.name.focus();
  }
  add.addEventListener('click', () => { current = { name: 'SR01', dtmf: '' }; draw(current, true); });
  draw(current, false);
  slot.values = () => (inputs ? { name: inputs.name.value.trim(), dtmf: inputs.dtmf.value.trim() } : null);
  return slot;
}

function pushButtons(d) {
  const pb = d.push_buttons || null;
  const module = selectField({
    id: 'pb-module', name: 'push_buttons.module', label: t('deviceForm.module'), hint: t('deviceForm.moduleHint'),
    options: [{ value: '', label: t('deviceForm.moduleNone') }, ...Object.keys(MODULE_BUTTONS).map((m) => ({ value: m, label: t('deviceForm.moduleN', { module: m, n: MODULE_BUTTONS[m] }) }))],
    value: pb ? pb.module : '',
  });
  const select = module.querySelector('select');
  const blank = (i) => ({ label: t('deviceForm.buttonDefault', { n: i + 1 }), call: 'apps_and_monitors' });
  const list = rowList({
    name: 'push_buttons.buttons',
    rowLegend: (i) => t('deviceForm.buttonN', { n: i + 1 }),
    addLabel: t('deviceForm.addButton'),
    removeLabel: (i) => t('deviceForm.removeButton', { n: i + 1 }),
    limitText: (max) => t('deviceForm.buttonLimit', { module: select.value, n: max }),
    max: pb ? MODULE_BUTTONS[pb.module] : 6,
    items: pb ? pb.buttons : [],
    blank,
    fields: (i, b, path) => {
      const id = uid('button');
      const label = field({ id: `${id}-label`, name: `${path}.label`, label: t('deviceForm.buttonLabel'), maxlength: 32, value: b.label, autocomplete: 'off' });
      const call = selectField({
        id: `${id}-call`, name: `${path}.call`, label: t('deviceForm.buttonCall'), value: b.call || 'apps_and_monitors',
        options: CALLS.map((c) => ({ value: c, label: t(`deviceForm.call.${c}`) })),
      });
      return {
        nodes: [h('div', { class: 'grid-2' }, label, call)],
        values: () => ({ label: label.querySelector('input').value.trim(), call: call.querySelector('select').value }),
      };
    },
  });
  const sync = () => {
    list.el.hidden = !select.value;
    if (select.value) list.setMax(MODULE_BUTTONS[select.value]);
  };
  select.addEventListener('change', sync);
  sync();
  const wrap = h('div', { class: 'form-card-body' }, module, list.el);
  wrap.values = () => (select.value ? { module: select.value, buttons: list.values() } : null);
  wrap.problems = () => {
    const p = {};
    if (!select.value) return p;
    list.values().forEach((b, i) => { if (!b.label) p[`push_buttons.buttons[${i}].label`] = t('common.required'); });
    if (list.count() > MODULE_BUTTONS[select.value]) p['push_buttons.buttons'] = t('deviceForm.buttonLimit', { module: select.value, n: MODULE_BUTTONS[select.value] });
    return p;
  };
  return wrap;
}

/**
 * doorSettings({device, type, model, firmware}) -> {nodes, values(),
 * problems(), refresh()}. device: the DEVICE (or a draft of the same
 * shape) whose values fill the inputs; firmware(): the firmware typed in
 * the form now. values() is the request's part for these settings;
 * problems() what the server would refuse ({path: message}); refresh()
 * re-checks what the firmware allows.
 */
export function doorSettings({ device, type, model, firmware }) {
  const d = device || {};
  const monitoring = yesNo('allow_monitoring', t('deviceForm.allowMonitoring'), t('deviceForm.allowMonitoringHint'), d.allow_monitoring !== false);
  const ipField = field({
    id: 'device-ip', name: 'ip', label: t('deviceForm.ip'), hint: t('deviceForm.ipHint'), value: d.ip || '', autocomplete: 'off',
    inputmode: 'decimal', maxlength: 15, spellcheck: 'false',
  });
  const internet = yesNo('internet_access', t('deviceForm.internetAccess'), t('deviceForm.internetAccessHint'), d.internet_access !== false,
    () => { ipField.hidden = choiceValue(internet) === 'yes'; });
  ipField.hidden = choiceValue(internet) === 'yes';

  const relays = relayRows(d, model, firmware);
  const hasSecurity = type === 'door_phone' && model.security_relay;
  const security = hasSecurity ? securityRelay(d) : null;
  const buttons = model.expansion_modules ? pushButtons(d) : null;

  const nodes = [
    card(t('deviceForm.monitoringSection'), null, monitoring, internet, ipField),
    card(t('deviceForm.relaysSection'), null, relays.el,
      security ? h('div', { class: 'security-block' }, security) : null),
    buttons ? card(t('deviceForm.buttonsSection'), t('deviceForm.buttonsIntro'), buttons) : null,
  ];

  return {
    nodes,
    values: () => {
      const internetOn = choiceValue(internet) === 'yes';
      const ip = ipField.querySelector('input').value.trim();
      const v = {
        allow_monitoring: choiceValue(monitoring) === 'yes',
        internet_access: internetOn,
        // With internet the IP is optional; an empty box means none.
        ip: ip || null,
        relays: relays.values(),
      };
      if (security) v.security_relay = security.values();
      if (buttons) v.push_buttons = buttons.values();
      return v;
    },
    problems: () => {
      const p = {};
      const ip = ipField.querySelector('input').value.trim();
      if (choiceValue(internet) === 'no' && !ip) p.ip = t('deviceForm.ipRequired');
      else if (ip && !/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(ip)) p.ip = t('deviceForm.ipInvalid');
      relays.values().forEach((r, i) => {
        if (!r.name) p[`relays[${i}].name`] = t('common.required');
        if (!DTMF.test(r.dtmf)) p[`relays[${i}].dtmf`] = t('deviceForm.dtmfInvalid');
      });
      if (relays.count() > model.relays) p.relays = t('deviceForm.relayLimit', { model: model.model, n: model.relays });
      if (security) {
        const s = security.values();
        if (s && !s.name) p['security_relay.name'] = t('common.required');
        if (s && !DTMF.test(s.dtmf)) p['security_relay.dtmf'] = t('deviceForm.dtmfInvalid');
      }
      if (buttons) Object.assign(p, buttons.problems());
      return p;
    },
    refresh: () => relays.refreshAccess(),
  };
}
