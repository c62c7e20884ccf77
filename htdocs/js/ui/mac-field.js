// The MAC address of a new device: a text box that offers the installer's
// unused MACs (GET /api/maclib/macs?state=unused) as a <datalist> while
// accepting any typed spelling ("0c-11-05-aa-bb-cc"): the server has the
// last word (409 mac_not_in_library / mac_in_use land on this field).

import { h, uid } from './dom.js';
import { field } from './form.js';
import { api } from '../api.js';
import { showMac } from '../pages/mac-library.js';

/**
 * macField({id, name, label, hint, value, keep}) -> the field; keep is a MAC
 * offered besides the unused ones (the device's own, when editing).
 * wrap.input is the text box. The list is fetched at once and again, by
 * prefix, as the installer types.
 */
export function macField({ id, name = 'mac', label, hint, value, keep }) {
  const listId = uid('macs');
  const wrap = field({
    id, name, label, hint, value: value ? showMac(value) : '', autocomplete: 'off', maxlength: 17, spellcheck: 'false',
    placeholder: '0C:11:05:AA:BB:CC', list: listId,
  });
  const list = h('datalist', { id: listId });
  wrap.append(list);
  const input = wrap.querySelector('input');
  wrap.input = input;

  let seq = 0;
  async function load(prefix) {
    const mine = ++seq;
    let items = [];
    try {
      const data = await api.get('/api/maclib/macs', { query: { state: 'unused', q: prefix || undefined, per_page: 200, sort: 'mac' } });
      items = (data && data.items) || [];
    } catch {
      // Only a help for typing: without it the box still takes any MAC.
      items = [];
    }
    if (mine !== seq) return;
    const macs = items.map((r) => r.mac);
    if (keep && !macs.includes(keep)) macs.unshift(keep);
    list.replaceChildren(...macs.map((m) => h('option', { value: showMac(m) })));
  }
  let timer = null;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const prefix = input.value.replace(/[\s:.-]/g, '');
    timer = setTimeout(() => load(/^[0-9A-Fa-f]{1,12}$/.test(prefix) ? prefix : ''), 250);
  });
  load('');
  return wrap;
}
