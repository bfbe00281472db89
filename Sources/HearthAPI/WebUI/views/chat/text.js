// A message's text as DOM nodes: mentions highlighted, http(s) links clickable, the rest text.
import { h } from '../../lib/dom.js';
import { isSelf } from '../../lib/hearth.js';

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const URL_RE = /https?:\/\/[^\s<>"]+[^\s<>".,:;!?'")\]]/g;

export function textNodes(m) {
  const names = new Map();
  for (const x of m.mentions ?? []) names.set(x.name.toLowerCase(), x);
  const alts = [...names.keys()].sort((a, b) => b.length - a.length).map(escapeRe);
  if (m.mentionsHere) alts.push('here');
  if (m.mentionsChannel) alts.push('channel');
  const mentionRe = alts.length ? new RegExp(`@(${alts.join('|')})(?![\\w-])`, 'gi') : null;

  const out = [];
  const text = m.text ?? '';
  let last = 0;
  for (const u of text.matchAll(URL_RE)) {
    if (u.index > last) out.push(...mentionNodes(text.slice(last, u.index), mentionRe, names));
    out.push(h('a', { href: u[0], target: '_blank', rel: 'noopener noreferrer' }, u[0]));
    last = u.index + u[0].length;
  }
  if (last < text.length) out.push(...mentionNodes(text.slice(last), mentionRe, names));
  return out;
}

function mentionNodes(text, re, names) {
  if (!re) return [text];
  const out = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    const key = m[1].toLowerCase();
    const who = names.get(key);
    const mine = who ? isSelf(who.id) : key === 'here' || key === 'channel';
    out.push(h('span', { class: `mention${mine ? ' me' : ''}`, dataset: who ? { nodeId: who.id } : { special: key } }, m[0]));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}
