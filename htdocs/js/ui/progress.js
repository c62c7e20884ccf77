// Progress bar for long operations (uploads, firmware pushes): a native
// <progress> with a label and a percentage; indeterminate until the first
// update. Width is the browser's, so no inline style is needed (CSP).

import { h, uid } from './dom.js';

/**
 * progressBar({label}) -> {el, set(value, max), done()}.
 */
export function progressBar({ label }) {
  const id = uid('progress');
  const bar = h('progress', { id, class: 'progress' });
  const pct = h('span', { class: 'progress-value', 'aria-hidden': 'true' });
  const el = h('div', { class: 'progress-wrap' },
    h('label', { for: id, class: 'progress-label', text: label }), bar, pct);
  return {
    el,
    set(value, max = 100) {
      bar.max = max;
      bar.value = Math.max(0, Math.min(value, max));
      pct.textContent = `${Math.round((bar.value / max) * 100)} %`;
    },
    done() {
      this.set(1, 1);
    },
  };
}
