// The frame of a page inside the app shell: the one <h1>, an optional intro
// and actions on the right, then the content.

import { h, icon } from './dom.js';

/** pageFrame({title, intro, actions}, ...content) -> <section>. */
export function pageFrame({ title, intro, actions, className }, ...content) {
  return h('section', { class: className ? `page ${className}` : 'page' },
    h('div', { class: 'page-head' },
      h('div', {},
        h('h1', { class: 'page-title', text: title }),
        intro ? h('p', { class: 'lead', text: intro }) : null),
      actions ? h('div', { class: 'actions' }, actions) : null),
    content);
}

/** A card section with a title (h2) and intro. */
export function section({ title, intro }, ...content) {
  return h('section', { class: 'card section' },
    title ? h('h2', { class: 'section-title', text: title }) : null,
    intro ? h('p', { class: 'section-intro', text: intro }) : null,
    content);
}

/** An empty/coming-soon/error state: icon, title, text, optional action. */
export function stateBox({ iconName = 'inbox', title, text, action, kind }) {
  return h('div', { class: kind ? `state state-${kind}` : 'state' },
    icon(iconName),
    title ? h('p', { class: 'state-title', text: title }) : null,
    text ? h('p', { text }) : null,
    action || null);
}
