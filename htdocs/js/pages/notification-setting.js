// Settings > Notification: the e-mail address (a new one counts only once
// its link is opened: "pending") and notifications on/off.

import { h, replace } from '../ui/dom.js';
import { pageFrame, section } from '../ui/page.js';
import { field, bindForm, button } from '../ui/form.js';
import { autoToggle } from '../ui/autosave.js';
import { toast } from '../ui/toast.js';
import { api } from '../api.js';
import { t } from '../strings/index.js';

export default async function notificationSetting() {
  let settings = await api.get('/api/auth/settings/notification');
  const status = h('div', {});

  const drawStatus = () => {
    replace(status,
      h('div', { class: 'status-line' },
        h('span', { class: 'label', text: `${t('notificationSettings.current')}:` }),
        h('span', { text: settings.email || t('notificationSettings.none') }),
        settings.email ? h('span', {
          class: settings.email_confirmed ? 'pill pill-success' : 'pill pill-warning',
          text: settings.email_confirmed ? t('notificationSettings.confirmed') : t('notificationSettings.unconfirmed'),
        }) : null),
      settings.pending_email ? h('p', { class: 'notice', text: t('notificationSettings.pending', { email: settings.pending_email }) }) : null);
  };
  drawStatus();

  const form = h('form', { class: 'form', 'aria-label': t('notificationSettings.emailSection') },
    field({ id: 'new-email', name: 'email', label: t('notificationSettings.newEmail'), type: 'email', autocomplete: 'email', required: true, maxlength: 254 }),
    h('div', {}, button(t('notificationSettings.submitEmail'), { type: 'submit' })));
  bindForm(form, {
    validate: (v) => (v.email.trim() ? {} : { email: t('common.required') }),
    onSubmit: async (v) => {
      const email = v.email.trim();
      settings = await api.put('/api/auth/settings/notification', { email });
      form.reset();
      drawStatus();
      toast(t('notificationSettings.emailSent', { email }));
    },
  });

  return pageFrame({ title: t('notificationSettings.title') },
    section({ title: t('notificationSettings.emailSection'), intro: t('notificationSettings.emailIntro') }, status, form),
    section({ title: t('notificationSettings.notifySection') },
      autoToggle({
        id: 'notifications-enabled', name: 'notifications_enabled', label: t('notificationSettings.notifications'),
        hint: t('notificationSettings.notifyHint'), checked: settings.notifications_enabled,
        save: async (checked) => { settings = await api.put('/api/auth/settings/notification', { notifications_enabled: checked }); },
        onText: t('notificationSettings.notifyOn'), offText: t('notificationSettings.notifyOff'),
      })));
}
