// Leaderboards: a mode and a start date; columns sort by a click (or Enter) on their heading.
import { h, nextId } from '../../lib/dom.js';
import { plural } from '../../lib/format.js';
import { MODES, playerLink, pct, fixed, ratingText, empty } from './common.js';

const COLUMNS = [
  { key: 'player', label: 'Player', value: (r) => r.plainName.toLowerCase(), asc: true },
  { key: 'rating', label: 'Rating', value: (r) => r.rating?.rating ?? -Infinity, cell: (r) => ratingText(r.rating), title: 'Glicko-2 rating ± deviation' },
  { key: 'matches', label: 'Matches' },
  { key: 'wins', label: 'Wins' },
  { key: 'winRate', label: 'Win rate', cell: (r) => pct(r.winRate) },
  { key: 'killDeathRatio', label: 'K/D', cell: (r) => fixed(r.killDeathRatio), title: 'Kills per death' },
  { key: 'killsPerMinute', label: 'KPM', cell: (r) => fixed(r.killsPerMinute), title: 'Kills per minute' },
  { key: 'kills', label: 'Kills' },
  { key: 'deaths', label: 'Deaths' },
  { key: 'bestStreak', label: 'Best streak' },
];

/**
 * The leaderboard page. `st` = {mode, since, sort, desc, board}; `reload()` fetches the board again
 * for st.mode and st.since.
 */
export function renderBoards(st, reload) {
  const modeId = nextId('f');
  const sinceId = nextId('f');
  const body = h('div', { class: 'board-body' });
  const mode = h('select', { id: modeId, class: 'input', dataset: { testid: 'board-mode' }, onchange: () => { st.mode = mode.value; reload(); } },
    MODES.map(([v, label]) => h('option', { value: v, selected: v === st.mode }, label)));
  const since = h('input', { id: sinceId, type: 'date', class: 'input', value: st.since, dataset: { testid: 'board-since' }, onchange: () => { st.since = since.value; reload(); } });
  const render = () => {
    const b = st.board;
    if (!b) return body.replaceChildren(empty('Loading…'));
    if (b.error) return body.replaceChildren(empty(b.error));
    const rated = b.rows.some((r) => r.rating);
    const cols = COLUMNS.filter((c) => c.key !== 'rating' || rated);
    const col = cols.find((c) => c.key === st.sort);
    const rows = b.rows.map((r, i) => ({ r, i }));
    if (col) {
      const val = col.value ?? ((r) => r[col.key]);
      rows.sort((a, z) => {
        const x = val(a.r);
        const y = val(z.r);
        const c = typeof x === 'string' ? x.localeCompare(y) : x - y;
        return (st.desc ? -c : c) || a.i - z.i;
      });
    }
    const sortBy = (c) => {
      st.desc = st.sort === c.key ? !st.desc : !c.asc;
      st.sort = c.key;
      render();
      body.querySelector(`[data-sort="${c.key}"]`)?.focus();
    };
    const summary = h('p', { class: 'muted small', dataset: { testid: 'board-summary' } },
      `${plural(b.matches, 'match', 'matches')}, ${plural(b.rows.length, 'player')}`, rated ? '' : '. Ratings are per mode: pick one to see them.');
    if (!b.rows.length) return body.replaceChildren(summary, empty('No matches recorded for this choice yet.', 'board-empty'));
    body.replaceChildren(summary, h('div', { class: 'table-wrap' }, h('table', { class: 'table stats-table', dataset: { testid: 'board' } },
      h('caption', { class: 'sr-only' }, `Leaderboard, ${MODES.find((m) => m[0] === b.mode.toLowerCase())?.[1] ?? b.mode}${col ? `, sorted by ${col.label}` : ''}`),
      h('thead', null, h('tr', null, h('th', { scope: 'col', class: 'num' }, '#'), cols.map((c) => h('th', {
        scope: 'col', class: c.key === 'player' ? null : 'num', 'aria-sort': c === col ? (st.desc ? 'descending' : 'ascending') : null,
      }, h('button', { type: 'button', class: 'sort-btn', title: c.title, dataset: { sort: c.key }, onclick: () => sortBy(c) },
        c.label, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, c === col ? (st.desc ? '▼' : '▲') : '')))))),
      h('tbody', null, rows.map(({ r }, i) => h('tr', { dataset: { testid: 'board-row', player: r.plainName } },
        h('td', { class: 'num muted' }, String(i + 1)),
        cols.map((c) => (c.key === 'player'
          ? h('th', { scope: 'row' }, playerLink(r.name), r.claimedBy.length ? h('span', { class: 'claimed muted small' }, ` (${r.claimedBy.map((m) => m.name).join(', ')})`) : null)
          : h('td', { class: 'num' }, c.cell ? c.cell(r) : String(r[c.key]))))))))));
  };
  st.render = render;
  render();
  return h('div', { class: 'stats-pane' },
    h('div', { class: 'filters' },
      h('div', { class: 'field' }, h('label', { class: 'field-label', for: modeId }, 'Mode'), mode),
      h('div', { class: 'field' }, h('label', { class: 'field-label', for: sinceId }, 'Since'), since)),
    body);
}
