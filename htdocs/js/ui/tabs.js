// Tabs (WAI-ARIA tabs pattern): a tablist of buttons, one panel shown at a
// time, arrow keys/Home/End move between tabs. Panels are drawn the first
// time their tab is opened, so a tab that fetches does so only when looked at.

import { h, replace } from './dom.js';

/**
 * tabs({label, items: [{id, label, render() -> node|Promise<node>}],
 * selected, onSelect(id)}) -> {el, select(id), redraw(id)}.
 * label names the tablist for screen readers; onSelect lets the page keep
 * the open tab in its URL.
 */
export function tabs({ label, items, selected, onSelect }) {
  const prefix = `tab-${Math.random().toString(36).slice(2, 8)}`;
  const buttons = new Map();
  const panels = new Map();
  const drawn = new Set();
  const list = h('div', { class: 'tablist', role: 'tablist', 'aria-label': label });
  const body = h('div', { class: 'tab-panels' });

  for (const item of items) {
    const tabId = `${prefix}-${item.id}`;
    const panelId = `${tabId}-panel`;
    const btn = h('button', {
      type: 'button', role: 'tab', id: tabId, class: 'tab', 'aria-controls': panelId,
      'aria-selected': 'false', tabindex: '-1', text: item.label,
    });
    const panel = h('div', { role: 'tabpanel', id: panelId, class: 'tab-panel', 'aria-labelledby': tabId, tabindex: '0', hidden: true });
    btn.addEventListener('click', () => select(item.id, true));
    buttons.set(item.id, btn);
    panels.set(item.id, panel);
    list.append(btn);
    body.append(panel);
  }

  list.addEventListener('keydown', (e) => {
    const ids = items.map((i) => i.id);
    const at = ids.findIndex((id) => buttons.get(id) === document.activeElement);
    if (at < 0) return;
    let next = null;
    if (e.key === 'ArrowRight') next = ids[(at + 1) % ids.length];
    else if (e.key === 'ArrowLeft') next = ids[(at - 1 + ids.length) % ids.length];
    else if (e.key === 'Home') next = ids[0];
    else if (e.key === 'End') next = ids[ids.length - 1];
    if (!next) return;
    e.preventDefault();
    select(next, true);
    buttons.get(next).focus();
  });

  async function draw(id) {
    const item = items.find((i) => i.id === id);
    const panel = panels.get(id);
    drawn.add(id);
    const node = await item.render();
    replace(panel, node);
  }

  function select(id, byUser) {
    if (!buttons.has(id)) id = items[0].id;
    for (const [key, btn] of buttons) {
      const on = key === id;
      btn.setAttribute('aria-selected', String(on));
      btn.tabIndex = on ? 0 : -1;
      panels.get(key).hidden = !on;
    }
    if (!drawn.has(id)) draw(id);
    if (byUser && onSelect) onSelect(id);
  }

  select(selected || items[0].id, false);
  return { el: h('div', { class: 'tabs' }, list, body), select, redraw: (id) => draw(id) };
}
