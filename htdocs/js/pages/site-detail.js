// Sites > one resident (/sites/{id}): the master account and its settings,
// the family members, and the devices (site-devices.js), in tabs; the
// actions Edit, Reset password, Reset and Delete, each confirmed with what
// it does.

import { h, breakableEmail } from '../ui/dom.js';
import { pageFrame, stateBox } from '../ui/page.js';
import { tabs } from '../ui/tabs.js';
import { confirmDialog } from '../ui/dialog.js';
import { statusPill } from '../ui/status.js';
import { phoneText } from '../ui/phone.js';
import { toast } from '../ui/toast.js';
import { api } from '../api.js';
import { t, formatDate, LANGUAGES } from '../strings/index.js';
import { navigate, setQuery, currentPath } from '../router.js';
import { familyPanel } from './site-family.js';
import { devicesPanel } from './site-devices.js';

const TABS = ['account', 'family', 'devices'];

/** One "term: value" pair; an empty value reads as a dash. */
function pair(term, value) {
  const empty = value === null || value === undefined || value === '';
  return [h('dt', { text: term }), h('dd', { class: empty ? 'muted' : null }, empty ? '—' : value)];
}

function onOff(on) {
  return t(on ? 'common.on' : 'common.off');
}

function group(title, ...pairs) {
  return h('section', { class: 'card detail-card' },
    h('h2', { class: 'section-title', text: title }),
    h('dl', { class: 'detail-list' }, pairs));
}

function accountPanel(s) {
  const language = LANGUAGES.find((l) => l.code === s.language);
  const premium = s.premium_plan
    ? (s.premium_expires_at ? t('siteDetail.onUntil', { date: formatDate(s.premium_expires_at) }) : t('common.on'))
    : t('common.off');
  const video = [];
  if (s.video_storage) {
    video.push(
      pair(t('siteDetail.videoPlan'), t(s.video_plan === 'trial' ? 'siteForm.planTrial' : 'siteForm.planSubscription')),
      pair(t('siteForm.videoDays'), s.video_days ? t('siteForm.days', { n: s.video_days }) : ''),
      pair(t('siteForm.videoCount'), s.video_device_count != null ? String(s.video_device_count) : ''),
      pair(t('siteForm.videoModels'), (s.video_models || []).length
        ? h('span', { class: 'chip-list' }, s.video_models.map((m) => h('span', { class: 'pill pill-neutral', text: m }))) : ''),
      pair(t('siteForm.videoAudio'), onOff(s.video_audio)));
  }
  if (s.video_trial_ends_at) video.push(pair(t('siteDetail.freeDaysEnd'), formatDate(s.video_trial_ends_at, true)));

  return h('div', { class: 'detail-grid' },
    group(t('siteDetail.accountGroup'),
      pair(t('siteForm.name'), s.name),
      pair(t('siteForm.roomName'), s.room_name),
      pair(t('siteForm.email'), s.email ? breakableEmail(s.email) : ''),
      pair(t('siteForm.countryCode'), s.country_code),
      pair(t('siteForm.mobile'), phoneText(s.country_code, s.mobile)),
      pair(t('siteForm.address'), s.address),
      s.linked_sites > 1 ? pair(t('siteDetail.linkedSites'), t('siteDetail.linkedSitesValue', { n: s.linked_sites })) : null),
    group(t('siteDetail.statusGroup'),
      pair(t('siteDetail.status'), statusPill(s.status)),
      pair(t('siteDetail.expires'), s.expires_at ? formatDate(s.expires_at, true) : t('siteDetail.noExpiry')),
      pair(t('siteForm.premium'), premium),
      pair(t('siteDetail.app'), t(s.app_registered ? 'siteDetail.appRegistered' : 'siteDetail.appNotRegistered')),
      pair(t('siteDetail.familyCount'), t('siteDetail.familyCountValue', { n: s.family_count, free: s.family_free, apps: s.additional_apps })),
      deviceCountsText(s) ? pair(t('siteDetail.deviceCount'), deviceCountsText(s)) : null,
      pair(t('siteDetail.created'), formatDate(s.created_at, true)),
      s.last_reset_at ? pair(t('siteDetail.lastReset'), formatDate(s.last_reset_at, true)) : null),
    group(t('siteDetail.sipGroup'),
      pair(t('siteDetail.sipNumber'), h('span', { class: 'mono', text: s.sip_number })),
      pair(t('siteDetail.familySipNumber'), h('span', { class: 'mono', text: s.family_sip_number }))),
    group(t('siteDetail.settingsGroup'),
      pair(t('siteForm.callMode'), t(s.call_mode === 'ip' ? 'siteForm.callIp' : 'siteForm.callSip')),
      pair(t('siteForm.timeZone'), s.time_zone),
      pair(t('siteForm.language'), language ? language.name : s.language),
      pair(t('siteForm.timeFormat'), t(s.time_format === '12h' ? 'siteForm.time12' : 'siteForm.time24')),
      [1, 2, 3].map((n) => pair(t('siteForm.landline', { n }), phoneText(s.country_code, s[`landline${n}`]))),
      pair(t('siteForm.landlineService'), onOff(s.landline_service)),
      pair(t('siteForm.indoorMonitor'), onOff(s.with_indoor_monitor))),
    group(t('siteForm.videoSection'),
      pair(t('siteForm.video'), onOff(s.video_storage)),
      video),
    group(t('siteForm.smartSection'),
      pair(t('siteForm.smartHome'), s.smart_home
        ? t('siteDetail.onSince', { date: formatDate(s.smart_home_since) }) : t('common.off'))));
}

