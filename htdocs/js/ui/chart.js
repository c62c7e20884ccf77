// A donut chart drawn as inline SVG (no library): one ring segment per value,
// with a visible legend that gives the numbers. The SVG is one image for
// assistive technology (role="img" with an aria-label that says every
// number), so the picture is never the only way to read the data. Colours
// come from CSS classes (chart-<key>), not from inline styles (strict CSP).

import { h } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';

function svgEl(tag, attrs) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/**
 * donutChart({label, items: [{key, label, value}], centerValue, centerLabel})
 * -> <figure> with the SVG and its legend. label is the aria-label of the
 * image (say every number in it).
 */
export function donutChart({ label, items, centerValue, centerLabel }) {
  const size = 160;
  const stroke = 22;
  const r = (size - stroke) / 2;
  const c = 2 * Math.PI * r;
  const total = items.reduce((s, i) => s + i.value, 0);
  const svg = svgEl('svg', {
    viewBox: `0 0 ${size} ${size}`, class: 'donut', role: 'img', 'aria-label': label, focusable: 'false',
  });
  // The empty ring, visible when everything is 0.
  svg.append(svgEl('circle', { cx: size / 2, cy: size / 2, r, class: 'donut-track', fill: 'none', 'stroke-width': stroke }));
  let offset = 0;
  for (const item of items) {
    if (!item.value) continue;
    const len = (item.value / total) * c;
    // Start at 12 o'clock and go clockwise: rotate -90°, dash offset moves along.
    svg.append(svgEl('circle', {
      cx: size / 2, cy: size / 2, r, fill: 'none', 'stroke-width': stroke,
      class: `donut-seg chart-${item.key}`,
      'stroke-dasharray': `${len} ${c - len}`, 'stroke-dashoffset': String(-offset),
      transform: `rotate(-90 ${size / 2} ${size / 2})`,
    }));
    offset += len;
  }
  const v = svgEl('text', { x: size / 2, y: size / 2 - 2, 'text-anchor': 'middle', class: 'donut-value' });
  v.textContent = String(centerValue ?? total);
  const l = svgEl('text', { x: size / 2, y: size / 2 + 18, 'text-anchor': 'middle', class: 'donut-label' });
  l.textContent = centerLabel || '';
  svg.append(v, l);

  const legend = h('ul', { class: 'chart-legend' }, items.map((item) => h('li', {},
    h('span', { class: `legend-swatch chart-${item.key}`, 'aria-hidden': 'true' }),
    h('span', { class: 'legend-label', text: item.label }),
    h('span', { class: 'legend-value', text: String(item.value) }))));
  return h('figure', { class: 'chart' }, h('div', { class: 'chart-figure' }, svg), legend);
}
