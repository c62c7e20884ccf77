// The account status of a site (inactivated, normal, expired) as a badge;
// the same words and colours in the list, the detail page and the dashboard.

import { h } from './dom.js';
import { t } from '../strings/index.js';

export const STATUSES = ['normal', 'inactivated', 'expired'];

const KIND = { normal: 'success', inactivated: 'warning', expired: 'danger' };

/** statusLabel('normal') -> "Normal". */
export function statusLabel(status) {
  return t(`sites.status.${status}`);
}

/** statusPill('expired') -> <span class="pill pill-danger">Expired</span>. */
export function statusPill(status) {
  return h('span', { class: `pill pill-${KIND[status] || 'info'} status-pill`, text: statusLabel(status) });
}
