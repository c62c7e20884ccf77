// The "Family members" tab of a site: the member accounts, how many free
// slots and Additional Apps are left, and New / Edit / Delete. The first
// family_free members are free; beyond them the API answers 402
// additional_app_required, which is said plainly here.

import { h, replace, breakableEmail } from '../ui/dom.js';
import { stateBox } from '../ui/page.js';
import { field, prefixedField, bindForm, button } from '../ui/form.js';
import { openDialog, confirmDialog } from '../ui/dialog.js';
import { countrySelect, fullNumber, nationalPart, phoneText } from '../ui/phone.js';
import { toast } from '../ui/toast.js';
import { api, ApiError } from '../api.js';
import { t, formatDate } from '../strings/index.js';

/** The create/edit dialog of one member; onSaved() after the API said yes. */
function memberDialog(site, member, onSaved) {
  const m = member || {};
  const code = m.country_code || '';
  const country = countrySelect({
    id: 'member-country', label: t('family.countryCode'), code,
    onChange: (c) => mobile.setPrefix(c),
  });
  const mobile = prefixedField({
    id: 'member-mobile', name: 'mobile', label: t('family.mobile'), optional: true, prefix: code, maxlength: 20,
    autocomplete: 'off', inputmode: 'tel', value: nationalPart(code, m.mobile), hint: t('family.mobileHint'),
  });

  const form = h('form', { class: 'form', 'aria-label': member ? t('family.editTitle') : t('family.newTitle') },
    field({ id: 'member-name', name: 'name', label: t('family.name'), maxlength: 64, required: true, autocomplete: 'off', value: m.name }),
    field({ id: 'member-email', name: 'email', label: t('family.email'), type: 'email', maxlength: 254, optional: true, autocomplete: 'off', value: m.email, hint: t('family.emailHint') }),
    h('div', { class: 'grid-2 grid-phone' }, country, mobile));
  const cancel = button(t('common.cancel'), { kind: 'secondary' });
  form.append(h('div', { class: 'dialog-actions' }, cancel, button(member ? t('common.save') : t('family.create'), { type: 'submit' })));
  const { close } = openDialog({ title: member ? t('family.editTitle') : t('family.newTitle'), content: form, wide: true });
  cancel.addEventListener('click', () => close(false));

  bindForm(form, {
    validate: (v) => {
      const p = {};
      if (!v.name.trim()) p.name = t('common.required');
      const number = fullNumber(country.code(), v.mobile);
      if (number === null) p.country_code = t('siteForm.chooseCodeForMobile');
      if (!v.email.trim() && !number) p.email = t('family.emailOrMobile');
      return p;
    },
    onSubmit: async (v) => {
      const cc = country.code();
      const number = fullNumber(cc, v.mobile);
      const values = { name: v.name.trim(), email: v.email.trim(), country_code: cc, mobile: number };
      try {
        let saved;
        if (member) {
          const body = {};
          if (values.name !== m.name) body.name = values.name;
          if (values.email !== (m.email || '')) body.email = values.email || null;
          if (values.country_code !== (m.country_code || '')) body.country_code = values.country_code;
          if (values.mobile !== (m.mobile || '')) body.mobile = values.mobile || null;
          saved = Object.keys(body).length ? await api.patch(`/api/sites/${site.id}/family/${m.id}`, body) : m;
        } else {
          const body = { name: values.name };
          ['email', 'country_code', 'mobile'].forEach((k) => { if (values[k]) body[k] = values[k]; });
          saved = await api.post(`/api/sites/${site.id}/family`, body);
        }
        close(true);
        toast(t(member ? 'family.saved' : 'family.created', { name: saved.name }));
        onSaved();
      } catch (error) {
        if (error.status === 402 || error.code === 'additional_app_required') {
          // Said in the portal's words: what is needed and why.
          throw new ApiError({ status: 402, code: error.code, message: t('family.additionalAppRequired', { free: site.family_free }) });
        }
        throw error;
      }
    },
  });
}

async function deleteMember(site, member, onDone) {
  const sure = await confirmDialog({
    title: t('family.deleteTitle', { name: member.name }),
    consequences: t('family.deleteConsequences'),
    confirmLabel: t('family.delete'),
    danger: true,
  });
  if (!sure) return;
  try {
    await api.del(`/api/sites/${site.id}/family/${member.id}`);
    toast(t('family.deleted', { name: member.name }));
    onDone();
  } catch (error) {
    if (!error.handled) toast(error.message, 'error');
  }
}

