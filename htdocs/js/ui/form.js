// Form helpers: labelled fields, switches, inline field errors and the
// form-level alert. Field errors follow PORTAL.md: the input gets
// aria-invalid="true" and aria-describedby="<id>-error", the message is
// <p id="<id>-error" class="field-error">.

import { h, uid } from './dom.js';
import { t } from '../strings/index.js';

/**
 * field({id, name, label, type, autocomplete, value, hint, required, ...})
 * -> <div class="field"> with label, input, optional hint. Extra keys go on
 * the input as attributes (inputmode, maxlength, placeholder ...).
 */
export function field({ id, name, label, hint, optional, type = 'text', value, ...rest }) {
  const inputId = id || uid(name || 'field');
  const hintId = hint ? `${inputId}-hint` : null;
  const input = h('input', {
    id: inputId,
    name,
    type,
    class: 'input',
    'aria-describedby': hintId,
    ...rest,
  });
  if (value !== undefined && value !== null) input.value = value;
  return h('div', { class: 'field' },
    // "(optional)" sits beside the label, not in it, so the field's
    // accessible name is exactly its label (tests use getByLabel).
    h('div', { class: 'label-row' },
      h('label', { for: inputId, class: 'label', text: label }),
      optional ? h('span', { class: 'label-optional', text: t('common.optional') }) : null),
    input,
    hint ? h('p', { id: hintId, class: 'field-hint', text: hint }) : null);
}

/**
 * toggle({id, name, label, hint, checked, disabled, onChange}) -> a switch:
 * a real checkbox with role="switch", so getByLabel(label) and .check() work
 * and the keyboard (Space) toggles it.
 */
export function toggle({ id, name, label, hint, checked, disabled, onChange }) {
  const inputId = id || uid(name || 'toggle');
  const hintId = hint ? `${inputId}-hint` : null;
  const input = h('input', {
    id: inputId, name, type: 'checkbox', role: 'switch', class: 'switch-input',
    'aria-describedby': hintId, disabled: !!disabled,
  });
  input.checked = !!checked;
  if (onChange) input.addEventListener('change', () => onChange(input.checked, input));
  return h('div', { class: 'toggle-row' },
    h('div', { class: 'toggle-text' },
      h('label', { for: inputId, class: 'label', text: label }),
      hint ? h('p', { id: hintId, class: 'field-hint', text: hint }) : null),
    h('span', { class: 'switch' }, input, h('span', { class: 'switch-track', 'aria-hidden': 'true' })));
}

/** Removes every field error and the form alert of form. */
export function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach((el) => el.remove());
  form.querySelectorAll('[aria-invalid="true"]').forEach((input) => {
    input.removeAttribute('aria-invalid');
    const ids = (input.getAttribute('aria-describedby') || '').split(' ')
      .filter((x) => x && x !== `${input.id}-error`);
    if (ids.length) input.setAttribute('aria-describedby', ids.join(' '));
    else input.removeAttribute('aria-describedby');
  });
  form.querySelectorAll('.form-alert').forEach((el) => el.remove());
}

/** Shows message under the input (a field error) and focuses the input. */
export function setFieldError(input, message) {
  const errId = `${input.id}-error`;
  input.setAttribute('aria-invalid', 'true');
  const ids = (input.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && x !== errId);
  input.setAttribute('aria-describedby', [errId, ...ids].join(' '));
  const p = h('p', { id: errId, class: 'field-error', text: message });
  const wrap = input.closest('.field, .toggle-row') || input.parentElement;
  wrap.append(p);
}

/** Shows a form-level error (role="alert") at the top of form. */
export function setFormError(form, message, detail) {
  form.querySelectorAll('.form-alert').forEach((el) => el.remove());
  const alert = h('div', { class: 'form-alert', role: 'alert' },
    h('p', { text: message }),
    detail ? h('p', { class: 'form-alert-detail', text: detail }) : null);
  form.prepend(alert);
  return alert;
}

/**
 * Maps an API error onto form: the input named by error.field gets the
 * message, anything else becomes the form alert. A 401 that the API client
 * already turned into a redirect shows nothing.
 */
export function applyError(form, error) {
  if (error && error.handled) return;
  const message = (error && error.message) || t('errors.generic');
  if (error && error.field) {
    const input = form.querySelector(`[name="${CSS.escape(error.field)}"]`);
    if (input) {
      setFieldError(input, message);
      input.focus();
      return;
    }
  }
  const detail = error && error.status >= 500 && error.requestId ? t('errors.requestId', { id: error.requestId }) : null;
  const alert = setFormError(form, message, detail);
  alert.setAttribute('tabindex', '-1');
}

/**
 * bindForm(form, onSubmit): Enter/submit runs onSubmit(values, form) with
 * the submit button disabled meanwhile; errors it throws are shown by
 * applyError. validate(values, form) may return {field: message} to stop
 * before calling the API.
 */
