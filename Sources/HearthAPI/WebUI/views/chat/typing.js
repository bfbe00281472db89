// "bob is typing…" for one conversation (and thread), live from the store.
import { store, nameOf } from '../../lib/hearth.js';

export function typingText(names) {
  if (!names.length) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  if (names.length === 3) return `${names[0]}, ${names[1]} and ${names[2]} are typing…`;
  return 'Several people are typing…';
}

/** Keeps `el` saying who types in `channel` (in `thread`, or outside threads when null). */
export function bindTyping(el, channel, thread = null) {
  const update = () => {
    const names = store.get().typing
      .filter((t) => t.channel === channel && (t.thread ?? null) === thread)
      .map((t) => t.name || nameOf(t.id));
    el.textContent = typingText(names);
    el.dataset.count = String(names.length);
  };
  update();
  return store.subscribe(['typing'], update);
}
