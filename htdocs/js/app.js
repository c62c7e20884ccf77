// Boot: load the strings, ask who is signed in (GET /api/auth/me), then route
// every URL to its page inside the right layout (sign-in card or app shell),
// enforcing the login steps: 2fa -> privacy -> email -> done.

import { loadStrings, t } from './strings/index.js';
import { api, onUnauthenticated } from './api.js';
import { startRouter, navigate, currentPath, safeNext } from './router.js';
import { getMe, setMe, refreshMe, homeFor, pathForStage, onMeChange, signOut } from './session.js';
import { INSTALLER_NAV, leaves } from './nav.js';
import { h, replace } from './ui/dom.js';
import { createShell } from './ui/shell.js';
import { createAuthLayout } from './ui/auth-layout.js';
import { toast } from './ui/toast.js';

// Who manages single-family sites (a distributor switched into an installer
// has the installer's role).
const SITE_ROLES = ['installer', 'sub_installer'];

// path: exact; pattern: a RegExp whose groups become ctx.args (/sites/{id}).
// nav: the left-column entry to mark as current (default: the path).
// access: 'anon' sign-in page; 'public' anyone; 'stage' only at that login
// step; 'steps' any session past 2fa and privacy; 'done' fully signed in.
// layout 'auto': the app shell when signed in, else the sign-in card.
const ROUTES = [
  { path: '/sign-in', page: () => import('./pages/sign-in.js'), access: 'anon', layout: 'auth' },
  { path: '/sign-in/2fa', page: () => import('./pages/two-step.js'), access: 'stage', stage: '2fa', layout: 'auth' },
  { path: '/sign-in/privacy', page: () => import('./pages/privacy-step.js'), access: 'stage', stage: 'privacy', layout: 'auth' },
  { path: '/sign-in/service-provider', page: () => import('./pages/service-provider.js'), access: 'steps', layout: 'auth' },
  { path: '/sign-in/email', page: () => import('./pages/email-step.js'), access: 'stage', stage: 'email', layout: 'auth' },
  { path: '/confirm-email', page: () => import('./pages/confirm-email.js'), access: 'public', layout: 'auth' },
  { path: '/forgot-password', page: () => import('./pages/forgot-password.js'), access: 'public', layout: 'auth' },
  { path: '/reset-password', page: () => import('./pages/reset-password.js'), access: 'public', layout: 'auth' },
  { path: '/privacy-policy', page: () => import('./pages/privacy-policy.js'), access: 'public', layout: 'auto' },
  { path: '/notifications', page: () => import('./pages/notifications.js'), access: 'done', layout: 'app' },
  { path: '/settings/account', page: () => import('./pages/account-setting.js'), access: 'done', layout: 'app' },
  { path: '/settings/notification', page: () => import('./pages/notification-setting.js'), access: 'done', layout: 'app' },
  { path: '/settings/security', page: () => import('./pages/security.js'), access: 'done', layout: 'app' },
  { path: '/distributor/installers', page: () => import('./pages/installers.js'), access: 'done', layout: 'app', roles: ['distributor'] },
  { path: '/dashboard', page: () => import('./pages/dashboard.js'), access: 'done', layout: 'app', roles: SITE_ROLES },
  { path: '/sites', page: () => import('./pages/sites.js'), access: 'done', layout: 'app', roles: SITE_ROLES },
  { path: '/sites/new', page: () => import('./pages/site-form.js'), access: 'done', layout: 'app', roles: SITE_ROLES, nav: '/sites' },
  { pattern: /^\/sites\/(\d+)$/, page: () => import('./pages/site-detail.js'), access: 'done', layout: 'app', roles: SITE_ROLES, nav: '/sites' },
  { pattern: /^\/sites\/(\d+)\/edit$/, page: () => import('./pages/site-form.js'), access: 'done', layout: 'app', roles: SITE_ROLES, nav: '/sites' },
  { pattern: /^\/sites\/(\d+)\/devices\/new$/, page: () => import('./pages/device-form.js'), access: 'done', layout: 'app', roles: SITE_ROLES, nav: '/sites' },
  { pattern: /^\/sites\/(\d+)\/devices\/(\d+)\/edit$/, page: () => import('./pages/device-form.js'), access: 'done', layout: 'app', roles: SITE_ROLES, nav: '/sites' },
  { pattern: /^\/sites\/(\d+)\/cameras\/new$/, page: () => import('./pages/camera-form.js'), access: 'done', layout: 'app', roles: SITE_ROLES, nav: '/sites' },
  { pattern: /^\/sites\/(\d+)\/cameras\/(\d+)\/edit$/, page: () => import('./pages/camera-form.js'), access: 'done', layout: 'app', roles: SITE_ROLES, nav: '/sites' },
  { path: '/mac-library', page: () => import('./pages/mac-library.js'), access: 'done', layout: 'app', roles: ['distributor', ...SITE_ROLES] },
  { path: '/integration', page: () => import('./pages/integration.js'), access: 'done', layout: 'app', roles: SITE_ROLES },
  ...leaves(INSTALLER_NAV).filter((item) => item.soon).map((item) => ({
    path: item.path, page: () => import('./pages/coming-soon.js'), access: 'done', layout: 'app', titleKey: item.key,
  })),
];

const root = document.getElementById('app');
let shell = null;
let authLayout = null;
let mounted = null; // 'app' | 'auth'
let leaveHandlers = [];
let renderSeq = 0;
let navPath = null; // the nav entry of the page shown

