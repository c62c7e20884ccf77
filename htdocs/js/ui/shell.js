// The app shell of signed-in pages: the left column (nav "Main"), the top bar
// (bell, account menu, Log out) and, while a distributor acts as an
// installer, the "Switched account" banner. Created once and kept across
// navigations; pages render into its <main>.

import { h, icon, replace } from './dom.js';
import { t } from '../strings/index.js';
import { INSTALLER_NAV, DISTRIBUTOR_NAV } from '../nav.js';
import { navigate } from '../router.js';

function roleName(role) {
  return t({
    distributor: 'topbar.roleDistributor',
    installer: 'topbar.roleInstaller',
    sub_installer: 'topbar.roleSubInstaller',
    property_manager: 'topbar.rolePropertyManager',
  }[role] || 'topbar.roleInstaller');
}

/** The name people know an account by. */
export function accountLabel(account) {
  return (account && (account.email || account.username || account.name)) || '';
}

/**
 * createShell({onLogout, onSwitchBack}) -> {el, main, update(me, path)}.
 */
export function createShell({ onLogout, onSwitchBack }) {
  const nav = h('nav', { class: 'sidenav', 'aria-label': t('nav.label') });
  const banner = h('div', { class: 'switch-banner', role: 'region', 'aria-label': t('switched.label'), hidden: true });
  const bellCount = h('span', { class: 'badge', 'aria-hidden': 'true', hidden: true });
  const bell = h('button', { type: 'button', class: 'icon-btn bell', 'aria-label': t('topbar.notifications') },
    icon('bell'), bellCount);
  bell.addEventListener('click', () => navigate('/notifications'));
  const menuButton = h('button', {
    type: 'button', class: 'account-btn', 'aria-haspopup': 'true', 'aria-expanded': 'false', 'aria-controls': 'account-menu',
  });
  const menu = h('div', { id: 'account-menu', class: 'account-menu', hidden: true });
  const logout = h('button', { type: 'button', class: 'btn btn-ghost logout-btn', text: t('topbar.logOut') });
  const main = h('main', { id: 'main', class: 'content', tabindex: '-1' });

  const closeMenu = (focusButton) => {
    menu.hidden = true;
    menuButton.setAttribute('aria-expanded', 'false');
    if (focusButton) menuButton.focus();
  };
  menuButton.addEventListener('click', () => {
    const open = menu.hidden;
    menu.hidden = !open;
    menuButton.setAttribute('aria-expanded', String(open));
    if (open) {
      const first = menu.querySelector('a, button');
      if (first) first.focus();
    }
  });
  menu.addEventListener('keydown', (e) => { if (e.key === 'Escape') closeMenu(true); });
  menu.addEventListener('click', (e) => { if (e.target.closest('a, button')) closeMenu(false); });
  document.addEventListener('click', (e) => {
    if (!menu.hidden && !e.target.closest('.account')) closeMenu(false);
  });
  logout.addEventListener('click', () => onLogout());

  const topbar = h('header', { class: 'topbar' },
    h('div', { class: 'topbar-spacer' }),
    bell,
    h('div', { class: 'account' }, menuButton, menu),
    logout);

  const el = h('div', { class: 'shell' },
    h('a', { href: '#main', class: 'skip-link', text: t('app.skipToContent'), onclick: (e) => { e.preventDefault(); main.focus(); } }),
    h('aside', { class: 'sidebar' },
      h('a', { href: '/', class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), h('span', { class: 'brand-name', text: t('app.name') })),
      nav),
    h('div', { class: 'shell-main' }, banner, topbar, main));

  let navRole = null;
  const openGroups = new Set();

  function drawNav(me) {
    const entries = me.role === 'distributor' && !me.switched_by ? DISTRIBUTOR_NAV : INSTALLER_NAV;
    const link = (item) => h('li', {}, h('a', { href: item.path, class: 'nav-link', 'data-path': item.path, text: t(item.key) }));
    replace(nav, h('ul', { class: 'nav-list' }, entries.map((entry) => {
      if (!entry.group) return link(entry);
      const listId = `nav-group-${entry.group}`;
      const expanded = openGroups.has(entry.group);
      const list = h('ul', { id: listId, class: 'nav-sub', hidden: !expanded }, entry.items.map(link));
      const toggle = h('button', {
        type: 'button', class: 'nav-group', 'aria-expanded': String(expanded), 'aria-controls': listId,
      }, h('span', { text: t(entry.key) }), icon('chevron'));
      toggle.addEventListener('click', () => {
        const open = toggle.getAttribute('aria-expanded') !== 'true';
        toggle.setAttribute('aria-expanded', String(open));
        list.hidden = !open;
        if (open) openGroups.add(entry.group); else openGroups.delete(entry.group);
      });
      return h('li', {}, toggle, list);
    })));
  }

  function update(me, path) {
    const role = `${me.role}:${me.switched_by ? 'switched' : 'own'}`;
    if (role !== navRole) {
      drawNav(me);
      navRole = role;
    }
    nav.querySelectorAll('.nav-link').forEach((a) => {
      if (a.dataset.path === path) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    });
    // Open the group that holds the current page.
    const current = nav.querySelector('[aria-current="page"]');
    const sub = current && current.closest('.nav-sub');
    if (sub && sub.hidden) {
      sub.hidden = false;
      nav.querySelector(`[aria-controls="${sub.id}"]`).setAttribute('aria-expanded', 'true');
    }

    const label = accountLabel(me);
    replace(menuButton,
      h('span', { class: 'avatar', 'aria-hidden': 'true', text: (label[0] || '?').toUpperCase() }),
      h('span', { class: 'account-text' },
        h('span', { class: 'account-name', text: label }),
        h('span', { class: 'account-role', 'aria-hidden': 'true', text: roleName(me.role) })),
      icon('chevron'));
    menuButton.setAttribute('aria-label', label);
    replace(menu,
      h('p', { class: 'account-menu-head' }, h('strong', { text: me.name || label }), h('span', { text: roleName(me.role) })),
      h('a', { href: '/settings/account', class: 'menu-item', text: t('nav.account') }),
      h('a', { href: '/settings/notification', class: 'menu-item', text: t('nav.notification') }),
      h('a', { href: '/settings/security', class: 'menu-item', text: t('nav.security') }));

    if (me.switched_by) {
      banner.hidden = false;
      const switchBack = h('button', { type: 'button', class: 'btn btn-small btn-on-dark', text: t('switched.switchBack') });
      switchBack.addEventListener('click', () => onSwitchBack(switchBack));
      replace(banner,
        h('div', { class: 'switch-banner-text' },
          h('strong', { text: t('switched.text', { who: me.name ? `${me.name} (${accountLabel(me)})` : accountLabel(me) }) }),
          h('span', { text: t('switched.hint') })),
        switchBack);
    } else {
      banner.hidden = true;
      replace(banner);
    }
  }

  /** The bell's unread count (0 hides the badge). */
  function setUnread(count) {
    bellCount.hidden = !count;
    bellCount.textContent = count > 99 ? '99+' : String(count || '');
    bell.setAttribute('aria-label', count ? t('topbar.notificationsUnread', { count }) : t('topbar.notifications'));
  }
  setUnread(0);

  return { el, main, update, setUnread };
}
