// Phone numbers as the API wants them (ITU-T E.164: "+" and the digits)
// from what people type beside a country/region code, and back. Shared by
// the site form and the family member form.

import { countries, regionFor, codeOf } from '../data/countries.js';
import { selectField } from './form.js';
import { t } from '../strings/index.js';

/**
 * fullNumber("+44", "07700 900123") -> "+447700900123".
 * A number typed with "+" or "00" keeps its own code. Spaces, dashes, dots
 * and brackets are dropped. The national trunk "0" is dropped, except for
 * Italy (+39), where fixed-line numbers keep it after the country code.
 * Returns "" for an empty input and null when there is no code to put in
 * front (the caller asks for the country/region code).
 */
export function fullNumber(code, raw) {
  let s = String(raw || '').replace(/[\s\-().]/g, '');
  if (!s) return '';
  if (s.startsWith('+')) return s;
  if (s.startsWith('00')) return `+${s.slice(2)}`;
  if (!code) return null;
  if (code !== '+39') s = s.replace(/^0+/, '');
  return code + s;
}

/** nationalPart("+44", "+447700900123") -> "7700900123" (else the number as is). */
export function nationalPart(code, number) {
  if (!number) return '';
  return code && number.startsWith(code) ? number.slice(code.length) : number;
}

/** "+447700900123" -> "+44 7700900123" when the code is known. */
export function phoneText(code, number) {
  if (!number) return '';
  return code && number.startsWith(code) ? `${code} ${number.slice(code.length)}` : number;
}

/**
 * countrySelect({id, name, label, hint, code, disabled, onChange(code)}) ->
 * the "Country/Region code" select: one option per region, "Name (+code)".
 * Its value is a region; wrap.code() is the calling code chosen ("" none).
 */
export function countrySelect({ id, name = 'country_code', label, hint, code, disabled, onChange }) {
  const wrap = selectField({
    id, name, label, hint, disabled,
    options: [{ value: '', label: t('phone.chooseCountry') },
      ...countries().map((c) => ({ value: c.region, label: `${c.name} (${c.code})` }))],
    value: regionFor(code),
  });
  const select = wrap.querySelector('select');
  wrap.code = () => codeOf(select.value);
  wrap.select = select;
  if (onChange) select.addEventListener('change', () => onChange(wrap.code()));
  return wrap;
}
