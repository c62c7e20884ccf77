// Sites > New (/sites/new) and Edit (/sites/{id}/edit): every field of the
// guide's table for a single-family site. Creating has two steps: the
// account (Submit creates it, Next goes on) and then Video Storage and
// Akubela Smart Home; both end in one POST /api/sites. Editing shows all of
// it on one page and sends only what changed (PATCH). Field errors of the
// server land on their field, on whichever step it is.

import { h, replace } from '../ui/dom.js';
import { pageFrame, stateBox } from '../ui/page.js';
import {
  field, toggle, selectField, choiceGroup, choiceValue, prefixedField, clearErrors, setFieldError, applyError,
} from '../ui/form.js';
import { countrySelect, fullNumber, nationalPart } from '../ui/phone.js';
import { chipSelect } from '../ui/chips.js';
import { toast } from '../ui/toast.js';
import { timeZones } from '../data/timezones.js';
import { api } from '../api.js';
import { t, LANGUAGES, formatDate } from '../strings/index.js';
import { navigate } from '../router.js';

/** Akuvox models that can store video (a list to pick from; others can be typed). */
const VIDEO_MODELS = ['C319', 'E12', 'E16', 'E18', 'R20', 'R29', 'S532', 'S539', 'X912', 'X915', 'X916', 'X933'];

/** Fields of the second step: an error on one of them opens that step. */
const STEP2 = /^(video_|smart_home)/;

function card(title, intro, ...content) {
  return h('section', { class: 'card form-card' },
    h('h2', { class: 'section-title', text: title }),
    intro ? h('p', { class: 'section-intro', text: intro }) : null,
    h('div', { class: 'form-card-body' }, content));
}

