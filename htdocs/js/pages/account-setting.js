// Settings > Account Setting: change password; Permission Granted (only when
// the distributor has enabled account access); Installer App account.

import { h } from '../ui/dom.js';
import { pageFrame, section } from '../ui/page.js';
import { field, bindForm, button } from '../ui/form.js';
import { autoToggle } from '../ui/autosave.js';
import { passwordProblems } from '../ui/password.js';
import { toast } from '../ui/toast.js';
import { api } from '../api.js';
import { t } from '../strings/index.js';
import { refreshMe } from '../session.js';

function passwordSection() {
  const form = h('form', { class: 'form', 'aria-label': t('account.passwordSection') },
    field({ id: 'current-password', name: 'current_password', label: t('account.current'), type: 'password', autocomplete: 'current-password', required: true }),
    field({ id: 'new-password', name: 'new_password', label: t('account.next'), type: 'password', autocomplete: 'new-password', required: true, hint: t('account.hint') }),
    field({ id: 'confirm-password', name: 'confirm_password', label: t('account.confirm'), type: 'password', autocomplete: 'new-password', required: true }),
    h('div', {}, button(t('account.submit'), { type: 'submit' })));
  bindForm(form, {
    validate: (v) => {
      const problems = passwordProblems(v.new_password, v.confirm_password, 'new_password', 'confirm_password');
      if (!v.current_password) problems.current_password = t('common.required');
      return problems;
    },
    onSubmit: async (v) => {
      await api.post('/api/auth/password/change', { current_password: v.current_password, new_password: v.new_password });
      form.reset();
      toast(t('account.changed'));
    },
  });
  return section({ title: t('account.passwordSection'), intro: t('account.passwordIntro') }, form);
}

export default async function accountSetting(ctx) {
  const me = ctx.me;
  const parts = [];
  if (me.role === 'installer') {
    const settings = await api.get('/api/auth/settings/account');
    const switched = !!me.switched_by;
    const save = async (body) => {
      await api.put('/api/auth/settings/account', body);
      await refreshMe();
    };
    if (settings.account_access_enabled) {
      parts.push(section({ title: t('account.accessSection') },
        switched ? h('p', { class: 'notice', text: t('account.switchedNote') }) : null,
        autoToggle({
          id: 'access-granted', name: 'access_granted', label: t('account.accessGranted'), hint: t('account.accessHint'),
          checked: settings.access_granted, disabled: switched,
          save: (checked) => save({ access_granted: checked }), onText: t('account.accessOn'), offText: t('account.accessOff'),
        })));
    }
    parts.push(section({ title: t('account.appSection') },
      autoToggle({
        id: 'installer-app', name: 'installer_app', label: t('account.installerApp'), hint: t('account.appHint'),
        checked: settings.installer_app, disabled: switched,
        save: (checked) => save({ installer_app: checked }), onText: t('account.appOn'), offText: t('account.appOff'),
      })));
  }
  return pageFrame({ title: t('account.title') }, passwordSection(), parts);
}
