// Any path the portal does not know: inside the portal when signed in,
// else in the sign-in card.

import { h } from '../ui/dom.js';
import { pageFrame, stateBox } from '../ui/page.js';
import { authCard } from '../ui/auth-layout.js';
import { t } from '../strings/index.js';

export default function notFound(ctx) {
  const home = h('a', { href: '/', class: 'btn btn-primary', text: t('notFound.home') });
  if (!(ctx.me && ctx.me.stage === 'done')) {
    return authCard({ title: t('notFound.title'), intro: t('notFound.text') }, home);
  }
  return pageFrame({ title: t('notFound.title') },
    h('div', { class: 'card' }, stateBox({ iconName: 'info', text: t('notFound.text'), action: home })));
}
