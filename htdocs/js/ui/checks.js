// A group of checkboxes under one legend (the unlock methods of a relay, the
// monitoring terminals of a camera): a real <fieldset>, so the group has a
// name for screen readers and tests, and one <label for> per box. A group
// that cannot be used right now stays visible, disabled, with the reason
// said under it (not hidden: the installer learns what would enable it).

import { h, uid } from './dom.js';

/**
 * checkGroup({name, legend, hint, options: [{value, label}], value: [values],
 * className}) -> wrapper (.field) with
 *   wrapper.values()                 the checked values, in options order
 *   wrapper.setDisabled(reason)      reason (text) disables every box and
 *                                    shows it; null enables them again
 *   wrapper.boxes                    the inputs
 * Every box carries `name`, so an error on that field (applyError) finds
 * the first box and lands under the group.
 */
export function checkGroup({ name, legend, hint, options, value = [], className }) {
  const groupId = uid('checks');
  const hintId = hint ? `${groupId}-hint` : null;
  const reasonId = `${groupId}-reason`;
  const reason = h('p', { id: reasonId, class: 'field-hint field-note', hidden: true });
  const boxes = [];
  const items = options.map((o, i) => {
    const id = `${groupId}-${i}`;
    const box = h('input', { type: 'checkbox', id, name, value: o.value, class: 'check-input' });
    box.checked = value.includes(o.value);
    boxes.push(box);
    return h('span', { class: 'check-item' }, box, h('label', { for: id, class: 'check-label', text: o.label }));
  });
  const set = h('fieldset', { class: 'check-set', 'aria-describedby': [hintId, reasonId].filter(Boolean).join(' ') },
    h('legend', { class: 'label', text: legend }),
    h('div', { class: 'check-items' }, items));
  const wrap = h('div', { class: className ? `field check-field ${className}` : 'field check-field' }, set,
    hint ? h('p', { id: hintId, class: 'field-hint', text: hint }) : null, reason);
  wrap.boxes = boxes;
  wrap.values = () => boxes.filter((b) => b.checked && !b.disabled).map((b) => b.value);
  wrap.setDisabled = (text) => {
    boxes.forEach((b) => { b.disabled = !!text; });
    reason.textContent = text || '';
    reason.hidden = !text;
  };
  return wrap;
}

/**
 * checkbox({id, name, label, checked, hint}) -> one labelled checkbox
 * (.check-row); row.input is the box.
 */
export function checkbox({ id, name, label, checked, hint }) {
  const inputId = id || uid(name || 'check');
  const hintId = hint ? `${inputId}-hint` : null;
  const input = h('input', { type: 'checkbox', id: inputId, name, class: 'check-input', 'aria-describedby': hintId });
  input.checked = !!checked;
  const row = h('div', { class: 'field check-row' },
    h('span', { class: 'check-item' }, input, h('label', { for: inputId, class: 'check-label', text: label })),
    hint ? h('p', { id: hintId, class: 'field-hint', text: hint }) : null);
  row.input = input;
  return row;
}
