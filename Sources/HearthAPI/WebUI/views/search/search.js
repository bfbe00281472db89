// Message search with filters (in, from, before, after). Snippets come marked «like this»;
// they are shown with <mark>, everything else as text. #/search?q=…&in=…&from=…&before=…&after=…
import { h, icon, nextId } from '../../lib/dom.js';
import { api } from '../../lib/api.js';
import { store, titleOf, convHref, dmTitle, isSelf } from '../../lib/hearth.js';
import { navigate } from '../../lib/router.js';
import { formatShort, formatFull, snippetNodes, plural } from '../../lib/format.js';
import { avatar } from '../../lib/people.js';

const FIELDS = ['q', 'in', 'from', 'after', 'before'];
let state = null;

function field(label, control) {
  const id = nextId('sf');
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id, class: 'field-label' }, label), control);
}

function options(select, entries, value) {
  select.replaceChildren(...entries.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
}

function resultItem(r) {
  const m = r.message;
  const names = new Map([...store.get().presence.values()].map((p) => [p.id, p.name]));
  for (const x of m.mentions ?? []) names.set(x.id, x.name);
  const query = m.threadRoot ? { thread: m.threadRoot, m: m.id } : { m: m.id };
  const href = `${convHref(m.channel)}?${new URLSearchParams(query)}`;
  return h('li', null, h('a', { href, class: 'result', dataset: { testid: 'search-result', messageId: m.id } },
    avatar(m.author, m.authorName, { size: 28 }),
    h('span', { class: 'result-main' },
      h('span', { class: 'result-head' }, h('strong', null, m.authorName), h('span', { class: 'muted small' }, ` in ${titleOf(m.channel)}${m.threadRoot ? ' (thread)' : ''} · `),
        h('time', { class: 'muted small', datetime: m.time, title: formatFull(m.time) }, formatShort(m.time))),
      h('span', { class: 'result-snippet', dataset: { testid: 'search-snippet' } }, snippetNodes(r.snippet, names)))));
}

async function run(query) {
  const { results, summary } = state;
  const q = query.q?.trim();
  if (!q) {
    summary.textContent = 'Type words to find. "A phrase" matches as a whole, word* matches a prefix.';
    results.replaceChildren();
    return;
  }
  summary.textContent = 'Searching…';
  const ctrl = new AbortController();
  state.ctrl?.abort();
  state.ctrl = ctrl;
  try {
    const list = await api.get('/v1/search', { q, in: query.in, from: query.from, before: query.before, after: query.after, limit: 100 }, { signal: ctrl.signal });
    if (state?.ctrl !== ctrl) return;
    summary.textContent = list.length ? `${plural(list.length, 'result')}${list.length === 100 ? ' (the newest 100)' : ''}` : 'No messages match.';
    results.replaceChildren(...list.map(resultItem));
  } catch (e) {
    if (e.name === 'AbortError' || !state) return;
    summary.textContent = e.message;
    results.replaceChildren();
  }
}

export default {
  id: 'search',
  title: 'Search',
  route: '/search',
  mount(el, ctx) {
    const qBox = h('input', { type: 'search', class: 'input', name: 'q', placeholder: 'rocket jump', dataset: { testid: 'search-query' } });
    const inSel = h('select', { class: 'input', name: 'in', dataset: { testid: 'search-in' } });
    const fromSel = h('select', { class: 'input', name: 'from', dataset: { testid: 'search-from' } });
    const after = h('input', { type: 'date', class: 'input', name: 'after', dataset: { testid: 'search-after' } });
    const before = h('input', { type: 'date', class: 'input', name: 'before', dataset: { testid: 'search-before' } });
    const summary = h('p', { class: 'muted', role: 'status', dataset: { testid: 'search-summary' } });
    const results = h('ul', { class: 'results', 'aria-label': 'Results', dataset: { testid: 'search-results' } });
    const form = h('form', {
      class: 'search-form', role: 'search', 'aria-label': 'Search messages', dataset: { testid: 'search-form' },
      onsubmit: (e) => {
        e.preventDefault();
        const query = { q: qBox.value.trim(), in: inSel.value, from: fromSel.value, after: after.value, before: before.value };
        navigate('/search', query);
      },
    },
    h('div', { class: 'search-row' }, field('Words', qBox), h('button', { type: 'submit', class: 'btn primary' }, icon('search', 16), 'Search')),
    h('div', { class: 'search-filters' }, field('In', inSel), field('From', fromSel), field('After', after), field('Before', before)));
    el.append(h('section', { class: 'page', 'aria-labelledby': 'search-title' },
      h('header', { class: 'page-header' }, h('h1', { id: 'search-title' }, 'Search')),
      form, summary, results));
    state = { results, summary, qBox, inSel, fromSel, after, before, offs: [] };

    const fill = (query) => {
      qBox.value = query.q ?? '';
      const { channels, dms, presence } = store.get();
      options(inSel, [['', 'Anywhere'], ...channels.map((c) => [c.name, `#${c.name}`]), ...dms.map((d) => [d.id, dmTitle(d)])], query.in ?? '');
      options(fromSel, [['', 'Anyone'], ...[...presence.values()].map((p) => [p.id, isSelf(p.id) ? `${p.name} (you)` : p.name])], query.from ?? '');
      after.value = query.after ?? '';
      before.value = query.before ?? '';
    };
    fill(ctx.query);
    state.fill = () => fill(Object.fromEntries(FIELDS.map((f) => [f, state[f === 'q' ? 'qBox' : f === 'in' ? 'inSel' : f === 'from' ? 'fromSel' : f].value])));
    state.offs.push(store.subscribe(['channels', 'dms', 'presence'], state.fill));
    run(ctx.query);
    if (!ctx.query.q) qBox.focus();
  },
  update(ctx) {
    if (!state) return false;
    run(ctx.query);
    return true;
  },
  unmount() {
    state?.ctrl?.abort();
    state?.offs.forEach((off) => off());
    state = null;
  },
};
