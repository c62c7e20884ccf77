// History API routing with real URLs: pushState on navigation, popstate for
// the back button, and in-page links intercepted so the portal does not
// reload. nginx serves index.html for every portal path, so deep links work.

let onRoute = null;

/** The path plus query of the current location, e.g. "/sites?page=2". */
export function currentPath() {
  return window.location.pathname + window.location.search;
}

/**
 * navigate(to, {replace, state}): changes the URL and renders the page.
 * state is kept in history.state (e.g. a notice for the sign-in page).
 */
export function navigate(to, { replace = false, state = null } = {}) {
  if (replace) window.history.replaceState(state, '', to);
  else window.history.pushState(state, '', to);
  return onRoute ? onRoute() : null;
}

/** Replaces only the query string (table search/page) without rendering. */
export function setQuery(params) {
  const url = new URL(window.location.href);
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' ) url.searchParams.delete(k);
    else url.searchParams.set(k, String(v));
  }
  window.history.replaceState(window.history.state, '', url.pathname + url.search);
}

/** Only same-origin portal paths are accepted as ?next= targets. */
export function safeNext(next, fallback) {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/api/')) return fallback;
  if (next.startsWith('/sign-in')) return fallback;
  return next;
}

/**
 * startRouter(render): render() is called now and on every navigation; it
 * reads window.location itself.
 */
export function startRouter(render) {
  onRoute = render;
  window.addEventListener('popstate', () => render());
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const a = event.target.closest('a[href]');
    if (!a || a.target || a.hasAttribute('download')) return;
    const url = new URL(a.href, window.location.href);
    if (url.origin !== window.location.origin || url.pathname.startsWith('/api/')) return;
    event.preventDefault();
    if (url.pathname + url.search === currentPath()) return;
    navigate(url.pathname + url.search + url.hash);
  });
  return render();
}
