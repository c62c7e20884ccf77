// Distributor > Installers: the list (search, pages, sort), create an
// installer (the generated password is shown once), switches for 2FA,
// payment permission and account access, and "Switch to" into an installer
// who has granted access.

import { h, replace, uid, breakableEmail } from '../ui/dom.js';
import { pageFrame } from '../ui/page.js';
import { dataTable } from '../ui/table.js';
import { field, toggle, bindForm, button } from '../ui/form.js';
import { openDialog, confirmDialog } from '../ui/dialog.js';
import { toast } from '../ui/toast.js';
import { api } from '../api.js';
import { t, formatDate } from '../strings/index.js';
import { setMe } from '../session.js';
import { navigate } from '../router.js';

const who = (row) => row.name || row.email || row.username || `#${row.id}`;

/** A compact switch for a table cell; the label is for screen readers. */
function cellSwitch(row, key, labelKey, onSaved) {
  const id = uid(`${key}-${row.id}`);
  const input = h('input', { id, type: 'checkbox', role: 'switch', class: 'switch-input' });
  input.checked = !!row[key];
  input.addEventListener('change', async () => {
    const value = input.checked;
    input.disabled = true;
    try {
      const updated = await api.patch(`/api/distributor/installers/${row.id}`, { [key]: value });
      Object.assign(row, updated);
      toast(t('installers.updated', { who: who(row) }));
      if (onSaved) onSaved(updated);
    } catch (error) {
      input.checked = !value;
      if (!error.handled) toast(error.message, 'error');
    } finally {
      input.disabled = false;
    }
  });
  return h('span', { class: 'cell-switch' },
    h('label', { for: id, class: 'visually-hidden', text: t(labelKey, { who: who(row) }) }),
    h('span', { class: 'switch switch-small' }, input, h('span', { class: 'switch-track', 'aria-hidden': 'true' })));
}

async function switchTo(row) {
  const sure = await confirmDialog({
    title: t('installers.switchTitle', { who: who(row) }),
    body: t('installers.switchBody'),
    consequences: t('installers.switchConsequences'),
    confirmLabel: t('installers.switchConfirm'),
  });
  if (!sure) return;
  try {
    const me = await api.post(`/api/distributor/installers/${row.id}/switch`);
    setMe(me);
    navigate('/dashboard');
  } catch (error) {
    if (!error.handled) toast(error.message, 'error');
  }
}

function createDialog(onCreated) {
  const form = h('form', { class: 'form', 'aria-label': t('installers.createTitle') },
    h('p', { class: 'muted', text: t('installers.createIntro') }),
    field({ id: 'new-email', name: 'email', label: t('installers.email'), type: 'email', autocomplete: 'off', maxlength: 254 }),
    field({ id: 'new-username', name: 'username', label: t('installers.username'), autocomplete: 'off', maxlength: 64, hint: t('installers.usernameHint'), optional: true }),
    field({ id: 'new-name', name: 'name', label: t('installers.name'), autocomplete: 'off', maxlength: 128, optional: true }),
    h('div', {},
      toggle({ id: 'new-twofa', name: 'twofa_enabled', label: t('installers.twofa') }),
      toggle({ id: 'new-payment', name: 'payment_permission', label: t('installers.payment') }),
      toggle({ id: 'new-access', name: 'account_access_enabled', label: t('installers.access') })));
  const cancel = button(t('common.cancel'), { kind: 'secondary' });
  form.append(h('div', { class: 'dialog-actions' }, cancel, button(t('installers.createSubmit'), { type: 'submit' })));
  const { dialog, close } = openDialog({ title: t('installers.createTitle'), content: form, wide: true });
  cancel.addEventListener('click', () => close(false));
  bindForm(form, {
    validate: (v) => (v.email.trim() || v.username.trim() ? {} : { email: t('installers.emailOrUsername') }),
    onSubmit: async (v) => {
      const body = {
        twofa_enabled: v.twofa_enabled, payment_permission: v.payment_permission, account_access_enabled: v.account_access_enabled,
      };
      ['email', 'username', 'name'].forEach((k) => { if (v[k].trim()) body[k] = v[k].trim(); });
      const created = await api.post('/api/distributor/installers', body);
      onCreated();
      showCreated(dialog, created, close);
      toast(t('installers.createdToast', { who: created.email || created.username }));
    },
  });
}

