// Forgot password: the API answers the same whether or not the address has
// an account (no account discovery), so the page does too.

import { h, replace } from '../ui/dom.js';
import { authCard } from '../ui/auth-layout.js';
import { field, bindForm, button } from '../ui/form.js';
import { api } from '../api.js';
import { t } from '../strings/index.js';

export default function forgotPassword() {
  const body = h('div', {});
  const form = h('form', { class: 'form', 'aria-label': t('forgot.title') },
    field({ id: 'email', name: 'email', label: t('forgot.email'), type: 'email', autocomplete: 'email', required: true, autofocus: true, maxlength: 254 }),
    button(t('forgot.submit'), { type: 'submit', class: 'btn btn-primary btn-block' }));
  bindForm(form, {
    validate: (v) => (v.email.trim() ? {} : { email: t('common.required') }),
    onSubmit: async (v) => {
      const email = v.email.trim();
      await api.post('/api/auth/password/forgot', { email }, { on401: 'throw' });
      replace(body, h('div', { class: 'sent', tabindex: '-1' },
        h('h2', { class: 'section-title', text: t('forgot.sentTitle') }),
        h('p', { text: t('forgot.sent', { email }) })));
      body.firstChild.focus();
    },
  });
  replace(body, h('p', { class: 'lead', text: t('forgot.intro') }), form);
  return authCard({ title: t('forgot.title') }, body,
    h('p', { class: 'card-foot' }, h('a', { href: '/sign-in', class: 'link', text: t('common.backToSignIn') })));
}
