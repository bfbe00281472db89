// What the stats pages share: names in their Quake colours, links, numbers, tables, bars.
import { h } from '../../lib/dom.js';
import { quakeNodes, stripQuake } from '../../lib/format.js';

export const MODES = [['all', 'All modes'], ['ffa', 'FFA'], ['1v1', '1v1'], ['tdm', 'TDM'], ['ctf', 'CTF']];
const TEAMS = { 1: 'Red', 2: 'Blue', 3: 'Spectator' };
const TEAM_NUMBER = { red: 1, blue: 2 };
export const teamName = (team) => TEAMS[team] ?? '';
export const plain = (name) => stripQuake(name ?? '');

export const playerHref = (name) => `#/stats/player/${encodeURIComponent(name)}`;
export const matchHref = (id) => `#/stats/match/${encodeURIComponent(id)}`;

/** A game name in its colours; what is read aloud (and copied) is the plain name. */
export const qname = (name) => h('span', { class: 'qname' }, quakeNodes(name ?? ''));
export const playerLink = (name) => h('a', { class: 'plink', href: playerHref(name) }, quakeNodes(name));

/** "Red" or "Blue" as a chip (team modes), with the colour as a hint only. */
export const teamChip = (team) => (TEAMS[team] ? h('span', { class: `team-chip t${team}` }, TEAMS[team]) : null);

/** Team scores, red first: "■ Red 3  ■ Blue 1". */
export const teamScores = (scores) => h('p', { class: 'team-scores', dataset: { testid: 'team-scores' } },
  Object.entries(scores).sort(([a], [b]) => (TEAM_NUMBER[a] ?? 9) - (TEAM_NUMBER[b] ?? 9)).map(([t, n]) =>
    h('span', { class: `team-score t${TEAM_NUMBER[t] ?? 0}` }, `${t.charAt(0).toUpperCase()}${t.slice(1)} `, h('strong', null, String(n)))));

/** A match's winner: a team ("red") or a player. */
export function winner(w) {
  if (!w) return '—';
  const team = TEAM_NUMBER[w.toLowerCase()];
  return team ? teamChip(team) : playerLink(w);
}

const WEAPONS = {
  TRIGGER_HURT: 'Hazard', FALLING: 'Falling', WATER: 'Drowning', SLIME: 'Slime', LAVA: 'Lava', CRUSH: 'Crushed',
  TELEFRAG: 'Telefrag', SUICIDE: 'Suicide', TARGET_LASER: 'Laser', MACHINEGUN: 'Machine gun', LIGHTNING: 'Lightning gun',
  BFG: 'BFG', NAIL: 'Nailgun', CHAINGUN: 'Chaingun', PROXIMITY_MINE: 'Proximity mine', KAMIKAZE: 'Kamikaze', JUICED: 'Juiced',
  GRAPPLE: 'Grapple', UNKNOWN: 'Unknown',
};
/** MOD_ROCKET_SPLASH → "Rocket (splash)". */
export function weaponName(mod) {
  let w = String(mod).replace(/^MOD_/, '');
  const splash = w.endsWith('_SPLASH');
  if (splash) w = w.slice(0, -7);
  const name = WEAPONS[w] ?? (w.charAt(0) + w.slice(1).toLowerCase().replace(/_/g, ' '));
  return splash ? `${name} (splash)` : name;
}
/** EXCELLENT → "Excellent". */
export const awardName = (a) => a.charAt(0) + a.slice(1).toLowerCase().replace(/_/g, ' ');
export const awardsText = (awards) => Object.entries(awards ?? {}).sort((a, b) => b[1] - a[1]).map(([a, n]) => (n > 1 ? `${awardName(a)} ×${n}` : awardName(a))).join(', ');

export const pct = (x) => (Number.isFinite(x) ? `${Math.round(x * 100)}%` : '—');
export const fixed = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '—');
export const kd = (kills, deaths) => kills / Math.max(deaths, 1);
export const ratingText = (r) => (r ? `${Math.round(r.rating)} ± ${Math.round(r.deviation)}` : '—');
/** Game time "12:03". */
export const clock = (s) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;

export const section = (title, id, ...body) => h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), ...body);
export const empty = (text, testid) => h('p', { class: 'muted', dataset: testid ? { testid } : undefined }, text);

/** A table with a (screen-reader) caption; head: labels (a `num` flag right-aligns). */
export function table(caption, head, rows, props = {}) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table stats-table', ...props },
    h('caption', { class: 'sr-only' }, caption),
    h('thead', null, h('tr', null, head.map((c) => (typeof c === 'string' ? h('th', { scope: 'col' }, c) : h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label))))),
    h('tbody', null, rows)));
}
export const td = (v, cls = 'num') => h('td', { class: cls }, v);

/** Horizontal bars: [{label (node or text), value}], the value written beside each. */
export function bars(items, unit, props = {}) {
  const max = Math.max(1, ...items.map((i) => i.value));
  return h('ul', { class: 'bars', ...props }, items.map((i) => {
    const fill = h('span', { class: 'bar-fill' });
    fill.style.width = `${(i.value / max) * 100}%`;
    return h('li', { class: 'bar-row' },
      h('span', { class: 'bar-label' }, i.label),
      h('span', { class: 'bar-track', 'aria-hidden': 'true' }, fill),
      h('span', { class: 'bar-value' }, `${i.value}`, h('span', { class: 'sr-only' }, ` ${unit}`)));
  }));
}

/** Renders into `root` keeping keyboard focus on the same link or control (by href or testid). */
export function keepFocus(root, render) {
  const a = document.activeElement;
  const key = root.contains(a) ? (a.getAttribute('href') ? `[href="${CSS.escape(a.getAttribute('href'))}"]` : a.dataset.testid ? `[data-testid="${CSS.escape(a.dataset.testid)}"]` : null) : null;
  render();
  if (key) root.querySelector(key)?.focus();
}
