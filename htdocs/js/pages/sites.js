// Sites > Single-Family House: the installer's residents (master accounts)
// in the data table: search over name, e-mail, mobile, family SIP number or
// SIP number, a status filter, sort and pages; "New" opens the create form.

import { h, breakableEmail } from '../ui/dom.js';
import { pageFrame } from '../ui/page.js';
import { dataTable } from '../ui/table.js';
import { statusPill, STATUSES, statusLabel } from '../ui/status.js';
import { phoneText } from '../ui/phone.js';
import { api } from '../api.js';
import { t, formatDate } from '../strings/index.js';

export default function sites(ctx) {
  const columns = [
    {
      key: 'name', label: t('sites.colName'), sort: 'name',
      render: (r) => h('div', { class: 'cell-who' },
        h('a', { href: `/sites/${r.id}`, class: 'cell-main cell-link', text: r.name }),
        r.room_name ? h('div', { class: 'cell-sub', text: r.room_name }) : null,
        // The status column is hidden on narrow screens; a site that is not normal still says so.
        r.status !== 'normal' ? h('span', { class: 'show-narrow' }, statusPill(r.status)) : null),
    },
    {
      key: 'email', label: t('sites.colContact'), sort: 'email',
      render: (r) => (r.email || r.mobile ? h('div', { class: 'cell-contact' },
        r.email ? h('div', { class: 'cell-email' }, breakableEmail(r.email)) : null,
        r.mobile ? h('div', { class: 'cell-sub', text: phoneText(r.country_code, r.mobile) }) : null) : ''),
    },
    {
      // Both numbers in one column: the family SIP number under the master's.
      key: 'sip_number', label: t('sites.colSip'),
      render: (r) => h('div', { class: 'cell-sip' },
        h('div', { class: 'mono', text: r.sip_number }),
        h('div', { class: 'cell-sub' }, h('span', { text: t('sites.familySipShort') }), ' ', h('span', { class: 'mono', text: r.family_sip_number }))),
    },
    { key: 'family_count', label: t('sites.colFamily'), className: 'cell-num hide-narrow', render: (r) => String(r.family_count ?? 0) },
    { key: 'status', label: t('sites.colStatus'), sort: 'status', className: 'hide-narrow', render: (r) => statusPill(r.status) },
    {
      // Seven columns do not fit beside the left column below ~1360 px; the
      // default order (newest first) still says it.
      key: 'created_at', label: t('sites.colCreated'), sort: 'created_at', className: 'hide-medium cell-nowrap',
      render: (r) => formatDate(r.created_at),
    },
    {
      // Narrow screens: the name opens the site, whose page has Edit.
      key: 'actions', label: t('sites.colActions'), className: 'cell-actions hide-narrow',
      render: (r) => h('a', {
        href: `/sites/${r.id}/edit`, class: 'btn btn-secondary btn-small', 'aria-label': t('sites.editLabel', { name: r.name }), text: t('sites.edit'),
      }),
    },
  ];
  const table = dataTable({
    caption: t('sites.caption'),
    columns,
    load: (q) => api.get('/api/sites', { query: q }),
    searchLabel: t('sites.search'),
    searchPlaceholder: t('sites.searchPlaceholder'),
    scope: {
      name: 'field',
      label: t('sites.searchIn'),
      options: [
        { value: 'all', label: t('sites.field.all') },
        { value: 'name', label: t('sites.field.name') },
        { value: 'email', label: t('sites.field.email') },
        { value: 'mobile', label: t('sites.field.mobile') },
        { value: 'family_sip', label: t('sites.field.familySip') },
        { value: 'sip', label: t('sites.field.sip') },
      ],
    },
    filters: [{
      name: 'status',
      label: t('sites.colStatus'),
      options: [{ value: '', label: t('sites.allStatuses') }, ...STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))],
    }],
    empty: { title: t('sites.empty'), text: t('sites.emptyHint') },
    noMatch: (q) => (q ? t('sites.noMatch', { q }) : t('sites.noMatchFilter')),
    params: ctx.params,
    defaultSort: '-created_at',
  });
  const create = h('a', { href: '/sites/new', class: 'btn btn-primary', text: t('sites.new') });
  return pageFrame({ title: t('sites.title'), intro: t('sites.intro'), actions: create },
    h('div', { class: 'subnav' },
      h('span', { class: 'subnav-item subnav-current', text: t('sites.singleFamily') })),
    table.el);
}
