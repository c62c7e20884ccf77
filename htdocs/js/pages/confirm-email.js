// /confirm-email?token=T: the link from the mail. Confirms the address
// (POST /api/auth/email/confirm) and continues: into the portal when this
// browser's session was waiting for it, else to sign-in.

import { h } from '../ui/dom.js';
import { authCard } from '../ui/auth-layout.js';
import { api } from '../api.js';
import { t } from '../strings/index.js';
import { refreshMe, homeFor, pathForStage } from '../session.js';

export default async function confirmEmail(ctx) {
  const token = ctx.params.get('token');
  if (!token) {
    return authCard({ title: t('confirmEmail.title') },
      h('div', { class: 'form-alert', role: 'alert' }, h('p', { text: t('confirmEmail.missing') })),
      h('p', { class: 'card-foot' }, h('a', { href: '/sign-in', class: 'link', text: t('common.backToSignIn') })));
  }
  let answer;
  try {
    answer = await api.post('/api/auth/email/confirm', { token }, { on401: 'throw' });
  } catch (error) {
    const message = error.code === 'invalid_token' ? t('confirmEmail.failed') : error.message;
    return authCard({ title: t('confirmEmail.title') },
      h('div', { class: 'form-alert', role: 'alert' }, h('p', { text: message })),
      h('p', { class: 'card-foot' }, h('a', { href: '/sign-in', class: 'link', text: t('common.backToSignIn') })));
  }
  // The session (if this browser has one) may have moved on to "done".
  const me = await refreshMe();
  const next = me ? (pathForStage(me.stage) || sessionStorage.getItem('vb.next') || homeFor(me)) : '/sign-in';
  const label = me ? t('confirmEmail.continue') : t('confirmEmail.signIn');
  return authCard({ title: t('confirmEmail.title') },
    h('div', { class: 'success-box' }, h('p', { text: t('confirmEmail.done', { email: answer.email }) })),
    h('a', { href: next, class: 'btn btn-primary btn-block', text: label, autofocus: true }));
}