/** Replaces the dialog's form with the one-time sign-in details. */
function showCreated(dialog, created, close) {
  const done = button(t('installers.done'));
  done.addEventListener('click', () => close(true));
  const login = created.email || created.username;
  const copy = (text) => {
    const b = button(t('common.copy'), { kind: 'secondary', class: 'btn btn-secondary btn-small' });
    b.addEventListener('click', async () => {
      try { await navigator.clipboard.writeText(text); toast(t('common.copied')); } catch { /* clipboard not allowed */ }
    });
    return b;
  };
  dialog.querySelector('.dialog-title').textContent = t('installers.createdTitle');
  replace(dialog.querySelector('form') || dialog,
    h('p', { text: t('installers.createdIntro') }),
    h('dl', { class: 'once-box' },
      h('dt', { text: t('installers.createdLogin') }), h('dd', { text: login }), copy(login),
      created.password ? [h('dt', { text: t('installers.createdPassword') }), h('dd', { class: 'generated-password', text: created.password }), copy(created.password)] : null),
    h('div', { class: 'dialog-actions' }, done));
  done.focus();
}

export default function installers(ctx) {
  let table = null;
  const columns = [
    {
      // Name, e-mail and username in one column keeps the table readable at 768 px.
      key: 'name', label: t('installers.colName'), sort: 'name',
      render: (r) => h('div', { class: 'cell-who' },
        h('div', { class: 'cell-main', text: r.name || r.email || r.username }),
        r.name && r.email ? h('div', { class: 'cell-sub' }, breakableEmail(r.email)) : null,
        r.username ? h('div', { class: 'cell-sub', text: r.username }) : null,
        // The status column is hidden on narrow screens; a disabled account still says so.
        r.status !== 'active' ? h('span', { class: 'pill pill-danger show-narrow', text: t('installers.disabled') }) : null),
    },
    {
      key: 'status', label: t('installers.colStatus'), className: 'hide-narrow',
      render: (r) => h('span', { class: r.status === 'active' ? 'pill pill-success' : 'pill pill-danger', text: t(r.status === 'active' ? 'installers.active' : 'installers.disabled') }),
    },
    { key: 'twofa_enabled', label: t('installers.colTwofa'), render: (r) => cellSwitch(r, 'twofa_enabled', 'installers.twofaToggle') },
    { key: 'payment_permission', label: t('installers.colPayment'), render: (r) => cellSwitch(r, 'payment_permission', 'installers.paymentToggle') },
    {
      key: 'account_access_enabled', label: t('installers.colAccess'),
      render: (r) => {
        const note = h('span', { class: 'cell-sub access-note' });
        const refresh = () => {
          note.textContent = r.account_access_enabled ? t(r.access_granted ? 'installers.granted' : 'installers.notGranted') : '';
          const row = note.closest('tr');
          const btn = row && row.querySelector('.switch-to');
          if (btn) btn.disabled = !(r.account_access_enabled && r.access_granted && r.status === 'active');
        };
        const cell = h('div', { class: 'access-cell' }, cellSwitch(r, 'account_access_enabled', 'installers.accessToggle', refresh), note);
        refresh();
        return cell;
      },
    },
    { key: 'created_at', label: t('installers.colCreated'), sort: 'created_at', className: 'hide-narrow cell-nowrap', render: (r) => formatDate(r.created_at) },
    {
      key: 'actions', label: t('installers.colActions'), className: 'cell-actions',
      render: (r) => {
        const b = h('button', {
          type: 'button', class: 'btn btn-secondary btn-small switch-to', 'aria-label': t('installers.switchToLabel', { who: who(r) }), text: t('installers.switchTo'),
        });
        b.disabled = !(r.account_access_enabled && r.access_granted && r.status === 'active');
        b.addEventListener('click', () => switchTo(r));
        return b;
      },
    },
  ];
  const create = button(t('installers.create'));
  create.addEventListener('click', () => createDialog(() => table.reload()));
  table = dataTable({
    caption: t('installers.title'),
    columns,
    load: (q) => api.get('/api/distributor/installers', { query: q }),
    searchLabel: t('installers.search'),
    searchPlaceholder: t('installers.searchPlaceholder'),
    empty: { title: t('installers.empty'), text: t('installers.emptyHint') },
    noMatch: (q) => t('installers.noMatch', { q }),
    params: ctx.params,
    defaultSort: 'created_at',
  });
  return pageFrame({ title: t('installers.title'), intro: t('installers.intro'), actions: create }, table.el);
}
