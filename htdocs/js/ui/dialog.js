// Dialogs: the native <dialog> (role dialog, focus trapped by the browser,
// Escape closes it). confirmDialog() lists the consequences of an action so
// nobody confirms blind; openDialog() hosts a small form.

import { h } from './dom.js';
import { t } from '../strings/index.js';

/**
 * openDialog({title, content, onClose}) -> {dialog, close}. content is a node
 * (often a form). Focus returns to the element that had it before.
 */
export function openDialog({ title, content, onClose, wide }) {
  const previous = document.activeElement;
  const titleId = `dlg-${Date.now()}`;
  const dialog = h('dialog', { class: wide ? 'dialog dialog-wide' : 'dialog', 'aria-labelledby': titleId },
    h('h2', { id: titleId, class: 'dialog-title', text: title }),
    content);
  let closed = false;
  const close = (result) => {
    if (closed) return;
    closed = true;
    if (dialog.open) dialog.close();
    dialog.remove();
    if (previous && previous.isConnected) previous.focus();
    if (onClose) onClose(result);
  };
  dialog.addEventListener('cancel', (event) => { event.preventDefault(); close(false); });
  document.body.append(dialog);
  dialog.showModal();
  const first = dialog.querySelector('input, select, textarea, [autofocus]');
  if (first) first.focus();
  return { dialog, close };
}

/**
 * confirmDialog({title, body, consequences, lists, confirmLabel, danger}) ->
 * Promise<boolean>: true when the named confirm button is pressed; Cancel,
 * Escape -> false. lists: [{title, items, kind: 'remove'|'keep'|'info'}]
 * shows several titled lists (what is removed, what is kept) instead of
 * the one "What happens" list.
 */
export function confirmDialog({ title, body, consequences = [], lists = [], confirmLabel, danger = false }) {
  return new Promise((resolve) => {
    const cancel = h('button', { type: 'button', class: 'btn btn-secondary', text: t('common.cancel') });
    const ok = h('button', { type: 'button', class: danger ? 'btn btn-danger' : 'btn btn-primary', text: confirmLabel });
    const content = h('div', { class: 'dialog-body' },
      body ? h('p', { text: body }) : null,
      consequences.length ? h('div', { class: 'consequences' },
        h('p', { class: 'consequences-title', text: t('dialog.consequences') }),
        h('ul', {}, consequences.map((c) => h('li', { text: c })))) : null,
      lists.map((list) => h('div', { class: `consequences consequences-${list.kind || 'info'}` },
        h('p', { class: 'consequences-title', text: list.title }),
        h('ul', {}, list.items.map((c) => h('li', { text: c }))))),
      h('div', { class: 'dialog-actions' }, cancel, ok));
    const { close } = openDialog({ title, content, wide: lists.length > 0, onClose: (result) => resolve(result === true) });
    cancel.addEventListener('click', () => close(false));
    ok.addEventListener('click', () => close(true));
    // The safe choice has the focus, so a stray Enter does not confirm.
    cancel.focus();
  });
}
