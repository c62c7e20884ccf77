// The ONE API client of the portal. Every call to /api goes through here so
// that the CSRF header, the error shape and the 401/429 handling are the
// same everywhere (API contract: /api/openapi.json).

import { t } from './strings/index.js';

/** An API failure: HTTP status plus the {"error":{code,field,message}} body. */
export class ApiError extends Error {
  constructor({ status, code, field, message, retryAfter, requestId }) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field || null;
    this.retryAfter = retryAfter || null;
    this.requestId = requestId || null;
  }
}

let unauthenticatedHandler = null;

/**
 * Registers what happens on a 401 (app.js: remember where we were and go to
 * /sign-in?next=...). Called once at boot.
 */
export function onUnauthenticated(handler) {
  unauthenticatedHandler = handler;
}

function messageFor(status, body, retryAfter) {
  const err = (body && body.error) || {};
  if (status === 429) return t('errors.tooManyAttempts', { seconds: retryAfter || 1 });
  // Messages are meant for people; some start in lower case.
  if (err.message) return err.message.charAt(0).toUpperCase() + err.message.slice(1);
  return t('errors.generic');
}

/**
 * request(method, path, {body, query, on401}) -> parsed JSON (or null for 204).
 * Throws ApiError. on401: 'redirect' (default: go to sign-in and come back)
 * or 'throw' (the caller handles it, e.g. the sign-in form or the boot check).
 */
export async function request(method, path, { body, query, on401 = 'redirect' } = {}) {
  let url = path;
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
    }
    const qs = params.toString();
    if (qs) url += `?${qs}`;
  }
  const headers = { Accept: 'application/json' };
  // The API refuses state changes without this header (403 csrf): a
  // cross-site form cannot set it.
  if (method !== 'GET' && method !== 'HEAD') headers['X-Vestibule-Csrf'] = '1';
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }

  let res;
  try {
    res = await fetch(url, init);
  } catch {
    throw new ApiError({ status: 0, code: 'network', message: t('errors.network') });
  }

  let data = null;
  const text = res.status === 204 ? '' : await res.text();
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (res.ok) return data;

  const retryAfter = parseInt(res.headers.get('Retry-After') || '', 10) || null;
  const err = (data && data.error) || {};
  const error = new ApiError({
    status: res.status,
    code: err.code || `http_${res.status}`,
    field: err.field,
    message: messageFor(res.status, data, retryAfter),
    retryAfter,
    requestId: res.headers.get('X-Request-Id'),
  });
  if (res.status === 401 && on401 === 'redirect' && unauthenticatedHandler) {
    error.handled = true;
    unauthenticatedHandler(error);
  }
  throw error;
}

export const api = {
  get: (path, opts) => request('GET', path, opts),
  post: (path, body, opts) => request('POST', path, { ...opts, body: body === undefined ? {} : body }),
  put: (path, body, opts) => request('PUT', path, { ...opts, body }),
  patch: (path, body, opts) => request('PATCH', path, { ...opts, body }),
  del: (path, opts) => request('DELETE', path, opts),
};
