// A tiny observable state: get, set (shallow merge), subscribe to some keys.
// Subscribers run once per microtask however many sets happened, with the keys that changed.

export function createStore(initial) {
  let state = { ...initial };
  const subscribers = new Set();
  let changed = new Set();
  let scheduled = false;

  function flush() {
    scheduled = false;
    const keys = changed;
    changed = new Set();
    for (const sub of [...subscribers]) {
      if (!sub.keys || sub.keys.some((k) => keys.has(k))) sub.fn(state, keys);
    }
  }

  return {
    get: () => state,
    /** Merges `patch` (or `patch(state)`) into the state; a key set to an identical value is no change. */
    set(patch) {
      const next = typeof patch === 'function' ? patch(state) : patch;
      for (const [k, v] of Object.entries(next)) {
        if (state[k] !== v) changed.add(k);
      }
      state = { ...state, ...next };
      if (changed.size && !scheduled) {
        scheduled = true;
        queueMicrotask(flush);
      }
    },
    /** Calls fn(state, changedKeys) after changes to any of `keys` (all keys when omitted); returns the unsubscribe. */
    subscribe(keys, fn) {
      const sub = { keys: keys && (Array.isArray(keys) ? keys : [keys]), fn };
      subscribers.add(sub);
      return () => subscribers.delete(sub);
    },
  };
}
