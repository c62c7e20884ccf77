// The Privacy Policy text as readable paragraphs (the API sends plain text
// with blank lines between paragraphs).

import { h } from './dom.js';
import { t, formatDate } from '../strings/index.js';

/** policyText(privacy) -> <div class="policy"> with the paragraphs. */
export function policyText(privacy) {
  const paragraphs = String(privacy.body || '').split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  return h('div', { class: 'policy' },
    h('p', { class: 'policy-meta', text: t('privacyStep.version', { version: privacy.version, date: formatDate(privacy.published_at) }) }),
    h('div', { class: 'policy-body', tabindex: '0', 'aria-label': privacy.title || t('privacyStep.title') },
      privacy.title ? h('h2', { class: 'policy-title', text: privacy.title }) : null,
      paragraphs.map((p) => h('p', { text: p }))));
}
