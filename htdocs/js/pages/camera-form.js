// Sites > one resident > Devices > Third-party > New camera
// (/sites/{id}/cameras/new) and Edit (/sites/{id}/cameras/{camera}/edit):
// the guide's "Add Third-party Cameras" table. The owner is the site; the
// password is write-only (never shown; on edit an empty box keeps it);
// credentials typed into the RTSP address are moved by the server into the
// user name and password. Monitoring terminals are the site's indoor
// monitors and the app; a camera may be linked to one of its door phones.
// Without the premium plan the page explains why instead of a form.

import { h } from '../ui/dom.js';
import { pageFrame, stateBox } from '../ui/page.js';
import { field, selectField, choiceGroup, choiceValue, setFormError } from '../ui/form.js';
import { checkGroup, checkbox } from '../ui/checks.js';
import { toast } from '../ui/toast.js';
import { api } from '../api.js';
import { t } from '../strings/index.js';
import { navigate } from '../router.js';
import { premiumActive, premiumNotice } from './site-thirdparty.js';
import { canon, deviceCrumb, onSave } from './device-form.js';

const CODE_FIELD = { invalid_terminal: 'monitor_device_ids', invalid_link: 'linked_device_id', premium_plan_required: null };

function notFound(siteId) {
  return pageFrame({ title: t('cameras.notFound') },
    h('div', { class: 'card' }, stateBox({
      iconName: 'search', title: t('cameras.notFoundText'),
      action: h('a', { href: `/sites/${siteId}?tab=devices&view=thirdparty`, class: 'btn btn-secondary', text: t('deviceForm.backToDevices') }),
    })));
}

/** The site's intercom devices, or [] when they cannot be listed (the form still works). */
async function siteDevices(siteId) {
  try {
    const data = await api.get('/api/devices', { query: { site_id: siteId, per_page: 200 } });
    return { items: (data && data.items) || [], failed: false };
  } catch (error) {
    if (error.handled) throw error;
    return { items: [], failed: true };
  }
}

function card(title, intro, ...content) {
  return h('section', { class: 'card form-card' },
    h('h2', { class: 'section-title', text: title }),
    intro ? h('p', { class: 'section-intro', text: intro }) : null,
    h('div', { class: 'form-card-body' }, content));
}