/** The inputs of one site, built once; values() reads them back. */
function buildFields(site, editing) {
  const s = site || {};
  const locked = !!(editing && s.contact_locked);
  const f = {};

  f.name = field({ id: 'site-name', name: 'name', label: t('siteForm.name'), maxlength: 64, required: true, autocomplete: 'off', value: s.name, hint: t('siteForm.nameHint') });
  f.room = field({ id: 'site-room', name: 'room_name', label: t('siteForm.roomName'), maxlength: 64, optional: true, autocomplete: 'off', value: s.room_name, hint: t('siteForm.roomNameHint') });
  f.email = field({
    id: 'site-email', name: 'email', label: t('siteForm.email'), type: 'email', maxlength: 254, autocomplete: 'off',
    required: !editing, optional: editing, value: s.email, disabled: locked, hint: t('siteForm.emailHint'),
  });
  f.link = toggle({ id: 'site-link', name: 'link_existing', label: t('siteForm.linkExisting'), hint: t('siteForm.linkExistingHint') });
  f.link.hidden = true;
  f.country = countrySelect({
    id: 'site-country', label: t('siteForm.countryCode'), code: s.country_code, disabled: locked, hint: t('siteForm.countryCodeHint'),
    onChange: (code) => [f.mobile, f.land1, f.land2, f.land3].forEach((x) => x.setPrefix(code)),
  });
  const code = s.country_code || '';
  f.mobile = prefixedField({
    id: 'site-mobile', name: 'mobile', label: t('siteForm.mobile'), optional: true, prefix: code, maxlength: 20,
    autocomplete: 'off', inputmode: 'tel', value: nationalPart(code, s.mobile), disabled: locked, hint: t('siteForm.mobileHint'),
  });
  f.address = field({ id: 'site-address', name: 'address', label: t('siteForm.address'), maxlength: 255, optional: true, autocomplete: 'off', value: s.address, hint: t('siteForm.addressHint') });

  f.callMode = choiceGroup({
    name: 'call_mode', legend: t('siteForm.callMode'), kind: 'cards', value: s.call_mode || 'sip',
    options: [
      { value: 'ip', label: t('siteForm.callIp'), text: t('siteForm.callIpText') },
      { value: 'sip', label: t('siteForm.callSip'), text: t('siteForm.callSipText') },
    ],
  });
  const zones = timeZones();
  const zoneOptions = zones.slice();
  if (s.time_zone && !zones.some((z) => z.value === s.time_zone)) zoneOptions.unshift({ value: s.time_zone, label: s.time_zone });
  // The API gives a new site the installer's time zone when none is sent; no
  // API tells the portal which zone that is, so it is named, not shown.
  f.timeZone = selectField({
    id: 'site-tz', name: 'time_zone', label: t('siteForm.timeZone'), hint: t(editing ? 'siteForm.timeZoneEditHint' : 'siteForm.timeZoneHint'),
    options: editing ? zoneOptions : [{ value: '', label: t('siteForm.installerTimeZone') }, ...zoneOptions],
    value: editing ? s.time_zone : '',
  });
  f.language = selectField({
    id: 'site-lang', name: 'language', label: t('siteForm.language'), hint: t('siteForm.languageHint'),
    options: LANGUAGES.map((l) => ({ value: l.code, label: l.name })), value: s.language || 'en',
  });
  f.timeFormat = choiceGroup({
    name: 'time_format', legend: t('siteForm.timeFormat'), value: s.time_format || '24h',
    options: [{ value: '12h', label: t('siteForm.time12') }, { value: '24h', label: t('siteForm.time24') }],
  });

  const land = (n) => prefixedField({
    id: `site-landline${n}`, name: `landline${n}`, label: t('siteForm.landline', { n }), optional: true, prefix: code,
    maxlength: 20, autocomplete: 'off', inputmode: 'tel', value: nationalPart(code, s[`landline${n}`]),
  });
  f.land1 = land(1);
  f.land2 = land(2);
  f.land3 = land(3);

  f.premium = toggle({ id: 'site-premium', name: 'premium_plan', label: t('siteForm.premium'), hint: t('siteForm.premiumHint'), checked: s.premium_plan });
  f.landlineService = toggle({
    id: 'site-landline-service', name: 'landline_service', label: t('siteForm.landlineService'),
    hint: t('siteForm.landlineServiceHint'), checked: s.landline_service,
  });
  f.landlineNote = h('p', { id: 'site-landline-service-note', class: 'field-hint field-note', text: t('siteForm.landlineServiceNeedsPremium') });
  f.landlineService.querySelector('.toggle-text').append(f.landlineNote);
  const premiumInput = f.premium.querySelector('input');
  const serviceInput = f.landlineService.querySelector('input');
  serviceInput.setAttribute('aria-describedby', `${serviceInput.getAttribute('aria-describedby')} site-landline-service-note`);
  const syncPremium = () => {
    // The landline service is part of the premium plan (422 premium_plan_required otherwise).
    serviceInput.disabled = !premiumInput.checked;
    if (!premiumInput.checked) serviceInput.checked = false;
    f.landlineNote.hidden = premiumInput.checked;
  };
  premiumInput.addEventListener('change', syncPremium);
  syncPremium();
  f.monitor = toggle({ id: 'site-monitor', name: 'with_indoor_monitor', label: t('siteForm.indoorMonitor'), hint: t('siteForm.indoorMonitorHint'), checked: s.with_indoor_monitor });

  // Step two: video storage.
  const trialUsed = !!(editing && s.video_trial_ends_at && !(s.video_storage && s.video_plan === 'trial'));
  f.video = toggle({ id: 'site-video', name: 'video_storage', label: t('siteForm.video'), hint: t('siteForm.videoHint'), checked: s.video_storage });
  f.plan = choiceGroup({
    name: 'video_plan', legend: t('siteForm.videoPlan'), kind: 'cards',
    value: s.video_plan || (trialUsed ? 'subscription' : 'trial'),
    hint: trialUsed ? t('siteForm.trialUsed') : null,
    options: [
      { value: 'trial', label: t('siteForm.planTrial'), text: t('siteForm.planTrialText'), disabled: trialUsed },
      { value: 'subscription', label: t('siteForm.planSubscription'), text: t('siteForm.planSubscriptionText') },
    ],
    onChange: () => syncVideo(),
  });
  f.days = choiceGroup({
    name: 'video_days', legend: t('siteForm.videoDays'), value: String(s.video_days || 30), hint: t('siteForm.videoDaysHint'),
    options: [30, 60, 90].map((d) => ({ value: String(d), label: t('siteForm.days', { n: d }) })),
  });
  f.count = field({
    id: 'site-video-count', name: 'video_device_count', label: t('siteForm.videoCount'), type: 'number', min: 1, max: 50, step: 1,
    inputmode: 'numeric', value: String(s.video_device_count || 1), hint: t('siteForm.videoCountHint'),
  });
  f.models = chipSelect({
    name: 'video_models', legend: t('siteForm.videoModels'), hint: t('siteForm.videoModelsHint'),
    choices: VIDEO_MODELS, value: s.video_models || [], addLabel: t('siteForm.otherModel'),
  });
  f.audio = toggle({ id: 'site-video-audio', name: 'video_audio', label: t('siteForm.videoAudio'), hint: t('siteForm.videoAudioHint'), checked: s.video_audio });
  f.videoMore = h('div', { class: 'sub-fields' }, f.plan, f.days, f.count, f.models, f.audio,
    h('p', { class: 'notice notice-small', text: t('siteForm.videoOffNote') }));
  const videoInput = f.video.querySelector('input');
  function syncVideo() {
    f.videoMore.hidden = !videoInput.checked;
    // The free trial keeps videos for 30 days; only a subscription chooses.
    const trial = choiceValue(f.plan) === 'trial';
    f.days.radios.forEach((r) => {
      r.disabled = trial && r.value !== '30';
      if (trial) r.checked = r.value === '30';
    });
  }
  videoInput.addEventListener('change', syncVideo);
  syncVideo();

  const smartOn = !!(editing && s.smart_home);
  f.smart = toggle({
    id: 'site-smart-home', name: 'smart_home', label: t('siteForm.smartHome'),
    hint: smartOn ? t('siteForm.smartHomeOnSince', { date: formatDate(s.smart_home_since) || '—' }) : t('siteForm.smartHomeHint'),
    checked: s.smart_home, disabled: smartOn,
  });
  f.smartWarning = h('p', { class: 'warning-box', role: 'note', text: t('siteForm.smartHomeWarning') });

  const val = (wrap) => wrap.querySelector('input, select').value;
  const checked = (wrap) => wrap.querySelector('input').checked;
  f.values = () => {
    const cc = f.country.code();
    return {
      name: val(f.name).trim(),
      room_name: val(f.room).trim(),
      email: val(f.email).trim(),
      link_existing: checked(f.link),
      country_code: cc,
      mobile: fullNumber(cc, val(f.mobile)),
      address: val(f.address).trim(),
      call_mode: choiceValue(f.callMode),
      time_zone: val(f.timeZone),
      language: val(f.language),
      time_format: choiceValue(f.timeFormat),
      landline1: fullNumber(cc, val(f.land1)),
      landline2: fullNumber(cc, val(f.land2)),
      landline3: fullNumber(cc, val(f.land3)),
      premium_plan: checked(f.premium),
      landline_service: checked(f.landlineService),
      with_indoor_monitor: checked(f.monitor),
      video_storage: checked(f.video),
      video_plan: choiceValue(f.plan),
      video_days: Number(choiceValue(f.days)),
      video_device_count: Number(val(f.count)),
      video_models: f.models.values(),
      video_audio: checked(f.audio),
      smart_home: checked(f.smart),
    };
  };
  return f;
}