/** The tab's content for site (the SITE object); fetches the list itself. */
export function familyPanel(site) {
  const root = h('div', { class: 'family', 'aria-busy': 'true' });

  async function load() {
    root.setAttribute('aria-busy', 'true');
    let data;
    try {
      data = await api.get(`/api/sites/${site.id}/family`);
    } catch (error) {
      if (error.handled) return;
      root.removeAttribute('aria-busy');
      replace(root, h('div', { class: 'card' }, stateBox({
        iconName: 'info', kind: 'error', title: t('family.loadError'), text: error.message,
        action: h('button', { type: 'button', class: 'btn btn-secondary', text: t('common.retry'), onclick: load }),
      })));
      return;
    }
    root.removeAttribute('aria-busy');
    draw(data);
  }

  function draw(data) {
    const items = data.items || [];
    const create = h('button', { type: 'button', class: 'btn btn-primary', text: t('family.new') });
    create.addEventListener('click', () => memberDialog(site, null, load));
    const full = data.free_left === 0 && data.paid_left === 0;
    const slots = h('div', { class: 'slots' },
      h('p', { class: 'slots-line' },
        h('strong', { text: String(data.free_left ?? 0) }), ' ',
        t('family.freeLeft', { total: site.family_free })),
      h('p', { class: 'slots-line' },
        h('strong', { text: String(data.paid_left ?? 0) }), ' ',
        t('family.paidLeft')));
    const head = h('div', { class: 'panel-head' }, slots, create);
    const notes = [];
    if (site.status !== 'normal') notes.push(h('p', { class: 'notice', text: t('family.notActive') }));
    else if (full) notes.push(h('p', { class: 'notice notice-warning', text: t('family.fullNote', { free: site.family_free }) }));

    let body;
    if (!items.length) {
      body = stateBox({ title: t('family.empty'), text: t('family.emptyHint', { free: site.family_free }) });
    } else {
      body = h('div', { class: 'table-scroll' }, h('table', { class: 'table' },
        h('caption', { class: 'visually-hidden', text: t('family.caption', { name: site.name }) }),
        h('thead', {}, h('tr', {},
          [t('family.colName'), t('family.colContact'), t('family.colSip'), t('family.colAccount'), t('family.colCreated'), t('family.colActions')]
            .map((label, i) => h('th', { scope: 'col', class: [null, null, null, 'hide-narrow', 'hide-narrow', 'cell-actions'][i], text: label })))),
        h('tbody', {}, items.map((m) => {
          const edit = h('button', { type: 'button', class: 'btn btn-secondary btn-small', 'aria-label': t('family.editLabel', { name: m.name }), text: t('family.edit') });
          edit.addEventListener('click', () => memberDialog(site, m, load));
          const del = h('button', { type: 'button', class: 'btn btn-ghost btn-small btn-danger-text', 'aria-label': t('family.deleteLabel', { name: m.name }), text: t('family.delete') });
          del.addEventListener('click', () => deleteMember(site, m, load));
          return h('tr', {},
            h('td', {}, h('div', { class: 'cell-main', text: m.name })),
            h('td', {}, h('div', { class: 'cell-contact' },
              m.email ? h('div', { class: 'cell-email' }, breakableEmail(m.email)) : null,
              m.mobile ? h('div', { class: 'cell-sub', text: phoneText(m.country_code, m.mobile) }) : null,
              !m.email && !m.mobile ? '—' : null)),
            h('td', { class: 'cell-mono', text: m.sip_number }),
            h('td', { class: 'hide-narrow' }, h('span', { class: m.paid ? 'pill pill-info' : 'pill pill-neutral', text: t(m.paid ? 'family.paid' : 'family.free') })),
            h('td', { class: 'hide-narrow cell-nowrap', text: formatDate(m.created_at) }),
            h('td', { class: 'cell-actions' }, h('div', { class: 'row-actions' }, edit, del)));
        }))));
    }
    replace(root, h('div', { class: 'card panel-card' }, head, notes, body));
  }

  load();
  return root;
}
