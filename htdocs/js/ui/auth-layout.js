// The layout of the sign-in steps and other public pages: a calm centred
// card with the brand above and the Privacy Policy link below.

import { h } from './dom.js';
import { t } from '../strings/index.js';

/** createAuthLayout() -> {el, main}; pages render into main. */
export function createAuthLayout() {
  const main = h('main', { id: 'main', class: 'auth-main', tabindex: '-1' });
  const el = h('div', { class: 'auth-layout' },
    h('header', { class: 'auth-brand' },
      h('span', { class: 'brand-mark', 'aria-hidden': 'true' }),
      h('span', { class: 'brand-name', text: t('app.name') }),
      h('span', { class: 'brand-tag', text: t('app.tagline') })),
    main,
    h('footer', { class: 'auth-footer' },
      h('a', { href: '/privacy-policy', text: t('nav.privacyPolicy') })));
  return { el, main };
}

/** A card with the page's <h1>, an optional intro and the content. */
export function authCard({ title, intro, wide }, ...content) {
  return h('section', { class: wide ? 'card auth-card auth-card-wide' : 'card auth-card' },
    h('h1', { class: 'page-title', tabindex: '-1', text: title }),
    intro ? h('p', { class: 'lead', text: intro }) : null,
    content);
}