/** "3 intercom devices, 1 camera, no locks" from device_counts, or null while the API has none. */
function deviceCountsText(s) {
  const c = s.device_counts;
  if (!c || typeof c !== 'object') return null;
  const part = (n, key) => t(`siteDetail.count.${key}${n === 1 ? 'One' : 'Many'}`, { n: n || 0 });
  return [part(c.intercom, 'intercom'), part(c.cameras, 'cameras'), part(c.locks, 'locks')].join(', ');
}

/** Re-draws this page with fresh data (after reset). */
function reload() {
  navigate(currentPath(), { replace: true, state: window.history.state });
}

async function resetSite(s) {
  const sure = await confirmDialog({
    title: t('siteDetail.resetTitle', { name: s.name }),
    body: t('siteDetail.resetBody'),
    lists: [
      { title: t('siteDetail.resetRemoved'), items: t('siteDetail.resetRemovedItems'), kind: 'remove' },
      { title: t('siteDetail.resetKept'), items: t('siteDetail.resetKeptItems'), kind: 'keep' },
      { title: t('siteDetail.resetAlso'), items: t('siteDetail.resetAlsoItems'), kind: 'info' },
    ],
    confirmLabel: t('siteDetail.resetConfirm'),
    danger: true,
  });
  if (!sure) return;
  try {
    const r = await api.post(`/api/sites/${s.id}/reset`);
    const n = (r && r.removed && r.removed.family_members) || 0;
    toast(t('siteDetail.resetDone', { name: s.name, n }));
    reload();
  } catch (error) {
    if (!error.handled) toast(error.message, 'error');
  }
}

async function deleteSite(s) {
  const sure = await confirmDialog({
    title: t('siteDetail.deleteTitle', { name: s.name }),
    body: t('siteDetail.deleteBody'),
    consequences: t('siteDetail.deleteConsequences'),
    confirmLabel: t('siteDetail.deleteConfirm'),
    danger: true,
  });
  if (!sure) return;
  try {
    await api.del(`/api/sites/${s.id}`);
    toast(t('siteDetail.deleted', { name: s.name }));
    navigate('/sites');
  } catch (error) {
    if (!error.handled) toast(error.message, 'error');
  }
}