export default async function cameraForm(ctx) {
  const siteId = ctx.args[0];
  const cameraId = ctx.args[1];
  const editing = !!cameraId;
  let site;
  let camera = null;
  try {
    [site, camera] = await Promise.all([
      api.get(`/api/sites/${siteId}`),
      editing ? api.get(`/api/devices/cameras/${cameraId}`) : null,
    ]);
  } catch (error) {
    if (error.status === 404) return notFound(siteId);
    throw error;
  }
  if (camera && String(camera.site_id) !== String(site.id)) return notFound(siteId);
  const back = `/sites/${site.id}?tab=devices&view=thirdparty`;
  const title = editing ? t('cameras.editTitle') : t('cameras.newTitle');
  const crumb = deviceCrumb(site, editing ? camera.name : t('cameras.newCrumb'), 'thirdparty');

  if (!premiumActive(site)) {
    const page = pageFrame({ title, className: 'page-form' },
      h('div', { class: 'card form-card' }, premiumNotice(site),
        h('p', {}, h('a', { href: back, class: 'btn btn-secondary', text: t('deviceForm.backToDevices') }))));
    page.prepend(crumb);
    return page;
  }

  const devices = await siteDevices(site.id);
  const monitors = devices.items.filter((d) => d.type === 'indoor_monitor');
  const doors = devices.items.filter((d) => d.type === 'door_phone');
  const c = camera || { allow_monitoring: true, monitor_app: true, monitor_device_ids: [], linked_device_id: null, username: '' };

  const form = h('form', { class: 'site-form camera-form', 'aria-label': title });
  form.noValidate = true;
  const owner = field({ id: 'camera-owner', name: 'site_id', label: t('cameras.owner'), value: site.name, readonly: true, hint: t('cameras.ownerHint') });
  const name = field({ id: 'camera-name', name: 'name', label: t('cameras.name'), maxlength: 64, autocomplete: 'off', value: c.name, hint: t('cameras.nameHint') });
  const url = field({
    id: 'camera-url', name: 'rtsp_url', label: t('cameras.url'), maxlength: 1024, autocomplete: 'off', spellcheck: 'false',
    value: c.rtsp_url, placeholder: 'rtsp://192.168.1.20:554/stream1', hint: t('cameras.urlHint'),
  });
  const user = field({ id: 'camera-user', name: 'username', label: t('cameras.username'), optional: true, maxlength: 128, autocomplete: 'off', value: c.username || '' });
  const pass = field({
    id: 'camera-password', name: 'password', type: 'password', label: t('cameras.password'), optional: true, maxlength: 128,
    autocomplete: 'new-password', placeholder: editing && c.has_password ? t('cameras.unchanged') : null,
    hint: editing ? (c.has_password ? t('cameras.passwordKeptHint') : t('cameras.passwordNoneHint')) : t('cameras.passwordHint'),
  });
  const passInput = pass.querySelector('input');
  const clearPass = editing && c.has_password
    ? checkbox({ id: 'camera-clear-password', name: 'clear_password', label: t('cameras.clearPassword') }) : null;
  if (clearPass) {
    clearPass.input.addEventListener('change', () => {
      passInput.disabled = clearPass.input.checked;
      if (clearPass.input.checked) passInput.value = '';
    });
  }

  const terminals = checkGroup({
    name: 'monitor_device_ids', legend: t('cameras.terminals'),
    hint: monitors.length ? t('cameras.terminalsHint') : t(devices.failed ? 'cameras.terminalsUnknown' : 'cameras.terminalsNoMonitor'),
    options: [{ value: 'app', label: t('cameras.terminalApp') }, ...monitors.map((m) => ({ value: String(m.id), label: m.name }))],
    value: [...(c.monitor_app ? ['app'] : []), ...(c.monitor_device_ids || []).map(String)],
  });
  const monitoring = choiceGroup({
    name: 'allow_monitoring', legend: t('cameras.allowMonitoring'), hint: t('cameras.allowMonitoringHint'),
    value: c.allow_monitoring ? 'yes' : 'no',
    options: [{ value: 'yes', label: t('common.yes') }, { value: 'no', label: t('common.no') }],
    onChange: () => { terminals.hidden = choiceValue(monitoring) !== 'yes'; },
  });
  terminals.hidden = choiceValue(monitoring) !== 'yes';
  const linkOptions = [{ value: '', label: t('cameras.notLinked') }, ...doors.map((d) => ({ value: String(d.id), label: d.name }))];
  if (c.linked_device_id && !doors.some((d) => d.id === c.linked_device_id)) {
    linkOptions.push({ value: String(c.linked_device_id), label: c.linked_device_name || String(c.linked_device_id) });
  }
  const link = selectField({
    id: 'camera-link', name: 'linked_device_id', label: t('cameras.link'), hint: t('cameras.linkHint'),
    options: linkOptions, value: c.linked_device_id ? String(c.linked_device_id) : '',
  });

  const cancel = h('a', { href: back, class: 'btn btn-secondary', text: t('common.cancel') });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: editing ? t('common.save') : t('cameras.add') });
  form.append(
    card(t('cameras.cameraSection'), t('cameras.cameraIntro'), owner, name, url, h('div', { class: 'grid-2' }, user, pass), clearPass),
    card(t('cameras.monitoringSection'), null, monitoring, terminals, link),
    h('div', { class: 'form-bar' }, cancel, submit));

  const val = (wrap) => wrap.querySelector('input, select').value.trim();
  function values() {
    const picked = terminals.values();
    return {
      name: val(name),
      rtsp_url: val(url),
      username: val(user),
      password: passInput.value,
      allow_monitoring: choiceValue(monitoring) === 'yes',
      monitor_app: picked.includes('app'),
      monitor_device_ids: picked.filter((x) => x !== 'app').map(Number),
      linked_device_id: val(link) ? Number(val(link)) : null,
    };
  }
  function problems(v) {
    const p = {};
    if (!v.name) p.name = t('common.required');
    if (!v.rtsp_url) p.rtsp_url = t('common.required');
    else if (!/^rtsps?:\/\/[^\s/]+/i.test(v.rtsp_url)) p.rtsp_url = t('cameras.urlInvalid');
    return p;
  }
  function bodyOf(v) {
    if (!editing) {
      const body = { site_id: Number(site.id), ...v };
      // Empty boxes are left out so credentials in the address are used.
      if (!body.username) delete body.username;
      if (!body.password) delete body.password;
      return body;
    }
    const body = {};
    ['name', 'rtsp_url', 'allow_monitoring', 'monitor_app', 'monitor_device_ids', 'linked_device_id'].forEach((k) => {
      if (canon(v[k]) !== canon(c[k] === undefined ? null : c[k])) body[k] = v[k];
    });
    if (v.username !== (c.username || '')) body.username = v.username || null;
    if (clearPass && clearPass.input.checked) body.password = null;
    else if (v.password) body.password = v.password;
    return body;
  }

  onSave(form, submit, {
    problems: () => {
      form.querySelectorAll('.premium-notice').forEach((n) => n.remove());
      return problems(values());
    },
    fieldOf: CODE_FIELD,
    messageOf: (error) => (error.code === 'limit_reached' ? t('cameras.limitReached') : error.message),
    fail: (error) => {
      if (error.code !== 'premium_plan_required') return false;
      // The plan lapsed since the page was drawn: say why and how, above the form.
      setFormError(form, t('cameras.premiumRequired')).setAttribute('tabindex', '-1');
      form.querySelector('.form-alert').after(premiumNotice(site, 'premium-note-form'));
      return true;
    },
    save: async () => {
      const v = values();
      const body = bodyOf(v);
      let saved = camera;
      if (!editing) saved = await api.post('/api/devices/cameras', body);
      else if (Object.keys(body).length) saved = await api.patch(`/api/devices/cameras/${camera.id}`, body);
      toast(t(editing ? 'cameras.saved' : 'cameras.created', { name: (saved && saved.name) || v.name }));
      navigate(back);
    },
  });

  const intro = editing ? t('cameras.editIntro', { name: camera.name, site: site.name }) : t('cameras.newIntro', { site: site.name });
  const page = pageFrame({ title, intro, className: 'page-form' }, form);
  page.prepend(crumb);
  return page;
}
