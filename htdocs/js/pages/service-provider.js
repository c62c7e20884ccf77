// Service Provider Information (after agreeing to the policy): optional;
// Skip or Save, then on to the next login step (or the portal).

import { h } from '../ui/dom.js';
import { authCard } from '../ui/auth-layout.js';
import { field, bindForm, button } from '../ui/form.js';
import { toast } from '../ui/toast.js';
import { api } from '../api.js';
import { t } from '../strings/index.js';
import { continueWith } from '../session.js';

const FIELDS = [
  { name: 'company_name', key: 'spi.company', autocomplete: 'organization', maxlength: 128 },
  { name: 'contact_name', key: 'spi.contact', autocomplete: 'name', maxlength: 128 },
  { name: 'email', key: 'spi.email', type: 'email', autocomplete: 'email', maxlength: 254 },
  { name: 'phone', key: 'spi.phone', type: 'tel', autocomplete: 'tel', maxlength: 16, hint: 'spi.phoneHint' },
  { name: 'address', key: 'spi.address', autocomplete: 'street-address', maxlength: 255 },
  { name: 'website', key: 'spi.website', type: 'url', autocomplete: 'url', maxlength: 255 },
];

export default async function serviceProvider() {
  const current = await api.get('/api/auth/service-provider');
  const skip = button(t('spi.skip'), { kind: 'secondary' });
  const form = h('form', { class: 'form', 'aria-label': t('spi.title') },
    h('div', { class: 'grid-2' }, FIELDS.map((f) => field({
      id: `spi-${f.name}`, name: f.name, label: t(f.key), type: f.type, autocomplete: f.autocomplete,
      maxlength: f.maxlength, hint: f.hint ? t(f.hint) : null, value: current[f.name] || '',
    }))),
    h('div', { class: 'actions' }, skip, button(t('spi.save'), { type: 'submit' })));
  form.querySelector('input').setAttribute('autofocus', '');

  skip.addEventListener('click', () => continueWith('next'));
  bindForm(form, {
    onSubmit: async (v) => {
      const body = {};
      FIELDS.forEach((f) => { body[f.name] = (v[f.name] || '').trim(); });
      await api.put('/api/auth/service-provider', body);
      toast(t('spi.saved'));
      await continueWith('next');
    },
  });
  return authCard({ title: t('spi.title'), intro: t('spi.intro'), wide: true }, form);
}
