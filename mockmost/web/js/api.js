// REST calls to /api/v4 and /__mockmost__/ as the real web app makes them: the session in the MMAUTHTOKEN
// cookie, X-Requested-With: XMLHttpRequest, and the MMCSRF cookie echoed in X-CSRF-Token on writes.

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.id = body && body.id;
  }
}

export function cookie(name) {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return '';
}

export async function api(method, path, body, { raw = false } = {}) {
  const headers = { 'X-Requested-With': 'XMLHttpRequest' };
  const csrf = cookie('MMCSRF');
  if (csrf && method !== 'GET') headers['X-CSRF-Token'] = csrf;
  let payload;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const url = path.startsWith('/') ? path : `/api/v4/${path}`;
  const res = await fetch(url, { method, headers, body: payload, credentials: 'same-origin' });
  if (raw) return res;
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = text; }
  if (res.status === 401 && url.startsWith('/api/v4/') && !url.startsWith('/api/v4/users/login')) {
    // The session is gone (logged out elsewhere, revoked, or the server was reset): back to sign-in.
    window.dispatchEvent(new CustomEvent('mockmost:unauthorized'));
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body ?? {});
export const put = (path, body) => api('PUT', path, body ?? {});
export const del = (path) => api('DELETE', path);
