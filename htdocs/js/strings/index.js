// The strings index: picks the language and looks texts up.
// Adding a language: write strings/<code>.js with the same keys as en.js
// (missing keys fall back to English) and add its code to AVAILABLE.

import en from './en.js';

/** The 20 languages of the spec (installer guide, "supported languages"). */
export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'zh-Hant', name: '繁體中文' },
  { code: 'zh-Hans', name: '简体中文' },
  { code: 'ko', name: '한국어' },
  { code: 'ja', name: '日本語' },
  { code: 'tr', name: 'Türkçe' },
  { code: 'pl', name: 'Polski' },
  { code: 'ru', name: 'Русский' },
  { code: 'es', name: 'Español' },
  { code: 'bs', name: 'Bosanski' },
  { code: 'da', name: 'Dansk' },
  { code: 'vi', name: 'Tiếng Việt' },
  { code: 'fr', name: 'Français' },
  { code: 'pt', name: 'Português' },
  { code: 'de', name: 'Deutsch' },
  { code: 'it', name: 'Italiano' },
  { code: 'uk', name: 'Українська' },
  { code: 'he', name: 'עברית', rtl: true },
  { code: 'fa', name: 'فارسی', rtl: true },
  { code: 'az', name: 'Azərbaycan dili' },
];

/** Languages that have a strings file today. */
const AVAILABLE = ['en'];

let current = en;
let currentCode = 'en';

/** Picks the language (saved choice, else the browser's), loads its file. */
export async function loadStrings() {
  const wanted = [localStorage.getItem('vb.lang'), ...(navigator.languages || [])].filter(Boolean);
  for (const tag of wanted) {
    const code = AVAILABLE.find((c) => c === tag || tag.startsWith(`${c}-`));
    if (!code) continue;
    if (code !== 'en') {
      try {
        current = (await import(`./${code}.js`)).default;
      } catch {
        current = en;
        continue;
      }
    }
    currentCode = code;
    break;
  }
  const lang = LANGUAGES.find((l) => l.code === currentCode);
  document.documentElement.lang = currentCode;
  document.documentElement.dir = lang && lang.rtl ? 'rtl' : 'ltr';
}

function lookup(table, key) {
  return key.split('.').reduce((node, part) => (node == null ? undefined : node[part]), table);
}

/** t('signIn.title') -> text; {name} placeholders filled from vars. */
export function t(key, vars) {
  let value = lookup(current, key);
  if (value === undefined) value = lookup(en, key);
  if (value === undefined) return key;
  if (typeof value !== 'string' || !vars) return value;
  return value.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

/** The code of the language the portal is shown in ("en", "de" ...). */
export function currentLanguage() {
  return currentCode;
}

/** Formats an ISO date-time for people, in the chosen language. */
export function formatDate(iso, withTime = false) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const opts = withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' };
  return new Intl.DateTimeFormat(currentCode, opts).format(d);
}
