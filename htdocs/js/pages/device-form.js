// Sites > one resident > Devices > New (/sites/{id}/devices/new) and Edit
// (/sites/{id}/devices/{device}/edit): an intercom device of the guide's
// "Add Intercom Devices". Type, model, MAC, name and firmware first; then
// exactly the settings of that type and model, built from the catalogue's
// capabilities (GET /api/devices/models): door phones, access control
// terminals and guard phones in device-door.js, indoor monitors in
// device-monitor.js. Editing sends only what changed (PATCH). A server
// error lands on the input its field path names ("relays[1].dtmf" is the
// DTMF code of the second relay).

import { h, replace } from '../ui/dom.js';
import { pageFrame, stateBox } from '../ui/page.js';
import { field, selectField, clearErrors, setFieldError, setFormError } from '../ui/form.js';
import { macField } from '../ui/mac-field.js';
import { toast } from '../ui/toast.js';
import { api } from '../api.js';
import { t } from '../strings/index.js';
import { navigate } from '../router.js';
import { normalMac } from './mac-library.js';
import { doorSettings, fwCmp } from './device-door.js';
import { monitorSettings } from './device-monitor.js';

export const TYPES = ['door_phone', 'access_control', 'guard_phone', 'indoor_monitor'];

// Errors whose answer names no field but clearly belongs to one, and the
// words the portal uses for them.
const CODE_FIELD = { mac_not_in_library: 'mac', mac_in_use: 'mac', firmware_unknown: 'firmware' };
const CODE_TEXT = {
  mac_not_in_library: 'deviceForm.macNotInLibrary',
  mac_in_use: 'deviceForm.macInUse',
  limit_reached: 'deviceForm.limitReached',
};

/**
 * canon(value) -> a string equal for equal settings: object keys sorted,
 * null members dropped (an absent ip is a null ip), lists of names sorted
 * (the order of unlock methods means nothing).
 */
export function canon(v) {
  const norm = (x) => {
    if (Array.isArray(x)) {
      const items = x.map(norm);
      return items.every((i) => typeof i === 'string') ? [...items].sort() : items;
    }
    if (x && typeof x === 'object') {
      const out = {};
      Object.keys(x).sort().forEach((k) => { if (x[k] !== null && x[k] !== undefined) out[k] = norm(x[k]); });
      return out;
    }
    return x === undefined ? null : x;
  };
  return JSON.stringify(norm(v));
}

/** The visible input named name, or null. */
function inputNamed(form, name) {
  const all = form.querySelectorAll(`[name="${CSS.escape(name)}"]`);
  return [...all].find((el) => !el.closest('[hidden]')) || null;
}

/**
 * showProblem(form, path, message): the message under the input named by
 * its API path; a list's own error ("relays") in the list's slot; a row's
 * error on the row's first input; anything else at the top of the form.
 */
export function showProblem(form, path, message) {
  const input = inputNamed(form, path);
  if (input) {
    setFieldError(input, message);
    return;
  }
  const box = form.querySelector(`[data-field="${CSS.escape(path)}"]`);
  if (box && !box.closest('[hidden]')) {
    const slot = box.querySelector('.row-list-error') || box;
    slot.append(h('p', { class: 'field-error', role: 'alert', text: message }));
    return;
  }
  const row = path.match(/^(.*\[\d+\])(\.|$)/);
  if (row) {
    const first = [...form.querySelectorAll(`[name^="${CSS.escape(`${row[1]}.`)}"]`)].find((el) => !el.closest('[hidden]'));
    if (first) {
      setFieldError(first, message);
      return;
    }
  }
  setFormError(form, message).setAttribute('tabindex', '-1');
}

/** Moves the focus to the first problem shown (an input, else a list's or the form's alert). */
export function focusProblem(form) {
  const target = form.querySelector('[aria-invalid="true"]') || form.querySelector('.field-error[role="alert"], .form-alert');
  if (!target) return;
  if (!target.matches('input, select, textarea')) target.setAttribute('tabindex', '-1');
  target.scrollIntoView({ block: 'center' });
  target.focus({ preventScroll: true });
}

/**
 * onSave(form, submit, { problems, save, fieldOf, messageOf, fail }): the
 * submit of the device and camera forms.  Nothing while a save runs; the
 * problems problems() finds ({path: message}) are shown at their inputs;
 * else save() runs with the form busy (it toasts and navigates).  An API
 * error it throws goes to fail(error) first (true: it drew the error
 * itself), else to its input (error.field, or fieldOf[error.code]) or
 * above the form (with the request id of a server error), worded by
 * messageOf(error); the focus then goes to the first problem.
 */
