// Settings > Security: the authenticator app (TOTP, RFC 6238). Enrol: QR
// code of otpauth_uri plus the secret as text, then a code to activate.
// Turning it off needs the password.

import { h, replace } from '../ui/dom.js';
import { pageFrame, section } from '../ui/page.js';
import { field, bindForm, button } from '../ui/form.js';
import { openDialog } from '../ui/dialog.js';
import { qrSvg } from '../ui/qr.js';
import { toast } from '../ui/toast.js';
import { api } from '../api.js';
import { t } from '../strings/index.js';
import { refreshMe } from '../session.js';

/** The secret in groups of four, easier to type. */
function grouped(secret) {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

export default async function security() {
  const body = h('div', {});
  let enrolled = (await api.get('/api/auth/totp')).enrolled;

  function drawStatus() {
    const start = button(enrolled ? t('security.disable') : t('security.start'), { kind: enrolled ? 'secondary' : 'primary' });
    start.addEventListener('click', enrolled ? disable : enroll);
    replace(body,
      h('div', { class: 'status-line' },
        h('span', { class: enrolled ? 'pill pill-success' : 'pill', text: enrolled ? t('common.on') : t('common.off') }),
        h('span', { text: enrolled ? t('security.enrolled') : t('security.notEnrolled') })),
      start);
  }

  async function enroll(event) {
    const trigger = event.currentTarget;
    trigger.disabled = true;
    let data;
    try {
      data = await api.post('/api/auth/totp/enroll');
    } catch (error) {
      trigger.disabled = false;
      if (!error.handled) toast(error.message, 'error');
      return;
    }
    const qr = qrSvg(data.otpauth_uri, t('security.qrAlt'));
    const form = h('form', { class: 'form', 'aria-label': t('security.totpSection') },
      h('p', { class: 'label', text: t('security.step2') }),
      field({ id: 'totp-code', name: 'code', label: t('security.code'), inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6, required: true, class: 'input input-code' }),
      h('div', { class: 'actions actions-start' },
        button(t('security.activate'), { type: 'submit' }),
        button(t('common.cancel'), { kind: 'secondary', onClick: drawStatus })));
    bindForm(form, {
      validate: (v) => (/^[0-9]{6}$/.test(v.code.trim()) ? {} : { code: t('errors.codeFormat') }),
      onSubmit: async (v) => {
        await api.post('/api/auth/totp/activate', { code: v.code.trim() });
        enrolled = true;
        await refreshMe();
        toast(t('security.activated'));
        drawStatus();
      },
    });
    replace(body,
      h('p', { class: 'label', text: t('security.step1') }),
      h('div', { class: 'qr-wrap' },
        qr || h('p', { class: 'notice', text: t('security.qrTooLong') }),
        h('div', { class: 'secret-box' },
          h('p', { class: 'field-hint', text: t('security.secretLabel') }),
          h('code', { class: 'secret', 'data-secret': data.secret, text: grouped(data.secret) }))),
      form);
    form.querySelector('#totp-code').focus();
  }

  function disable() {
    const form = h('form', { class: 'form' },
      h('p', { text: t('security.disableIntro') }),
      field({ id: 'disable-password', name: 'password', label: t('security.password'), type: 'password', autocomplete: 'current-password', required: true }));
    const cancel = button(t('common.cancel'), { kind: 'secondary' });
    form.append(h('div', { class: 'dialog-actions' }, cancel, button(t('security.disableConfirm'), { type: 'submit', kind: 'danger' })));
    const { close } = openDialog({ title: t('security.disableTitle'), content: form });
    cancel.addEventListener('click', () => close(false));
    bindForm(form, {
      validate: (v) => (v.password ? {} : { password: t('common.required') }),
      onSubmit: async (v) => {
        await api.post('/api/auth/totp/disable', { password: v.password });
        enrolled = false;
        close(true);
        await refreshMe();
        toast(t('security.disabled'));
        drawStatus();
      },
    });
  }

  drawStatus();
  return pageFrame({ title: t('security.title') },
    section({ title: t('security.totpSection'), intro: t('security.intro') }, body));
}
