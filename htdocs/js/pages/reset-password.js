// Reset password from the mailed link (/reset-password?token=T). Success
// ends every session of the account, so the next stop is sign-in.

import { h } from '../ui/dom.js';
import { authCard } from '../ui/auth-layout.js';
import { field, bindForm, button } from '../ui/form.js';
import { api } from '../api.js';
import { t } from '../strings/index.js';
import { navigate } from '../router.js';
import { setMe } from '../session.js';
import { passwordProblems } from '../ui/password.js';

export default function resetPassword(ctx) {
  const token = ctx.params.get('token');
  const foot = h('p', { class: 'card-foot' }, h('a', { href: '/forgot-password', class: 'link', text: t('reset.requestNew') }));
  if (!token) {
    return authCard({ title: t('reset.title') },
      h('div', { class: 'form-alert', role: 'alert' }, h('p', { text: t('reset.missing') })), foot);
  }
  const form = h('form', { class: 'form', 'aria-label': t('reset.title') },
    field({ id: 'password', name: 'password', label: t('reset.password'), type: 'password', autocomplete: 'new-password', required: true, autofocus: true, hint: t('reset.hint') }),
    field({ id: 'password-confirm', name: 'password_confirm', label: t('reset.confirm'), type: 'password', autocomplete: 'new-password', required: true }),
    button(t('reset.submit'), { type: 'submit', class: 'btn btn-primary btn-block' }));
  bindForm(form, {
    validate: (v) => passwordProblems(v.password, v.password_confirm, 'password', 'password_confirm'),
    onSubmit: async (v) => {
      await api.post('/api/auth/password/reset', { token, password: v.password }, { on401: 'throw' });
      setMe(null);
      navigate('/sign-in', { replace: true, state: { notice: t('signIn.passwordReset') } });
    },
  });
  return authCard({ title: t('reset.title'), intro: t('reset.intro') }, form, foot);
}
