// Modules that later issues fill: the heading of the module and a calm
// "coming soon" note instead of a broken page.

import { h } from '../ui/dom.js';
import { pageFrame, stateBox } from '../ui/page.js';
import { t } from '../strings/index.js';

export default function comingSoon(ctx) {
  const text = t('comingSoon.text');
  return pageFrame({ title: t(ctx.titleKey), className: 'soon' },
    h('div', { class: 'card' },
      stateBox({ iconName: 'tools', title: text, text: t('comingSoon.hint'), action: h('span', { class: 'pill pill-info', text: t('comingSoon.badge') }) })));
}
