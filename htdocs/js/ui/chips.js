// A multi-select of short names shown as chips: a checkbox per known choice
// (each with its own label, so keyboard and screen readers work as with any
// checkbox) plus a text box to add a name that is not in the list. Used for
// the device models of video storage.

import { h, uid } from './dom.js';
import { t } from '../strings/index.js';

/**
 * chipSelect({name, legend, hint, choices: [string], value: [string],
 * addLabel, maxLength, onChange(values)}) -> wrapper with
 * wrapper.values() (sorted, distinct) and wrapper.setDisabled(bool).
 * Names given in value but not in choices appear as extra chips.
 */
export function chipSelect({ name, legend, hint, choices, value = [], addLabel, maxLength = 32, onChange }) {
  const groupId = uid(name);
  const hintId = hint ? `${groupId}-hint` : null;
  const list = h('div', { class: 'chips' });
  const boxes = new Map();
  const changed = () => { if (onChange) onChange(values()); };

  function addChip(label, checked) {
    if (boxes.has(label)) {
      boxes.get(label).checked = boxes.get(label).checked || checked;
      return boxes.get(label);
    }
    const id = `${groupId}-${boxes.size}`;
    const box = h('input', { type: 'checkbox', id, name, value: label, class: 'chip-input' });
    box.checked = checked;
    box.addEventListener('change', changed);
    boxes.set(label, box);
    list.append(h('span', { class: 'chip' }, box, h('label', { for: id, class: 'chip-label', text: label })));
    return box;
  }
  choices.forEach((c) => addChip(c, value.includes(c)));
  value.filter((v) => !choices.includes(v)).forEach((v) => addChip(v, true));

  const otherId = `${groupId}-other`;
  const other = h('input', { id: otherId, type: 'text', class: 'input', maxlength: maxLength, autocomplete: 'off' });
  const add = h('button', { type: 'button', class: 'btn btn-secondary', text: t('common.add') });
  const doAdd = () => {
    const label = other.value.trim();
    if (!label) return;
    addChip(label, true).focus();
    other.value = '';
    changed();
  };
  add.addEventListener('click', doAdd);
  other.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      doAdd();
    }
  });

  const set = h('fieldset', { class: 'chip-set', 'aria-describedby': hintId },
    h('legend', { class: 'label', text: legend }), list);
  const wrap = h('div', { class: 'field chip-field' }, set,
    hint ? h('p', { id: hintId, class: 'field-hint', text: hint }) : null,
    h('div', { class: 'chip-add' },
      h('label', { for: otherId, class: 'label label-small', text: addLabel }),
      h('div', { class: 'chip-add-row' }, other, add)));

  function values() {
    return [...boxes.entries()].filter(([, b]) => b.checked).map(([k]) => k).sort();
  }
  wrap.values = values;
  wrap.setDisabled = (off) => {
    boxes.forEach((b) => { b.disabled = off; });
    other.disabled = off;
    add.disabled = off;
  };
  return wrap;
}