export function onSave(form, submit, { problems, save, fieldOf = {}, messageOf = (e) => e.message, fail = () => false }) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    clearErrors(form);
    const found = problems();
    if (Object.keys(found).length) {
      Object.entries(found).forEach(([k, msg]) => showProblem(form, k, msg));
      focusProblem(form);
      return;
    }
    form.setAttribute('aria-busy', 'true');
    submit.disabled = true;
    try {
      await save();
    } catch (error) {
      if (error.handled) return;
      if (!fail(error)) {
        const path = error.field || fieldOf[error.code] || null;
        const message = messageOf(error);
        if (path) showProblem(form, path, message);
        else {
          const detail = error.status >= 500 && error.requestId ? t('errors.requestId', { id: error.requestId }) : null;
          setFormError(form, message, detail).setAttribute('tabindex', '-1');
        }
      }
      focusProblem(form);
    } finally {
      form.removeAttribute('aria-busy');
      submit.disabled = false;
    }
  });
}

function notFound(siteId) {
  return pageFrame({ title: t('deviceForm.notFound') },
    h('div', { class: 'card' }, stateBox({
      iconName: 'search', title: t('deviceForm.notFoundText'),
      action: h('a', { href: siteId ? `/sites/${siteId}?tab=devices` : '/sites', class: 'btn btn-secondary', text: t('deviceForm.backToDevices') }),
    })));
}

/** A breadcrumb: Sites / the resident / Devices / here. */
export function deviceCrumb(site, here, view) {
  return h('nav', { class: 'crumbs', 'aria-label': t('siteDetail.breadcrumb') },
    h('a', { href: '/sites', text: t('sites.title') }), h('span', { 'aria-hidden': 'true', text: ' / ' }),
    h('a', { href: `/sites/${site.id}`, text: site.name }), h('span', { 'aria-hidden': 'true', text: ' / ' }),
    h('a', { href: `/sites/${site.id}?tab=devices${view ? `&view=${view}` : ''}`, text: t('siteDetail.tabDevices') }),
    h('span', { 'aria-hidden': 'true', text: ' / ' }),
    h('span', { 'aria-current': 'page', text: here }));
}