export function bindForm(form, { onSubmit, validate }) {
  form.noValidate = true;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    clearErrors(form);
    const values = Object.fromEntries(new FormData(form).entries());
    form.querySelectorAll('input[type="checkbox"][name]').forEach((c) => { values[c.name] = c.checked; });
    if (validate) {
      const problems = validate(values, form) || {};
      const names = Object.keys(problems);
      if (names.length) {
        names.forEach((name) => {
          const input = form.querySelector(`[name="${CSS.escape(name)}"]`);
          if (input) setFieldError(input, problems[name]);
          else setFormError(form, problems[name]);
        });
        const first = form.querySelector('[aria-invalid="true"]');
        if (first) first.focus();
        return;
      }
    }
    const buttons = [...form.querySelectorAll('button')];
    form.setAttribute('aria-busy', 'true');
    buttons.forEach((b) => { b.disabled = true; });
    try {
      await onSubmit(values, form);
    } catch (error) {
      applyError(form, error);
    } finally {
      form.removeAttribute('aria-busy');
      buttons.forEach((b) => { if (b.isConnected) b.disabled = false; });
    }
  });
  return form;
}

/** A primary/secondary button. */
export function button(label, { kind = 'primary', type = 'button', onClick, ...rest } = {}) {
  return h('button', { type, class: `btn btn-${kind}`, onclick: onClick, ...rest }, label);
}

/**
 * selectField({id, name, label, hint, optional, options: [{value, label,
 * disabled}], value, ...rest}) -> <div class="field"> with a labelled
 * <select>. Extra keys go on the select as attributes.
 */
export function selectField({ id, name, label, hint, optional, options, value, ...rest }) {
  const selectId = id || uid(name || 'select');
  const hintId = hint ? `${selectId}-hint` : null;
  const select = h('select', { id: selectId, name, class: 'input select', 'aria-describedby': hintId, ...rest },
    options.map((o) => h('option', { value: o.value, disabled: !!o.disabled, text: o.label })));
  if (value !== undefined && value !== null) select.value = value;
  return h('div', { class: 'field' },
    h('div', { class: 'label-row' },
      h('label', { for: selectId, class: 'label', text: label }),
      optional ? h('span', { class: 'label-optional', text: t('common.optional') }) : null),
    select,
    hint ? h('p', { id: hintId, class: 'field-hint', text: hint }) : null);
}

/**
 * choiceGroup({name, legend, hint, options: [{value, label, text}], value,
 * kind: 'segmented'|'cards', onChange(value)}) -> a <fieldset> of radio
 * buttons, each with its own <label for>. 'cards' shows a second line of
 * text under each label (long choices such as the call mode).
 * Returns the wrapper; wrapper.radios are the inputs.
 */
export function choiceGroup({ name, legend, hint, options, value, kind = 'segmented', onChange }) {
  const groupId = uid(name);
  const hintId = hint ? `${groupId}-hint` : null;
  const radios = [];
  const set = h('fieldset', { class: kind === 'cards' ? 'choice-cards' : 'segmented', 'aria-describedby': hintId },
    h('legend', { class: 'label', text: legend }),
    options.map((o, i) => {
      const id = `${groupId}-${i}`;
      const textId = o.text ? `${id}-text` : null;
      const radio = h('input', {
        type: 'radio', name, id, value: o.value, class: kind === 'cards' ? 'choice-input' : 'segmented-input',
        'aria-describedby': textId, disabled: !!o.disabled,
      });
      radio.checked = o.value === value;
      if (onChange) radio.addEventListener('change', () => { if (radio.checked) onChange(o.value); });
      radios.push(radio);
      if (kind === 'cards') {
        return h('span', { class: 'choice-item' }, radio,
          h('label', { for: id, class: 'choice-label' },
            h('span', { class: 'choice-title', text: o.label }),
            o.text ? h('span', { id: textId, class: 'choice-text', text: o.text }) : null));
      }
      return h('span', { class: 'segmented-item' }, radio, h('label', { for: id, text: o.label }));
    }));
  const wrap = h('div', { class: 'field choice-field' }, set,
    hint ? h('p', { id: hintId, class: 'field-hint', text: hint }) : null);
  wrap.radios = radios;
  return wrap;
}

/** The checked value of a choiceGroup (or null). */
export function choiceValue(group) {
  const r = group.radios.find((x) => x.checked);
  return r ? r.value : null;
}

/**
 * prefixedField({id, name, label, hint, prefix, value, ...rest}) -> a field
 * whose input has a fixed text before it (the calling code before a phone
 * number). wrap.setPrefix(text) changes it; the prefix is also said to
 * screen readers through the hint.
 */
export function prefixedField({ id, name, label, hint, optional, prefix, value, ...rest }) {
  const inputId = id || uid(name || 'field');
  const prefixId = `${inputId}-prefix`;
  const hintId = hint ? `${inputId}-hint` : null;
  const pre = h('span', { id: prefixId, class: 'input-prefix' });
  const input = h('input', {
    id: inputId, name, type: 'tel', class: 'input', 'aria-describedby': [prefixId, hintId].filter(Boolean).join(' '), ...rest,
  });
  if (value !== undefined && value !== null) input.value = value;
  const wrap = h('div', { class: 'field' },
    h('div', { class: 'label-row' },
      h('label', { for: inputId, class: 'label', text: label }),
      optional ? h('span', { class: 'label-optional', text: t('common.optional') }) : null),
    h('div', { class: 'input-group' }, pre, input),
    hint ? h('p', { id: hintId, class: 'field-hint', text: hint }) : null);
  wrap.setPrefix = (text) => {
    pre.textContent = text || '';
    pre.hidden = !text;
  };
  wrap.setPrefix(prefix);
  wrap.input = input;
  return wrap;
}
