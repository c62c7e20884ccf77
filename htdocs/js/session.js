// Who is signed in, and where each login step lives. The single source of
// "me" for the shell and the pages; the API stays the authority (the portal
// re-reads /api/auth/me after every step).

import { api } from './api.js';
import { navigate, safeNext } from './router.js';

let me = null;
const listeners = new Set();

/** The signed-in account (ME of the API) or null. */
export function getMe() {
  return me;
}

/** Replaces "me" and tells the shell (top bar, banner, nav). */
export function setMe(next) {
  me = next;
  listeners.forEach((fn) => fn(me));
}

/** fn(me) on every change; returns the unsubscribe function. */
export function onMeChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Re-reads /api/auth/me (null when there is no session). */
export async function refreshMe() {
  try {
    setMe(await api.get('/api/auth/me', { on401: 'throw' }));
  } catch (error) {
    if (error.status !== 401) throw error;
    setMe(null);
  }
  return me;
}

/** The start page of an account: distributors manage installers. */
export function homeFor(account) {
  return account && account.role === 'distributor' ? '/distributor/installers' : '/dashboard';
}

/** The page of a pending login step. */
export function pathForStage(stage) {
  return {
    '2fa': '/sign-in/2fa',
    privacy: '/sign-in/privacy',
    email: '/sign-in/email',
  }[stage] || null;
}

// The second factors offered at login (only the login answer lists them);
// kept for a reload of /sign-in/2fa.
export function setTwofaMethods(methods) {
  sessionStorage.setItem('vb.twofa', JSON.stringify(methods || []));
}
export function getTwofaMethods() {
  try {
    const saved = JSON.parse(sessionStorage.getItem('vb.twofa') || 'null');
    if (Array.isArray(saved) && saved.length) return saved;
  } catch { /* fall through */ }
  const methods = [];
  if (me && me.email) methods.push('email');
  if (me && me.totp_enrolled) methods.push('totp');
  return methods.length ? methods : ['email'];
}

// Where to go once every login step is done (from ?next=).
export function rememberNext(next) {
  if (next) sessionStorage.setItem('vb.next', next);
  else sessionStorage.removeItem('vb.next');
}

/**
 * Ends the session on the server (one already gone is fine), forgets it here
 * and goes to sign-in with state. Throws the API error for anything else, so
 * the caller can show it.
 */
export async function signOut(state) {
  try {
    await api.post('/api/auth/logout', undefined, { on401: 'throw' });
  } catch (error) {
    if (error.status !== 401) throw error;
  }
  return forgetAndSignIn(state);
}

/** Forgets the session here (account, remembered steps) and goes to sign-in. */
export function forgetAndSignIn(state) {
  setMe(null);
  sessionStorage.clear();
  return navigate('/sign-in', { state });
}

/**
 * Goes to the page of stage (a login step answer): the next step's page, or
 * the remembered ?next= / the home page when done, or sign-in when the
 * session ended.
 */
export async function continueWith(stage, state) {
  if (stage === 'signed_out') {
    setMe(null);
    return navigate('/sign-in', { replace: true, state });
  }
  await refreshMe();
  if (!me) return navigate('/sign-in', { replace: true, state });
  const step = pathForStage(me.stage);
  if (step) return navigate(step, { replace: true, state });
  const next = safeNext(sessionStorage.getItem('vb.next'), homeFor(me));
  sessionStorage.removeItem('vb.next');
  sessionStorage.removeItem('vb.twofa');
  return navigate(next, { replace: true, state });
}