/** Problems the server would refuse, found before sending: {field: message}. */
function localProblems(v, editing, site) {
  const p = {};
  if (!v.name) p.name = t('common.required');
  if (!editing && !v.email) p.email = t('common.required');
  if (v.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.email)) p.email = t('siteForm.emailInvalid');
  if (v.mobile === null) p.country_code = t('siteForm.chooseCodeForMobile');
  for (const n of [1, 2, 3]) {
    if (v[`landline${n}`] === null) p[`landline${n}`] = t('siteForm.landlineNeedsCode');
  }
  if (v.video_storage) {
    const count = v.video_device_count;
    if (!Number.isInteger(count) || count < 1 || count > 50) p.video_device_count = t('siteForm.videoCountRange');
    else if (v.video_models.length > count) p.video_models = t('siteForm.tooManyModels', { n: count });
  }
  if (editing && site.smart_home && !v.smart_home) p.smart_home = t('siteForm.smartHomeWarning');
  return p;
}

/** The POST body of a new site: what was filled in (the API defaults the rest). */
function createBody(v) {
  const body = {
    name: v.name, email: v.email, call_mode: v.call_mode, language: v.language, time_format: v.time_format,
    premium_plan: v.premium_plan, landline_service: v.landline_service, with_indoor_monitor: v.with_indoor_monitor,
  };
  for (const k of ['room_name', 'country_code', 'mobile', 'address', 'time_zone', 'landline1', 'landline2', 'landline3']) {
    if (v[k]) body[k] = v[k];
  }
  if (v.link_existing) body.link_existing = true;
  if (v.video_storage) {
    Object.assign(body, {
      video_storage: true, video_plan: v.video_plan, video_days: v.video_days,
      video_device_count: v.video_device_count, video_models: v.video_models, video_audio: v.video_audio,
    });
  }
  if (v.smart_home) body.smart_home = true;
  return body;
}

