// Login step "email": give an address, we mail a link; opening it
// (/confirm-email?token=) finishes the step. This page notices that by
// itself (it re-reads /api/auth/me every few seconds and on focus).

import { h, replace } from '../ui/dom.js';
import { authCard, otherAccountFoot } from '../ui/auth-layout.js';
import { field, bindForm, button, applyError, clearErrors } from '../ui/form.js';
import { toast } from '../ui/toast.js';
import { api } from '../api.js';
import { t } from '../strings/index.js';
import { continueWith, refreshMe } from '../session.js';

export default function emailStep(ctx) {
  const body = h('div', {});
  let sentTo = null;

  const watch = () => {
    const check = async () => {
      if (!ctx.isCurrent()) return;
      try {
        const me = await refreshMe();
        if (ctx.isCurrent() && (!me || me.stage !== 'email')) continueWith(me ? me.stage : 'signed_out');
      } catch { /* offline for a moment: try again next tick */ }
    };
    const timer = setInterval(check, 4000);
    window.addEventListener('focus', check);
    ctx.onLeave(() => { clearInterval(timer); window.removeEventListener('focus', check); });
  };

  function showForm(value) {
    const form = h('form', { class: 'form', 'aria-label': t('emailStep.title') },
      field({ id: 'email', name: 'email', label: t('emailStep.email'), type: 'email', autocomplete: 'email', required: true, maxlength: 254, value: value || '' }),
      button(t('emailStep.submit'), { type: 'submit', class: 'btn btn-primary btn-block' }));
    bindForm(form, {
      validate: (v) => (v.email.trim() ? {} : { email: t('common.required') }),
      onSubmit: async (v) => {
        await api.post('/api/auth/email', { email: v.email.trim() });
        sentTo = v.email.trim();
        showSent();
      },
    });
    replace(body, h('p', { class: 'lead', text: t('emailStep.intro') }), form);
    form.querySelector('#email').focus();
  }

  function showSent() {
    const again = button(t('emailStep.resend'), { kind: 'secondary', class: 'btn btn-secondary btn-block' });
    const change = button(t('emailStep.change'), { kind: 'link' });
    const box = h('div', { class: 'form' },
      h('div', { class: 'sent' },
        h('h2', { class: 'section-title', text: t('emailStep.sentTitle') }),
        h('p', { text: t('emailStep.sent', { email: sentTo }) }),
        h('p', { class: 'muted', text: t('emailStep.sentHint') })),
      again,
      h('p', { class: 'center' }, change));
    again.addEventListener('click', async () => {
      clearErrors(box);
      again.disabled = true;
      try {
        await api.post('/api/auth/email', { email: sentTo });
        toast(t('emailStep.resentToast'));
      } catch (error) {
        applyError(box, error);
      } finally {
        again.disabled = false;
      }
    });
    change.addEventListener('click', () => showForm(sentTo));
    replace(body, box);
    again.focus();
  }

  const other = otherAccountFoot();
  const card = authCard({ title: t('emailStep.title') }, body, other);
  showForm(ctx.me && !ctx.me.email_confirmed ? ctx.me.email : '');
  body.querySelector('#email').setAttribute('autofocus', '');
  watch();
  return card;
}