function mountLayout(kind) {
  if (mounted === kind) return kind === 'app' ? shell.main : authLayout.main;
  if (kind === 'app') {
    shell = createShell({ onLogout: logout, onSwitchBack: switchBack });
    replace(root, shell.el);
  } else {
    authLayout = createAuthLayout();
    replace(root, authLayout.el);
  }
  mounted = kind;
  return kind === 'app' ? shell.main : authLayout.main;
}

async function logout() {
  try {
    await signOut({ notice: t('signIn.signedOut') });
  } catch (error) {
    toast(error.message, 'error');
  }
}

async function switchBack(button) {
  button.disabled = true;
  try {
    setMe(await api.post('/api/distributor/switch-back'));
    toast(t('switched.switchedBack'));
    navigate('/distributor/installers');
  } catch (error) {
    if (!error.handled) toast(error.message, 'error');
    // 409 not_switched: the installer ended it already; show our own view.
    await refreshMe();
    if (getMe()) navigate(homeFor(getMe()), { replace: true });
  } finally {
    button.disabled = false;
  }
}

/** Where the guard sends this visit instead, or null to show the page. */
function redirectFor(route, me, path) {
  const here = currentPath();
  switch (route.access) {
    case 'anon':
      if (me && me.stage === 'done') {
        const next = new URLSearchParams(window.location.search).get('next');
        return safeNext(next, homeFor(me));
      }
      return null;
    case 'stage':
      if (!me) return '/sign-in';
      if (me.stage !== route.stage) return pathForStage(me.stage) || homeFor(me);
      return null;
    case 'steps':
      if (!me) return '/sign-in';
      if (me.stage === '2fa' || me.stage === 'privacy') return pathForStage(me.stage);
      return null;
    case 'done':
      if (!me) return `/sign-in?next=${encodeURIComponent(here)}`;
      if (me.stage !== 'done') {
        sessionStorage.setItem('vb.next', here);
        return pathForStage(me.stage);
      }
      if (route.roles && !route.roles.includes(me.role)) return homeFor(me);
      return null;
    default:
      return path === '/' ? (me && me.stage === 'done' ? homeFor(me) : '/sign-in') : null;
  }
}

async function render() {
  const seq = ++renderSeq;
  leaveHandlers.forEach((fn) => { try { fn(); } catch { /* page cleanup only */ } });
  leaveHandlers = [];

  let path = window.location.pathname.replace(/\/+$/, '') || '/';
  const me = getMe();
  if (path === '/') {
    return navigate(me && me.stage === 'done' ? homeFor(me) : '/sign-in', { replace: true });
  }
  let args = [];
  const route = ROUTES.find((r) => {
    if (r.path) return r.path === path;
    const m = path.match(r.pattern);
    if (m) args = m.slice(1);
    return !!m;
  }) || { path, page: () => import('./pages/not-found.js'), access: 'public', layout: 'auto' };
  const target = redirectFor(route, me, path);
  if (target && target !== currentPath()) return navigate(target, { replace: true, state: window.history.state });

  const signedIn = !!(me && me.stage === 'done');
  const kind = route.layout === 'auto' ? (signedIn ? 'app' : 'auth') : route.layout;
  const main = mountLayout(kind);
  navPath = route.nav || path;
  if (kind === 'app') shell.update(me, navPath);
  main.setAttribute('aria-busy', 'true');

  const ctx = {
    me,
    path,
    args,
    params: new URLSearchParams(window.location.search),
    state: window.history.state || {},
    titleKey: route.titleKey,
    onLeave: (fn) => leaveHandlers.push(fn),
    isCurrent: () => seq === renderSeq,
  };
  let node;
  try {
    const mod = await route.page();
    if (seq !== renderSeq) return;
    node = await mod.default(ctx);
  } catch (error) {
    if (seq !== renderSeq || (error && error.handled)) return;
    node = errorPage(error);
  }
  if (seq !== renderSeq) return;
  replace(main, node);
  main.removeAttribute('aria-busy');

  const h1 = main.querySelector('h1');
  document.title = h1 ? `${h1.textContent} · ${t('app.name')}` : t('app.name');
  const auto = main.querySelector('[autofocus]');
  if (auto) auto.focus();
  else if (booted && h1) {
    h1.setAttribute('tabindex', '-1');
    h1.focus();
  }
  booted = true;
}
let booted = false;

function errorPage(error) {
  console.warn('page failed', error);
  return h('section', { class: 'state state-error' },
    h('h1', { class: 'page-title', text: t('errors.generic') }),
    h('p', { text: (error && error.message) || '' }),
    h('button', { type: 'button', class: 'btn btn-primary', text: t('common.retry'), onclick: () => render() }));
}

async function boot() {
  await loadStrings();
  // 401 anywhere: the session ended; sign in again and come back here.
  onUnauthenticated(() => {
    setMe(null);
    const here = currentPath();
    const target = here.startsWith('/sign-in') ? '/sign-in' : `/sign-in?next=${encodeURIComponent(here)}`;
    navigate(target, { replace: true, state: { notice: t('errors.sessionEnded') } });
  });
  onMeChange((me) => {
    if (me && mounted === 'app' && shell && me.stage === 'done') {
      shell.update(me, navPath || window.location.pathname);
    }
  });
  try {
    await refreshMe();
  } catch {
    setMe(null);
  }
  await startRouter(render);
}

boot();
