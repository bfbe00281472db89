// Formatting: times, days, durations, search snippets, Quake colour codes.
import { h } from './dom.js';

const timeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const fullFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });
const dayFmt = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric' });
const dayYearFmt = new Intl.DateTimeFormat(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
const shortFmt = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

const toDate = (t) => (t instanceof Date ? t : new Date(t));

/** "14:05" */
export const formatTime = (t) => timeFmt.format(toDate(t));
/** "Saturday, 6 December 2026 at 14:05:12" */
export const formatFull = (t) => fullFmt.format(toDate(t));
/** "Today 14:05", "Dec 3, 14:05" */
export function formatShort(t) {
  const d = toDate(t);
  return sameDay(d, new Date()) ? `Today ${formatTime(d)}` : shortFmt.format(d);
}

export const dayKey = (t) => {
  const d = toDate(t);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
};
export const sameDay = (a, b) => dayKey(a) === dayKey(b);

/** "Today", "Yesterday", "Monday, December 1" (with the year when not this year). */
export function formatDay(t) {
  const d = toDate(t);
  const now = new Date();
  if (sameDay(d, now)) return 'Today';
  const y = new Date(now);
  y.setDate(now.getDate() - 1);
  if (sameDay(d, y)) return 'Yesterday';
  return d.getFullYear() === now.getFullYear() ? dayFmt.format(d) : dayYearFmt.format(d);
}

/** "just now", "5 min ago", "3 h ago", "2 days ago" */
export function formatAgo(t) {
  const s = Math.max(0, (Date.now() - toDate(t).getTime()) / 1000);
  if (s < 45) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} days ago`;
}

export function formatRtt(ms) {
  if (ms == null) return '—';
  return ms < 10 ? `${ms.toFixed(2)} ms` : `${Math.round(ms)} ms`;
}

export const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * A search snippet as nodes: the node marks matches «like this»; those become <mark>, the rest
 * stays text. `names` maps a node id to its name, to show "@bob" where a snippet holds "@<id>".
 */
export function snippetNodes(snippet, names = new Map()) {
  const out = [];
  const text = snippet.replace(/@([a-z2-7]{52})/g, (m, id) => (names.has(id) ? `@${names.get(id)}` : m));
  const re = /«([^»]*)»/g;
  let last = 0;
  let m;
  while ((m = re.exec(text))) {
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(h('mark', null, m[1]));
    last = re.lastIndex;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** Quake III colour codes (^0–^9) removed: "^1Red^7Bob" → "RedBob". */
export const stripQuake = (s) => String(s).replace(/\^[0-9]/g, '');

/** Quake III colour codes as spans (classes q0…q7, readable in both themes). */
export function quakeNodes(s) {
  const parts = String(s).split(/(\^[0-9])/);
  const out = [];
  let cls = null;
  for (const part of parts) {
    if (/^\^[0-9]$/.test(part)) {
      const n = Number(part[1]) % 8;
      cls = n === 7 ? null : `q${n}`;
    } else if (part) {
      out.push(cls ? h('span', { class: cls }, part) : part);
    }
  }
  return out;
}
