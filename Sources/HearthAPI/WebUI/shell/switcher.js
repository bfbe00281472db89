// The quick switcher (Ctrl/Cmd-K): channels, DMs, people and pages, filtered as you type.
import { h, icon, nextId } from '../lib/dom.js';
import { store, convHref, dmTitle, isSelf } from '../lib/hearth.js';
import { openDialog } from '../lib/dialog.js';
import { dot, statusLine } from '../lib/people.js';
import { goToDm } from '../views/dms/dms.js';

function entries(views) {
  const { channels, dms, presence, unread } = store.get();
  const out = [];
  for (const c of channels) out.push({ kind: 'Channel', label: `#${c.name}`, key: c.name, go: () => { location.hash = convHref(c.name); }, icon: () => icon('hash', 16), unread: unread[c.name] });
  for (const dm of dms) out.push({ kind: 'Direct message', label: dmTitle(dm), key: dmTitle(dm), go: () => { location.hash = convHref(dm.id); }, icon: () => (dm.members.length === 1 ? dot(dm.members[0].id, { decorative: true }) : icon('users', 16)), unread: unread[dm.id] });
  for (const p of presence.values()) {
    if (isSelf(p.id)) continue;
    out.push({ kind: 'Person', label: p.name, key: p.name, sub: statusLine(p), go: () => goToDm([p.id]), icon: () => dot(p.id, { decorative: true }) });
  }
  for (const v of views) if (v.sidebar || v.id === 'search' || v.id === 'dms') out.push({ kind: 'Page', label: v.title, key: v.title, go: () => { location.hash = `#${v.route}`; }, icon: () => icon(v.sidebar?.icon ?? 'search', 16) });
  return out;
}

function score(e, q) {
  if (!q) return e.unread ? 3 : e.kind === 'Page' ? 0 : 1;
  const key = e.key.toLowerCase();
  if (key === q) return 100;
  if (key.startsWith(q)) return 50 - key.length / 100;
  if (key.includes(q)) return 20 - key.length / 100;
  // letters in order ("gnrl" → general)
  let i = 0;
  for (const ch of key) if (ch === q[i]) i++;
  return i === q.length ? 5 : -1;
}

export function openSwitcher(views) {
  if (document.querySelector('[data-testid="switcher"]')) return;
  openDialog({
    title: 'Jump to a conversation',
    className: 'switcher',
    testid: 'switcher',
    build: (close) => {
      const listId = nextId('sw');
      const input = h('input', {
        type: 'text', class: 'input switcher-input', role: 'combobox', 'aria-expanded': 'true', 'aria-controls': listId,
        'aria-autocomplete': 'list', 'aria-label': 'Channel, person or page', placeholder: 'Channel, person or page…', dataset: { testid: 'switcher-input' },
      });
      const list = h('ul', { class: 'switcher-list', role: 'listbox', id: listId, 'aria-label': 'Matches' });
      const all = entries(views);
      let shown = [];
      let active = 0;
      const render = () => {
        const q = input.value.trim().toLowerCase().replace(/^[#@]/, '');
        shown = all.map((e) => [score(e, q), e]).filter(([s]) => s >= 0).sort((a, b) => b[0] - a[0]).slice(0, 12).map(([, e]) => e);
        active = Math.min(active, Math.max(0, shown.length - 1));
        list.replaceChildren(...shown.map((e, i) => h('li', {
          role: 'option', id: `${listId}-${i}`, class: 'switcher-item', 'aria-selected': i === active ? 'true' : 'false',
          dataset: { testid: 'switcher-option', kind: e.kind },
          onclick: () => { close(); e.go(); },
        }, h('span', { class: 'nav-icon' }, e.icon()), h('span', { class: 'switcher-label' }, e.label),
        e.sub ? h('span', { class: 'muted small' }, e.sub) : null,
        h('span', { class: 'muted small switcher-kind' }, e.kind))));
        if (!shown.length) list.append(h('li', { class: 'muted pad', role: 'option', 'aria-disabled': 'true', 'aria-selected': 'false' }, 'No match'));
        if (shown.length) input.setAttribute('aria-activedescendant', `${listId}-${active}`);
        else input.removeAttribute('aria-activedescendant');
        list.children[active]?.scrollIntoView({ block: 'nearest' });
      };
      input.addEventListener('input', () => { active = 0; render(); });
      input.addEventListener('keydown', (e) => {
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          if (shown.length) active = (active + (e.key === 'ArrowDown' ? 1 : -1) + shown.length) % shown.length;
          render();
        } else if (e.key === 'Enter') {
          e.preventDefault();
          const chosen = shown[active];
          if (chosen) { close(); chosen.go(); }
        }
      });
      render();
      queueMicrotask(() => input.focus());
      return h('div', null, input, list, h('p', { class: 'muted small switcher-help', 'aria-hidden': 'true' }, '↑↓ to move, Enter to open, Esc to close'));
    },
  });
}