export default async function deviceForm(ctx) {
  const siteId = ctx.args[0];
  const deviceId = ctx.args[1];
  const editing = !!deviceId;
  let site;
  let models;
  let device = null;
  try {
    [site, models, device] = await Promise.all([
      api.get(`/api/sites/${siteId}`),
      api.get('/api/devices/models'),
      editing ? api.get(`/api/devices/${deviceId}`) : null,
    ]);
  } catch (error) {
    if (error.status === 404) return notFound(siteId);
    throw error;
  }
  if (device && String(device.site_id) !== String(site.id)) return notFound(siteId);
  const catalogue = (models && models.items) || [];
  const typesOffered = TYPES.filter((ty) => catalogue.some((m) => m.type === ty));

  const form = h('form', { class: 'site-form device-form', 'aria-label': editing ? t('deviceForm.editTitle') : t('deviceForm.newTitle') });
  form.noValidate = true;

  const typeField = selectField({
    id: 'device-type', name: 'type', label: t('deviceForm.type'),
    hint: editing ? t('deviceForm.typeFixed') : null,
    options: [...(editing ? [] : [{ value: '', label: t('deviceForm.choose') }]),
      ...(editing ? [device.type] : typesOffered).map((ty) => ({ value: ty, label: t(`devices.type.${ty}`) }))],
    value: editing ? device.type : '',
    disabled: editing,
  });
  const typeSel = typeField.querySelector('select');
  const modelField = selectField({ id: 'device-model', name: 'model', label: t('deviceForm.model'), options: [] });
  const modelSel = modelField.querySelector('select');
  const mac = macField({ id: 'device-mac', label: t('deviceForm.mac'), hint: t('deviceForm.macHint'), value: device && device.mac, keep: device && device.mac });
  const nameField = field({ id: 'device-name', name: 'name', label: t('deviceForm.name'), maxlength: 64, autocomplete: 'off', value: device && device.name, hint: t('deviceForm.nameHint') });
  const fwField = field({
    id: 'device-firmware', name: 'firmware', label: t('deviceForm.firmware'), optional: true, maxlength: 32, autocomplete: 'off',
    spellcheck: 'false', value: device && device.firmware, hint: t('deviceForm.firmwareHint'), placeholder: '539.30.10.118',
  });
  const fwInput = fwField.querySelector('input');

  const specific = h('div', { class: 'form-step device-specific' });
  let section = null;
  // What the type-specific inputs hold, carried across a change of model.
  let draft = device ? { ...device } : {};

  const modelOf = () => catalogue.find((m) => m.model === modelSel.value && m.type === typeSel.value) || null;

  function fillModels(keep) {
    const mine = catalogue.filter((m) => m.type === typeSel.value);
    const options = [{ value: '', label: typeSel.value ? t('deviceForm.choose') : t('deviceForm.chooseTypeFirst') }, ...mine.map((m) => ({ value: m.model, label: m.model }))];
    modelSel.replaceChildren(...options.map((o) => h('option', { value: o.value, text: o.label })));
    modelSel.value = mine.some((m) => m.model === keep) ? keep : '';
    modelSel.disabled = !typeSel.value;
  }

  function drawSpecific() {
    if (section) draft = { ...draft, ...section.values() };
    const model = modelOf();
    if (!model) {
      section = null;
      replace(specific, typeSel.value
        ? h('p', { class: 'notice', text: t('deviceForm.chooseModelNote') })
        : null);
      return;
    }
    const type = typeSel.value;
    section = type === 'indoor_monitor'
      ? monitorSettings({ device: draft, model })
      : doorSettings({ device: draft, type, model, firmware: () => fwInput.value });
    replace(specific, section.nodes);
  }

  typeSel.addEventListener('change', () => {
    section = null;
    draft = {};
    fillModels('');
    drawSpecific();
  });
  modelSel.addEventListener('change', drawSpecific);
  fwInput.addEventListener('input', () => { if (section) section.refresh(); });
  fillModels(device ? device.model : '');
  drawSpecific();

  const common = h('section', { class: 'card form-card' },
    h('h2', { class: 'section-title', text: t('deviceForm.deviceSection') }),
    h('div', { class: 'form-card-body' },
      h('div', { class: 'grid-2' }, typeField, modelField),
      h('div', { class: 'grid-2' }, mac, nameField),
      h('div', { class: 'grid-2' }, fwField)));

  const back = `/sites/${site.id}?tab=devices`;
  const cancel = h('a', { href: back, class: 'btn btn-secondary', text: t('common.cancel') });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: editing ? t('common.save') : t('deviceForm.add') });
  form.append(common, specific, h('div', { class: 'form-bar' }, cancel, submit));

  function problems() {
    const p = {};
    if (!typeSel.value) p.type = t('deviceForm.chooseType');
    else if (!modelSel.value) p.model = t('deviceForm.chooseModel');
    if (!normalMac(mac.input.value)) p.mac = t('macLibrary.macInvalid');
    if (!nameField.querySelector('input').value.trim()) p.name = t('common.required');
    const fw = fwInput.value.trim();
    if (fw && fwCmp(fw, fw) === null) p.firmware = t('deviceForm.firmwareInvalid');
    if (section) Object.assign(p, section.problems());
    return p;
  }

  function bodyOf() {
    const fw = fwInput.value.trim();
    const v = {
      model: modelSel.value,
      mac: normalMac(mac.input.value),
      name: nameField.querySelector('input').value.trim(),
      firmware: fw || null,
      ...section.values(),
    };
    if (!editing) {
      if (!v.firmware) delete v.firmware;
      return { site_id: Number(site.id), type: typeSel.value, ...v };
    }
    const body = {};
    Object.keys(v).forEach((k) => {
      const was = k === 'mac' ? normalMac(device.mac) : device[k];
      if (canon(v[k]) !== canon(was === undefined ? null : was)) body[k] = v[k];
    });
    return body;
  }

  onSave(form, submit, {
    problems,
    fieldOf: CODE_FIELD,
    messageOf: (error) => (CODE_TEXT[error.code] ? t(CODE_TEXT[error.code]) : error.message),
    save: async () => {
      const body = bodyOf();
      let saved = device;
      if (!editing) saved = await api.post('/api/devices', body);
      else if (Object.keys(body).length) saved = await api.patch(`/api/devices/${device.id}`, body);
      toast(t(editing ? 'deviceForm.saved' : 'deviceForm.created', { name: (saved && saved.name) || body.name }));
      navigate(back);
    },
  });

  const title = editing ? t('deviceForm.editTitle') : t('deviceForm.newTitle');
  const intro = editing ? t('deviceForm.editIntro', { name: device.name, site: site.name }) : t('deviceForm.newIntro', { site: site.name });
  const page = pageFrame({ title, intro, className: 'page-form page-device-form' }, form);
  page.prepend(deviceCrumb(site, editing ? device.name : t('deviceForm.newCrumb')));
  return page;
}
