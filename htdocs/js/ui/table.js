// The data table every list page uses: a search box, server-side pagination
// (?q=&page=&per_page=&sort= on the API and in the page URL, so a list
// position can be linked and survives reload), sortable columns, and the
// loading, empty and error states.

import { h, icon, replace, uid } from './dom.js';
import { t } from '../strings/index.js';
import { setQuery } from '../router.js';

/**
 * dataTable({
 *   caption,                        accessible name of the table
 *   columns: [{key, label, sort?, render(row) -> node|string, className?}],
 *   load({q, page, per_page, sort}) -> {items, total, page, per_page},
 *   searchLabel, searchPlaceholder,
 *   empty: {title, text}, noMatch(q) -> text,
 *   params: URLSearchParams (the page's query: initial state),
 *   perPage = 20, defaultSort,
 *   scope?: {name, label, options: [{value, label}]}   a select before the
 *           search box saying where to search (its value goes to load()
 *           and the URL as `name`; the first option is the default),
 *   filters?: [{name, label, options: [{value, label}]}]  selects after the
 *           search box (value "" = no filter), also in load() and the URL,
 * }) -> {el, reload()}
 */
export function dataTable(opts) {
  const { columns, load, params } = opts;
  const state = {
    q: (params && params.get('q')) || '',
    page: Math.max(1, parseInt((params && params.get('page')) || '1', 10) || 1),
    per_page: opts.perPage || 20,
    sort: (params && params.get('sort')) || opts.defaultSort || '',
  };
  // Selects that narrow the list: their values live beside q in the URL.
  const selects = [];
  const selectFor = (spec, kind) => {
    const id = uid(spec.name);
    const initial = (params && params.get(spec.name)) || '';
    const sel = h('select', { id, name: spec.name, class: 'input select' },
      spec.options.map((o) => h('option', { value: o.value, text: o.label })));
    sel.value = spec.options.some((o) => o.value === initial) ? initial : spec.options[0].value;
    state[spec.name] = sel.value;
    sel.addEventListener('change', () => {
      state[spec.name] = sel.value;
      state.page = 1;
      fetchRows();
    });
    selects.push({ spec, sel, kind });
    return h('div', { class: `table-select table-${kind}` }, h('label', { for: id, class: 'table-select-label', text: spec.label }), sel);
  };
  const scopeBox = opts.scope ? selectFor(opts.scope, 'scope') : null;
  const filterBoxes = (opts.filters || []).map((f) => selectFor(f, 'filter'));
  const queryOf = () => {
    const out = {};
    selects.forEach(({ spec, kind }) => {
      const v = state[spec.name];
      // The default scope is left out of the URL; a filter's "" means none.
      out[spec.name] = kind === 'scope' && v === spec.options[0].value ? null : (v || null);
    });
    return out;
  };
  let seq = 0;

  const searchId = uid('search');
  const search = h('input', {
    id: searchId, type: 'search', class: 'input', name: 'q', placeholder: opts.searchPlaceholder || '', autocomplete: 'off',
  });
  search.value = state.q;
  const searchBox = h('div', { class: 'search' },
    h('label', { for: searchId, class: 'visually-hidden', text: opts.searchLabel }),
    icon('search'), search);

  const thead = h('thead', {});
  const tbody = h('tbody', {});
  const table = h('table', { class: 'table' },
    h('caption', { class: 'visually-hidden', text: opts.caption }), thead, tbody);
  const range = h('span', { class: 'table-range', 'aria-live': 'polite' });
  const prev = h('button', { type: 'button', class: 'btn btn-secondary btn-small', text: t('table.previous') });
  const next = h('button', { type: 'button', class: 'btn btn-secondary btn-small', text: t('table.next') });
  const foot = h('div', { class: 'table-foot' }, range, h('div', { class: 'pager' }, prev, next));
  const body = h('div', { class: 'table-scroll' }, table);
  const el = h('div', { class: 'card table-card' },
    h('div', { class: 'table-toolbar' },
      scopeBox ? h('div', { class: 'search-group' }, scopeBox, searchBox) : searchBox,
      filterBoxes, opts.toolbar || null), body, foot);

  function drawHead() {
    const current = state.sort.replace(/^-/, '');
    const desc = state.sort.startsWith('-');
    replace(thead, h('tr', {}, columns.map((col) => {
      const th = h('th', { scope: 'col', class: col.className || null });
      if (!col.sort) {
        th.textContent = col.label;
        return th;
      }
      if (current === col.sort) th.setAttribute('aria-sort', desc ? 'descending' : 'ascending');
      const btn = h('button', { type: 'button', class: 'sort-btn', title: t('table.sortBy', { column: col.label }) },
        col.label, icon('chevron'));
      btn.addEventListener('click', () => {
        state.sort = current === col.sort && !desc ? `-${col.sort}` : col.sort;
        state.page = 1;
        drawHead();
        fetchRows();
        thead.querySelector(`th[aria-sort] .sort-btn`)?.focus();
      });
      th.append(btn);
      return th;
    })));
  }

  function fullRow(node) {
    return h('tr', {}, h('td', { colspan: String(columns.length) }, node));
  }

  function loadingRows() {
    const rows = [];
    for (let i = 0; i < 3; i++) {
      rows.push(h('tr', { class: 'row-loading', 'aria-hidden': 'true' },
        columns.map(() => h('td', {}, h('div', { class: 'skeleton' })))));
    }
    return rows;
  }

  async function fetchRows() {
    const mine = ++seq;
    setQuery({ q: state.q, page: state.page > 1 ? state.page : null, sort: state.sort && state.sort !== opts.defaultSort ? state.sort : null, ...queryOf() });
    el.setAttribute('aria-busy', 'true');
    replace(tbody, loadingRows());
    range.textContent = t('table.loading');
    prev.disabled = true;
    next.disabled = true;
    let data;
    try {
      const narrow = queryOf();
      Object.keys(narrow).forEach((k) => { if (narrow[k] === null) delete narrow[k]; });
      data = await load({ q: state.q, page: state.page, per_page: state.per_page, sort: state.sort || undefined, ...narrow });
    } catch (error) {
      if (mine !== seq || error.handled) return;
      el.removeAttribute('aria-busy');
      range.textContent = '';
      const retry = h('button', { type: 'button', class: 'btn btn-secondary', text: t('common.retry'), onclick: () => fetchRows() });
      replace(tbody, fullRow(h('div', { class: 'state state-error', role: 'alert' },
        icon('info'), h('p', { class: 'state-title', text: t('table.error') }), h('p', { text: error.message }), retry)));
      return;
    }
    if (mine !== seq) return;
    el.removeAttribute('aria-busy');
    const items = data.items || [];
    const total = data.total || 0;
    if (!items.length && state.page > 1 && total > 0) {
      // The page ran off the end (rows deleted meanwhile): show the last one.
      state.page = Math.max(1, Math.ceil(total / state.per_page));
      fetchRows();
      return;
    }
    if (!items.length) {
      const narrowed = selects.some(({ kind, spec }) => kind === 'filter' && state[spec.name]);
      const empty = state.q || narrowed
        ? h('div', { class: 'state' }, icon('search'), h('p', { class: 'state-title', text: opts.noMatch(state.q) }))
        : h('div', { class: 'state' }, icon('inbox'), h('p', { class: 'state-title', text: opts.empty.title }), h('p', { text: opts.empty.text }));
      replace(tbody, fullRow(empty));
      range.textContent = '';
      foot.hidden = true;
      return;
    }
    foot.hidden = false;
    replace(tbody, items.map((row) => h('tr', {}, columns.map((col) => {
      const value = col.render ? col.render(row) : row[col.key];
      return h('td', { class: col.className || null }, value === null || value === undefined || value === '' ? '—' : value);
    }))));
    const from = (state.page - 1) * state.per_page + 1;
    range.textContent = t('table.range', { from, to: from + items.length - 1, total });
    prev.disabled = state.page <= 1;
    next.disabled = from + items.length - 1 >= total;
  }

  let timer = null;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      state.q = search.value.trim();
      state.page = 1;
      fetchRows();
    }, 250);
  });
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      clearTimeout(timer);
      state.q = search.value.trim();
      state.page = 1;
      fetchRows();
    }
  });
  prev.addEventListener('click', () => { state.page -= 1; fetchRows(); });
  next.addEventListener('click', () => { state.page += 1; fetchRows(); });

  drawHead();
  fetchRows();
  return { el, reload: fetchRows };
}
