// Names, avatars and presence dots. Every dot carries data-node-id, so one presence change
// updates every dot on the page (`updateDots`).
import { h } from './dom.js';
import { store, isSelf } from './hearth.js';
import { stripQuake } from './format.js';

// Dark enough for white initials (WCAG AA) in both themes.
const COLOURS = ['#b42318', '#a15c07', '#027a48', '#175cd3', '#6941c6', '#c11574', '#0e7090', '#4e5ba6', '#7a2e0e', '#3b7c0f'];

export function colourOf(id = '') {
  let n = 0;
  for (let i = 0; i < id.length; i++) n = (n * 31 + id.charCodeAt(i)) >>> 0;
  return COLOURS[n % COLOURS.length];
}

const LABEL = { online: 'online', idle: 'idle', away: 'away', dnd: 'do not disturb', offline: 'offline' };
export const statusWord = (status) => LABEL[status] ?? 'offline';

/** "in game: oa_dm1 on 10.0.0.5:27960" */
export const gameText = (game) => (game ? `in game: ${stripQuake(game.map || game.game)} on ${game.server}` : '');

/** What a person is up to, in one line: "away — pizza run · in game: …". */
export function statusLine(p) {
  if (!p) return 'offline';
  const parts = [statusWord(p.status)];
  if (p.text) parts.push(p.text);
  if (p.game) parts.push(gameText(p.game));
  return parts.join(' — ');
}

const dotLabel = (p, name) => `${name ?? p?.name ?? ''} ${statusLine(p)}`.trim();

/** A presence dot that stays live. `decorative` hides it from screen readers (the name says it). */
export function dot(id, { decorative = false } = {}) {
  const p = store.get().presence.get(id);
  const status = p?.status ?? 'offline';
  const el = h('span', {
    class: 'dot',
    dataset: { testid: 'presence-dot', nodeId: id ?? '', status },
    title: statusLine(p),
  });
  if (decorative) el.setAttribute('aria-hidden', 'true');
  else {
    el.setAttribute('role', 'img');
    el.setAttribute('aria-label', statusWord(status));
  }
  return el;
}

/** Updates every dot of this node on the page. */
export function updateDots(p) {
  for (const el of document.querySelectorAll(`.dot[data-node-id="${CSS.escape(p.id)}"]`)) {
    el.dataset.status = p.status;
    el.title = statusLine(p);
    if (el.getAttribute('role') === 'img') el.setAttribute('aria-label', statusWord(p.status));
  }
}

/** A round avatar with the initial and a status dot; decorative (the name sits beside it). */
export function avatar(id, name, { size = 36, withDot = true } = {}) {
  const initial = (stripQuake(name || '?').trim()[0] || '?').toUpperCase();
  const el = h('span', { class: `avatar s${size}`, 'aria-hidden': 'true', dataset: { colour: String(COLOURS.indexOf(colourOf(id))) } }, initial);
  if (withDot) el.append(dot(id, { decorative: true }));
  return el;
}

/** Everyone but this node, online first then by name. */
export function others() {
  return [...store.get().presence.values()].filter((p) => !isSelf(p.id));
}