/** The PATCH body: only what differs from the site as loaded. */
function patchBody(v, s) {
  const body = {};
  for (const k of ['name', 'room_name', 'address', 'call_mode', 'time_zone', 'language', 'time_format']) {
    if (v[k] !== (s[k] ?? '')) body[k] = v[k];
  }
  if (!s.contact_locked) {
    if (v.email !== (s.email || '')) body.email = v.email || null;
    if (v.country_code !== (s.country_code || '')) body.country_code = v.country_code;
    if (v.mobile !== (s.mobile || '')) body.mobile = v.mobile || null;
  }
  for (const k of ['landline1', 'landline2', 'landline3']) {
    if (v[k] !== (s[k] || '')) body[k] = v[k] || null;
  }
  for (const k of ['premium_plan', 'landline_service', 'with_indoor_monitor', 'smart_home']) {
    if (v[k] !== !!s[k]) body[k] = v[k];
  }
  if (v.video_storage !== !!s.video_storage) body.video_storage = v.video_storage;
  if (v.video_storage) {
    const turningOn = !s.video_storage;
    if (turningOn || v.video_plan !== s.video_plan) body.video_plan = v.video_plan;
    if (turningOn || v.video_days !== s.video_days) body.video_days = v.video_days;
    if (turningOn || v.video_device_count !== s.video_device_count) body.video_device_count = v.video_device_count;
    if (turningOn || v.video_models.join('\n') !== [...(s.video_models || [])].sort().join('\n')) body.video_models = v.video_models;
    if (turningOn || v.video_audio !== !!s.video_audio) body.video_audio = v.video_audio;
  }
  return body;
}

function notFound() {
  return pageFrame({ title: t('siteDetail.notFound') },
    h('div', { class: 'card' }, stateBox({
      iconName: 'search', title: t('siteDetail.notFoundText'),
      action: h('a', { href: '/sites', class: 'btn btn-secondary', text: t('siteDetail.backToList') }),
    })));
}

