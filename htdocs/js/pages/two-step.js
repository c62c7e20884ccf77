// Two-step verification (login step "2fa"): the code mailed at sign-in, with
// "Send a new code", or the authenticator app's code when the account has
// one (the methods come from the login answer: twofa_methods).

import { h } from '../ui/dom.js';
import { authCard, otherAccountFoot } from '../ui/auth-layout.js';
import { field, bindForm, button, clearErrors, applyError } from '../ui/form.js';
import { toast } from '../ui/toast.js';
import { api } from '../api.js';
import { t } from '../strings/index.js';
import { getTwofaMethods, continueWith } from '../session.js';

export default function twoStep(ctx) {
  const methods = getTwofaMethods();
  let method = methods.includes('email') ? 'email' : methods[0];
  const email = ctx.me && ctx.me.email;

  const intro = h('p', { class: 'lead' });
  const setIntro = () => {
    intro.textContent = method === 'totp' ? t('twofa.introTotp')
      : (email ? t('twofa.introEmail', { email }) : t('twofa.introEmailNoAddress'));
  };

  const code = field({
    id: 'code', name: 'code', label: t('twofa.code'), inputmode: 'numeric', autocomplete: 'one-time-code',
    maxlength: 6, pattern: '[0-9]{6}', required: true, autofocus: true, class: 'input input-code',
  });
  const resend = button(t('twofa.resend'), { kind: 'link' });
  const resendRow = h('div', { class: 'form-row-end' }, resend);
  const form = h('form', { class: 'form', 'aria-label': t('twofa.title') },
    code,
    resendRow,
    button(t('twofa.submit'), { type: 'submit', class: 'btn btn-primary btn-block' }));

  // A choice only when the account has both factors.
  let chooser = null;
  if (methods.length > 1) {
    chooser = h('fieldset', { class: 'segmented' },
      h('legend', { class: 'label', text: t('twofa.methodLabel') }),
      methods.map((m) => {
        const id = `method-${m}`;
        const radio = h('input', { type: 'radio', name: 'method', id, value: m, class: 'segmented-input' });
        radio.checked = m === method;
        radio.addEventListener('change', () => {
          method = m;
          resendRow.hidden = method !== 'email';
          setIntro();
          clearErrors(form);
          form.querySelector('#code').focus();
        });
        return h('span', { class: 'segmented-item' }, radio,
          h('label', { for: id, text: t(m === 'totp' ? 'twofa.methodTotp' : 'twofa.methodEmail') }));
      }));
  }
  resendRow.hidden = method !== 'email';
  setIntro();

  resend.addEventListener('click', async () => {
    clearErrors(form);
    resend.disabled = true;
    try {
      await api.post('/api/auth/2fa/send');
      toast(t('twofa.resent'));
      form.querySelector('#code').focus();
    } catch (error) {
      applyError(form, error);
    } finally {
      resend.disabled = false;
    }
  });

  bindForm(form, {
    validate: (v) => (/^[0-9]{6}$/.test((v.code || '').trim()) ? {} : { code: t('errors.codeFormat') }),
    onSubmit: async (v) => {
      try {
        const answer = await api.post('/api/auth/2fa/verify', { method, code: v.code.trim() });
        await continueWith(answer.stage);
      } catch (error) {
        // The code's own problems belong to the code field.
        if (['invalid_code', 'code_expired', 'code_exhausted', 'totp_not_enrolled'].includes(error.code)) error.field = 'code';
        const input = form.querySelector('#code');
        input.select();
        throw error;
      }
    },
  });

  const other = otherAccountFoot();

  const card = authCard({ title: t('twofa.title') }, intro, chooser, form, other);
  return card;
}
