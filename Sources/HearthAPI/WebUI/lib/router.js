// Hash routes: "#/c/general?thread=ID". Patterns are "/c/:conv"; a param is one path segment.

function compile(pattern) {
  const names = [];
  const re = new RegExp(`^${pattern.replace(/\/:(\w+)/g, (_, n) => { names.push(n); return '/([^/]+)'; })}/?$`);
  return { re, names };
}

/** Parses location.hash into { path, query }. Hashes not starting with "#/" are not routes. */
export function currentLocation() {
  const hash = location.hash;
  if (!hash.startsWith('#/')) return null;
  const [path, qs = ''] = hash.slice(1).split('?');
  return { path, query: Object.fromEntries(new URLSearchParams(qs)) };
}

export function createRouter(views) {
  const table = views.filter((v) => v.route).map((v) => ({ view: v, ...compile(v.route) }));
  return {
    /** The view and params for a path, or null. */
    match(path) {
      for (const { view, re, names } of table) {
        const m = re.exec(path);
        if (m) {
          const params = {};
          names.forEach((n, i) => { params[n] = decodeURIComponent(m[i + 1]); });
          return { view, params };
        }
      }
      return null;
    },
  };
}

/** Goes to a route: navigate('/c/general', { thread: id }). */
export function navigate(path, query, { replace = false } = {}) {
  const qs = query ? new URLSearchParams(Object.entries(query).filter(([, v]) => v != null && v !== '')).toString() : '';
  const hash = `#${path}${qs ? `?${qs}` : ''}`;
  if (replace) history.replaceState(null, '', hash);
  else location.hash = hash;
  if (replace) window.dispatchEvent(new HashChangeEvent('hashchange'));
}
