// The Privacy Policy, viewable any time (signed in: inside the portal; not
// signed in: in the sign-in layout).

import { h } from '../ui/dom.js';
import { pageFrame } from '../ui/page.js';
import { authCard } from '../ui/auth-layout.js';
import { policyText } from '../ui/policy.js';
import { api } from '../api.js';
import { t, formatDate } from '../strings/index.js';

export default async function privacyPolicy(ctx) {
  const privacy = await api.get('/api/auth/privacy', { on401: 'throw' });
  const accepted = privacy.accepted_at
    ? h('p', { class: 'notice', text: t('privacyPage.acceptedOn', { date: formatDate(privacy.accepted_at, true) }) })
    : null;
  const signedIn = ctx.me && ctx.me.stage === 'done';
  if (!signedIn) {
    return authCard({ title: t('privacyPage.title'), wide: true }, policyText(privacy),
      h('p', { class: 'card-foot' }, h('a', { href: '/sign-in', class: 'link', text: t('common.backToSignIn') })));
  }
  return pageFrame({ title: t('privacyPage.title'), className: 'policy-page' },
    h('div', { class: 'card section' }, accepted, policyText(privacy)));
}