export default async function siteForm(ctx) {
  const id = ctx.args && ctx.args[0];
  const editing = !!id;
  let site = null;
  if (editing) {
    try {
      site = await api.get(`/api/sites/${id}`);
    } catch (error) {
      if (error.status === 404) return notFound();
      throw error;
    }
  }
  const f = buildFields(site, editing);
  const form = h('form', { class: 'site-form', 'aria-label': editing ? t('siteForm.editTitle') : t('siteForm.newTitle') });
  form.noValidate = true;

  const lockNote = editing && site.contact_locked
    ? h('p', { class: 'notice', id: 'site-locked-note', text: t('siteForm.contactLocked', { n: site.linked_sites }) }) : null;
  if (lockNote) {
    for (const wrap of [f.email, f.country, f.mobile]) {
      const input = wrap.querySelector('input, select');
      input.setAttribute('aria-describedby', `${input.getAttribute('aria-describedby') || ''} site-locked-note`.trim());
    }
  }

  const account = card(t('siteForm.accountSection'), t('siteForm.accountIntro'),
    lockNote,
    h('div', { class: 'grid-2' }, f.name, f.room),
    f.email, f.link,
    h('div', { class: 'grid-2 grid-phone' }, f.country, f.mobile),
    f.address);
  const calls = card(t('siteForm.callsSection'), null,
    f.callMode, h('div', { class: 'grid-2' }, f.timeZone, f.language), f.timeFormat);
  const lines = card(t('siteForm.landlinesSection'), t('siteForm.landlinesIntro'),
    h('div', { class: 'grid-3' }, f.land1, f.land2, f.land3));
  const premiumStatus = editing && site.premium_plan
    ? h('p', { class: 'field-hint', text: site.premium_expires_at ? t('siteForm.premiumUntil', { date: formatDate(site.premium_expires_at) }) : t('siteForm.premiumNoExpiry') })
    : null;
  const plan = card(t('siteForm.premiumSection'), null,
    h('div', { class: 'toggles' }, f.premium, premiumStatus, f.landlineService, f.monitor));
  const video = card(t('siteForm.videoSection'), null, h('div', { class: 'toggles' }, f.video), f.videoMore);
  const smart = card(t('siteForm.smartSection'), null, h('div', { class: 'toggles' }, f.smart), smartWarningFor(site, f));

  const step1 = h('div', { class: 'form-step', 'data-step': '1' }, account, calls, lines, plan);
  const step2 = h('div', { class: 'form-step', 'data-step': '2' }, video, smart);

  const cancel = h('a', { href: editing ? `/sites/${id}` : '/sites', class: 'btn btn-secondary', text: t('common.cancel') });
  const next = h('button', { type: 'button', class: 'btn btn-secondary', text: t('siteForm.next') });
  const back = h('button', { type: 'button', class: 'btn btn-secondary', text: t('common.back') });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: editing ? t('common.save') : t('siteForm.submit') });
  const bar = h('div', { class: 'form-bar' });

  const stepper = editing ? null : h('ol', { class: 'stepper', 'aria-label': t('siteForm.steps') },
    h('li', { class: 'step', 'data-step': '1' }, h('span', { class: 'step-num', 'aria-hidden': 'true', text: '1' }), h('span', { text: t('siteForm.step1') })),
    h('li', { class: 'step', 'data-step': '2' }, h('span', { class: 'step-num', 'aria-hidden': 'true', text: '2' }), h('span', { text: t('siteForm.step2') })));

  let step = 1;
  function showStep(n, focus) {
    step = n;
    if (editing) {
      replace(bar, cancel, submit);
      return;
    }
    step1.hidden = n !== 1;
    step2.hidden = n !== 2;
    stepper.querySelectorAll('.step').forEach((li) => {
      const mine = Number(li.dataset.step);
      if (mine === n) li.setAttribute('aria-current', 'step'); else li.removeAttribute('aria-current');
      li.classList.toggle('step-done', mine < n);
    });
    replace(bar, n === 1 ? [cancel, h('span', { class: 'form-bar-spacer' }), next, submit] : [back, h('span', { class: 'form-bar-spacer' }), submit]);
    if (focus) {
      // A new step starts at the top of the page, with the stepper in view.
      window.scrollTo(0, 0);
      const first = (n === 1 ? step1 : step2).querySelector('h2');
      first.setAttribute('tabindex', '-1');
      first.focus({ preventScroll: true });
    }
  }

  function showProblems(problems) {
    const names = Object.keys(problems);
    if (names.some((n) => !STEP2.test(n))) showStep(1); else if (names.length) showStep(2);
    names.forEach((name) => {
      const input = form.querySelector(`[name="${CSS.escape(name)}"]`);
      if (input) setFieldError(input, problems[name]);
    });
    const first = form.querySelector('[aria-invalid="true"]');
    if (first) first.focus();
  }

  next.addEventListener('click', () => {
    clearErrors(form);
    const problems = localProblems(f.values(), editing, site);
    Object.keys(problems).forEach((k) => { if (STEP2.test(k)) delete problems[k]; });
    if (Object.keys(problems).length) {
      showProblems(problems);
      return;
    }
    showStep(2, true);
  });
  back.addEventListener('click', () => showStep(1, true));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    clearErrors(form);
    const v = f.values();
    const problems = localProblems(v, editing, site);
    if (Object.keys(problems).length) {
      showProblems(problems);
      return;
    }
    form.setAttribute('aria-busy', 'true');
    const buttons = [next, back, submit];
    buttons.forEach((b) => { b.disabled = true; });
    try {
      if (editing) {
        const body = patchBody(v, site);
        if (Object.keys(body).length) await api.patch(`/api/sites/${id}`, body);
        toast(t('siteForm.saved', { name: v.name }));
        navigate(`/sites/${id}`);
      } else {
        const created = await api.post('/api/sites', createBody(v));
        // A site linked to an existing resident sends no mail (no new password).
        toast(t(created.linked_sites > 1 ? 'siteForm.createdLinked' : 'siteForm.created', { name: created.name }));
        navigate(`/sites/${created.id}`);
      }
    } catch (error) {
      if (error.handled) return;
      if (error.field) showStep(STEP2.test(error.field) ? 2 : 1);
      // An address already used by one of this installer's residents may
      // be theirs: offer to link the new site to that resident's account.
      if (!editing && error.code === 'email_in_use') f.link.hidden = false;
      applyError(form, error);
      // A form-level error sits above a long form: bring it into view.
      const alert = form.querySelector('.form-alert');
      if (alert && !form.querySelector('[aria-invalid="true"]')) alert.focus();
    } finally {
      form.removeAttribute('aria-busy');
      buttons.forEach((b) => { b.disabled = false; });
    }
  });

  form.append(step1, step2, bar);
  showStep(1);
  const title = editing ? t('siteForm.editTitle') : t('siteForm.newTitle');
  const intro = editing ? t('siteForm.editIntro', { name: site.name }) : t('siteForm.newIntro');
  return pageFrame({ title, intro, className: 'page-form' }, stepper, form);
}

/** The warning under the Smart Home switch: said before it is turned on. */
function smartWarningFor(site, f) {
  if (site && site.smart_home) return null;
  return f.smartWarning;
}
