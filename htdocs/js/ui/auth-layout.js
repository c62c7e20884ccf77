// The layout of the sign-in steps and other public pages: a calm centred
// card with the brand above and the Privacy Policy link below.

import { h } from './dom.js';
import { t } from '../strings/index.js';
import { forgetAndSignIn, signOut } from '../session.js';

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

/**
 * The foot of a login step's card: "use another account" ends the half-done
 * sign-in and goes back to the sign-in page (even when the server cannot be
 * told: the step cannot go on anyway).
 */
export function otherAccountFoot() {
  return h('p', { class: 'card-foot' },
    h('a', {
      href: '/sign-in',
      class: 'link',
      text: t('twofa.useOther'),
      onclick: (e) => {
        e.preventDefault();
        signOut().catch(() => forgetAndSignIn());
      },
    }));
}
