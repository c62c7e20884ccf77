// Toasts: short confirmations ("Saved.") in one live region (role="status",
// aria-live polite) so screen readers announce them without moving focus.

import { h, icon } from './dom.js';
import { t } from '../strings/index.js';

let region = null;

// An open modal <dialog> makes everything outside it inert (hidden from
// assistive technology), so the live region moves into the dialog while one
// is open and back to <body> after.
function ensureRegion() {
  if (!region) region = h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite' });
  const host = document.querySelector('dialog[open]') || document.body;
  if (region.parentNode !== host) host.append(region);
  return region;
}

/** toast(message, kind = 'success'|'info'|'error'): shown for a few seconds. */
export function toast(message, kind = 'success') {
  const box = ensureRegion();
  const dismiss = h('button', { type: 'button', class: 'toast-close', 'aria-label': t('common.close') }, icon('close'));
  const item = h('div', { class: `toast toast-${kind}` },
    icon(kind === 'error' ? 'info' : 'check'), h('span', { class: 'toast-text', text: message }), dismiss);
  const remove = () => item.remove();
  dismiss.addEventListener('click', remove);
  box.append(item);
  setTimeout(remove, kind === 'error' ? 8000 : 5000);
}
