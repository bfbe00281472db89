// The control API, same origin. Errors come back as ApiError with the node's own message.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const listeners = new Set();
/** Calls fn(error) for every failed request whose status is 401 (the session ended). */
export const onUnauthorized = (fn) => (listeners.add(fn), () => listeners.delete(fn));

/** Encodes one path segment (a channel name, `@…` conversation, message id). */
export const seg = (s) => encodeURIComponent(s);

export async function request(method, path, { body, query, signal } = {}) {
  let url = path;
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v != null && v !== '') params.set(k, v);
    const qs = params.toString();
    if (qs) url += `?${qs}`;
  }
  let res;
  try {
    res = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw unreachable();
  }
  return parse(res);
}

const unreachable = () => new ApiError(0, 'unreachable', 'The Hearth node does not answer. Is it still running?');

/** The JSON of a response, or an ApiError with the node's message. */
async function parse(res) {
  const text = await res.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!res.ok) {
    const err = data && data.error;
    const error = new ApiError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? `The node answered ${res.status} ${res.statusText}.`);
    if (res.status === 401) listeners.forEach((fn) => fn(error));
    throw error;
  }
  return data;
}

/**
 * A request boot.js already started ('status', 'unread', 'messages'), taken once; null when
 * there is none (or it was for another conversation).
 */
export function bootRequest(key, conv) {
  const boot = window.hearthBoot;
  const pending = boot?.[key];
  if (!pending || (conv !== undefined && boot.conv !== conv)) return null;
  boot[key] = null;
  return pending.then(parse, () => { throw unreachable(); });
}

export const api = {
  get: (path, query, opts) => request('GET', path, { query, ...opts }),
  post: (path, body = {}) => request('POST', path, { body }),
  put: (path, body = {}) => request('PUT', path, { body }),
  patch: (path, body = {}) => request('PATCH', path, { body }),
  del: (path) => request('DELETE', path),
};