async function resetPassword(s) {
  if (!s.email) {
    toast(t('siteDetail.noEmail'), 'error');
    return;
  }
  const sure = await confirmDialog({
    title: t('siteDetail.resetPasswordTitle', { name: s.name }),
    body: t('siteDetail.resetPasswordBody', { email: s.email }),
    consequences: t('siteDetail.resetPasswordConsequences'),
    confirmLabel: t('siteDetail.resetPasswordConfirm'),
  });
  if (!sure) return;
  try {
    await api.post(`/api/sites/${s.id}/reset-password`);
    toast(t('siteDetail.passwordSent', { email: s.email }));
  } catch (error) {
    if (!error.handled) toast(error.message, 'error');
  }
}

function notFound() {
  return pageFrame({ title: t('siteDetail.notFound') },
    h('div', { class: 'card' }, stateBox({
      iconName: 'search', title: t('siteDetail.notFoundText'),
      action: h('a', { href: '/sites', class: 'btn btn-secondary', text: t('siteDetail.backToList') }),
    })));
}

export default async function siteDetail(ctx) {
  const id = ctx.args[0];
  let s;
  try {
    s = await api.get(`/api/sites/${id}`);
  } catch (error) {
    if (error.status === 404) return notFound();
    throw error;
  }
  const btn = (label, kind, onClick) => h('button', { type: 'button', class: `btn btn-${kind}`, text: label, onclick: onClick });
  const actions = [
    h('a', { href: `/sites/${s.id}/edit`, class: 'btn btn-primary', text: t('siteDetail.edit') }),
    btn(t('siteDetail.resetPassword'), 'secondary', () => resetPassword(s)),
    btn(t('siteDetail.reset'), 'secondary', () => resetSite(s)),
    btn(t('siteDetail.delete'), 'danger', () => deleteSite(s)),
  ];
  const wanted = ctx.params.get('tab');
  const view = tabs({
    label: t('siteDetail.tabsLabel'),
    selected: TABS.includes(wanted) ? wanted : 'account',
    onSelect: (tab) => setQuery({ tab: tab === 'account' ? null : tab }),
    items: [
      { id: 'account', label: t('siteDetail.tabAccount'), render: () => accountPanel(s) },
      { id: 'family', label: t('siteDetail.tabFamily'), render: () => familyPanel(s) },
      { id: 'devices', label: t('siteDetail.tabDevices'), render: () => devicesPanel(s, new URLSearchParams(window.location.search), refreshCounts) },
    ],
  });
  const countsItem = h('span', { class: 'summary-item summary-devices', hidden: !deviceCountsText(s) },
    t('siteDetail.devicesLabel'), ' ', h('strong', { text: deviceCountsText(s) || '' }));
  // A device, camera or lock added or removed in the Devices tab changes the counts.
  async function refreshCounts() {
    try {
      const fresh = await api.get(`/api/sites/${s.id}`);
      const text = deviceCountsText(fresh);
      countsItem.hidden = !text;
      countsItem.querySelector('strong').textContent = text || '';
    } catch {
      // Only the summary line: it stays as it was.
    }
  }
  const summary = h('div', { class: 'detail-summary' },
    statusPill(s.status),
    h('span', { class: 'summary-item' }, t('siteDetail.sipNumber'), ' ', h('strong', { class: 'mono', text: s.sip_number })),
    h('span', { class: 'summary-item' }, t('siteDetail.familySipNumber'), ' ', h('strong', { class: 'mono', text: s.family_sip_number })),
    countsItem);
  const crumb = h('nav', { class: 'crumbs', 'aria-label': t('siteDetail.breadcrumb') },
    h('a', { href: '/sites', text: t('sites.title') }), h('span', { 'aria-hidden': 'true', text: ' / ' }),
    h('span', { 'aria-current': 'page', text: s.name }));
  const page = pageFrame({ title: s.name, intro: s.room_name || null, actions, className: 'page-detail' }, summary, view.el);
  page.prepend(crumb);
  return page;
}
