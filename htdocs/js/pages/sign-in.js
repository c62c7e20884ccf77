// Sign in: email or username + password (POST /api/auth/login), then on to
// the first pending login step.

import { h } from '../ui/dom.js';
import { authCard } from '../ui/auth-layout.js';
import { field, bindForm, button } from '../ui/form.js';
import { api } from '../api.js';
import { t } from '../strings/index.js';
import { setMe, setTwofaMethods, rememberNext, continueWith } from '../session.js';

export default function signIn(ctx) {
  const next = ctx.params.get('next');
  const submit = button(t('signIn.submit'), { type: 'submit', class: 'btn btn-primary btn-block' });
  const form = h('form', { class: 'form', 'aria-label': t('signIn.title') },
    field({ id: 'login', name: 'login', label: t('signIn.login'), autocomplete: 'username', required: true, autofocus: true, maxlength: 254, autocapitalize: 'none', spellcheck: 'false' }),
    field({ id: 'password', name: 'password', label: t('signIn.password'), type: 'password', autocomplete: 'current-password', required: true }),
    h('div', { class: 'form-row-end' }, h('a', { href: '/forgot-password', class: 'link', text: t('signIn.forgot') })),
    submit);

  bindForm(form, {
    validate: (v) => {
      const problems = {};
      if (!v.login.trim()) problems.login = t('common.required');
      if (!v.password) problems.password = t('common.required');
      return problems;
    },
    onSubmit: async (v) => {
      submit.textContent = t('signIn.submitting');
      try {
        const answer = await api.post('/api/auth/login', { login: v.login.trim(), password: v.password }, { on401: 'throw' });
        setTwofaMethods(answer.twofa_methods);
        rememberNext(next);
        setMe(answer.account);
        await continueWith(answer.stage);
      } catch (error) {
        form.querySelector('#password').value = '';
        throw error;
      } finally {
        submit.textContent = t('signIn.submit');
      }
    },
  });

  const notice = ctx.state && ctx.state.notice;
  return authCard({ title: t('signIn.title'), intro: t('signIn.intro') },
    notice ? h('p', { class: 'notice', text: notice }) : null,
    form);
}
