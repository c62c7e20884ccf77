// A list of like rows the installer grows and shrinks up to a limit: the
// relays of a door phone, the relays of an external relay module, the push
// buttons of an expansion module. Each row is a <fieldset> named by its
// position ("Relay 2"), with a Remove button; "Add" stops at the limit and
// says why. Inputs are named by their API path ("relays[1].dtmf"), so a
// server error naming that path lands on that row's input; rows are drawn
// again after a removal, so the names always match the positions sent.

import { h, replace } from './dom.js';
import { t } from '../strings/index.js';

/**
 * rowList({
 *   name,                     the list's API key ("relays", "external_relay.relays")
 *   title, intro,             heading (h3) and a line under it (optional)
 *   rowLegend(i),             "Relay 1" for row i (0-based)
 *   addLabel, removeLabel(i), the buttons' names
 *   limitText(max),           said when the list is full
 *   min = 0, max,             how many rows there may be
 *   items: [value],           the rows to start with
 *   blank(i),                 the value of a new row i
 *   fields(i, value, path),   -> {nodes, values()}: the inputs of row i; path
 *                             is `${name}[${i}]`, the prefix of their names
 * }) -> {el, values(), setMax(max), count()}
 * el carries data-field=name: a list-level error ("too many relays") is
 * shown in its own slot there.
 */
export function rowList(opts) {
  const { name, min = 0 } = opts;
  let max = opts.max;
  let rows = [];
  const list = h('div', { class: 'row-list-items' });
  const add = h('button', { type: 'button', class: 'btn btn-secondary btn-small', text: opts.addLabel });
  const limit = h('p', { class: 'field-hint row-list-limit' });
  const slot = h('div', { class: 'row-list-error' });
  const el = h('div', { class: 'row-list', 'data-field': name },
    opts.title ? h('h3', { class: 'row-list-title', text: opts.title }) : null,
    opts.intro ? h('p', { class: 'field-hint', text: opts.intro }) : null,
    slot, list, h('div', { class: 'row-list-foot' }, add, limit));

  const values = () => rows.map((r) => r.values());

  function draw(items) {
    rows = items.map((value, i) => {
      const path = `${name}[${i}]`;
      const r = opts.fields(i, value, path);
      const remove = items.length > min
        ? h('button', {
          type: 'button', class: 'btn btn-ghost btn-small btn-danger-text row-remove', text: t('common.remove'),
          'aria-label': opts.removeLabel(i),
        })
        : null;
      if (remove) remove.addEventListener('click', () => removeAt(i));
      r.el = h('fieldset', { class: 'row-item' },
        h('legend', { class: 'row-legend', text: opts.rowLegend(i) }),
        h('div', { class: 'row-fields' }, r.nodes),
        remove ? h('div', { class: 'row-actions-end' }, remove) : null);
      return r;
    });
    replace(list, rows.map((r) => r.el));
    sync();
  }

  function sync() {
    const full = max !== undefined && rows.length >= max;
    add.disabled = full;
    limit.textContent = full && opts.limitText ? opts.limitText(max) : '';
    limit.hidden = !limit.textContent;
  }

  function removeAt(i) {
    const items = values();
    items.splice(i, 1);
    draw(items);
    const target = rows[Math.min(i, rows.length - 1)];
    const focus = target ? target.el.querySelector('input, select') : add;
    (focus && !focus.disabled ? focus : add).focus();
  }

  add.addEventListener('click', () => {
    const items = values();
    items.push(opts.blank(items.length));
    draw(items);
    const first = rows[rows.length - 1].el.querySelector('input, select');
    if (first) first.focus();
  });

  draw(opts.items || []);
  return {
    el,
    values,
    count: () => rows.length,
    setMax: (n) => { max = n; sync(); },
    /** Shows a list-level error (role="alert"), or clears it with null. */
    setError: (message) => {
      replace(slot, message ? h('p', { class: 'field-error', role: 'alert', text: message }) : null);
    },
  };
}
