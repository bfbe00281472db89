// Game stats: live matches, leaderboards, past matches, game servers (#/stats?tab=…), and one
// player (#/stats/player/NAME) or match (#/stats/match/ID). Live from the stats.* events; no polling.
import { h, debounce, srOnly } from '../../lib/dom.js';
import { api, seg } from '../../lib/api.js';
import { on, store } from '../../lib/hearth.js';
import { mergeLive, renderLive, renderServers, createServerControls } from './live.js';
import { renderBoards } from './boards.js';
import { renderMatchList, renderMatch } from './matches.js';
import { renderPlayer } from './player.js';
import { empty, keepFocus, plain } from './common.js';

const TABS = [['live', 'Live'], ['boards', 'Leaderboards'], ['matches', 'Matches'], ['servers', 'Servers']];
let st = null;
// Filters and sorting outlive the page: back from a player, the board is as it was.
const board = { mode: 'all', since: '', sort: 'rating', desc: true };
const matches = { mode: 'all' };

const errorText = (e, missing) => (e.status === 404 ? missing : e.message);

/** Where we are: a tab, or a player / match page (which belong to the Leaderboards / Matches tab). */
function where(ctx) {
  if (ctx.params.kind === 'player') return { tab: 'boards', player: ctx.params.id };
  if (ctx.params.kind === 'match') return { tab: 'matches', match: ctx.params.id };
  return { tab: TABS.some(([t]) => t === ctx.query.tab) ? ctx.query.tab : 'live' };
}

/** Marks the current tab and counts live matches, in place (a focused tab keeps its focus). */
function renderTabs() {
  if (!st.tabs.children.length) {
    st.tabs.append(...TABS.map(([t, label]) => h('a', { href: t === 'live' ? '#/stats' : `#/stats?tab=${t}`, class: 'btn ghost small', dataset: { testid: `stats-tab-${t}`, tab: t } },
      label, t === 'live' ? [st.liveBadge = h('span', { class: 'badge live-count', 'aria-hidden': 'true' }), st.liveSr = srOnly('')] : null)));
  }
  for (const a of st.tabs.children) {
    if (a.dataset.tab === st.at.tab) a.setAttribute('aria-current', st.at.player || st.at.match ? 'true' : 'page');
    else a.removeAttribute('aria-current');
  }
  const n = st.live.size;
  st.liveBadge.textContent = String(n);
  st.liveBadge.hidden = !n;
  st.liveSr.textContent = n ? `, ${n} under way` : '';
}

/** Shows the current page; `fresh` fetches what it shows again. */
async function show(fresh = true) {
  const s = st;
  const at = s.at;
  renderTabs();
  if (at.player || at.match) {
    if (fresh || !s.detail) {
      if (!s.detail) s.body.replaceChildren(empty('Loading…'));
      try {
        const data = at.player ? await api.get(`/v1/stats/players/${seg(at.player)}`) : await api.get(`/v1/stats/matches/${seg(at.match)}`);
        if (st !== s || s.at !== at) return;
        s.detail = data;
      } catch (e) {
        if (st === s && s.at === at) s.body.replaceChildren(empty(errorText(e, at.player ? `No player named "${plain(at.player)}" is in this node's records.` : "This match is not in this node's records."), 'stats-error'));
        return;
      }
    }
    keepFocus(s.body, () => s.body.replaceChildren(at.player ? renderPlayer(s.detail) : renderMatch(s.detail)));
    return;
  }
  if (at.tab === 'live') keepFocus(s.body, () => s.body.replaceChildren(renderLive(s.live)));
  else if (at.tab === 'servers') {
    // The form stays while the list under it follows the servers' status (every 2 s).
    s.serverPane ??= { controls: createServerControls(), list: h('div') };
    if (s.body.firstChild !== s.serverPane.controls) s.body.replaceChildren(s.serverPane.controls, s.serverPane.list);
    keepFocus(s.serverPane.list, () => s.serverPane.list.replaceChildren(renderServers(s.servers, store.get().nodeId, (address) => {
      s.servers.delete(address);
      show(false);
    })));
  }
  else if (at.tab === 'boards') {
    if (!s.boardPane || fresh) s.body.replaceChildren(s.boardPane = renderBoards(s.board, loadBoard));
    if (fresh) loadBoard();
  } else {
    if (!s.matchPane || fresh) s.body.replaceChildren(s.matchPane = renderMatchList(s.matches, loadMatches));
    if (fresh) loadMatches();
  }
}

async function loadBoard() {
  const s = st;
  const b = s.board;
  const want = `${b.mode}|${b.since}`;
  let board;
  try {
    board = await api.get('/v1/stats/board', { mode: b.mode, since: b.since });
  } catch (e) {
    board = { error: e.message };
  }
  if (st !== s || want !== `${b.mode}|${b.since}`) return; // a later choice wins
  b.board = board;
  b.render?.();
}
async function loadMatches() {
  const s = st;
  const m = s.matches;
  const want = m.mode;
  let list;
  try {
    list = await api.get('/v1/stats/matches', { limit: 100, mode: want === 'all' ? null : want });
  } catch (e) {
    list = { error: e.message };
  }
  if (st !== s || want !== m.mode) return;
  m.list = list;
  m.render?.();
}

async function loadLiveAndServers() {
  const s = st;
  const [live, servers] = await Promise.allSettled([api.get('/v1/stats/live'), api.get('/v1/stats/servers')]);
  if (st !== s) return;
  if (live.status === 'fulfilled') {
    s.live.clear();
    live.value.forEach((m) => mergeLive(s.live, m));
  }
  if (servers.status === 'fulfilled') s.servers = new Map(servers.value.map((x) => [x.address, x]));
  if (s.at.tab === 'live' || s.at.tab === 'servers') show(false);
  else renderTabs();
}

/** A new record or claim: what shows records again (debounced: an ingest signs many at once). */
const recordsChanged = debounce(() => {
  if (!st) return;
  if (st.at.player) show(true);
  else if (st.at.tab === 'boards') loadBoard();
  else if (st.at.tab === 'matches' && !st.at.match) loadMatches();
}, 300);

function mount(el, ctx) {
  st = {
    at: where(ctx), live: new Map(), servers: new Map(), detail: null, offs: [],
    board: Object.assign(board, { board: null, render: null }),
    matches: Object.assign(matches, { list: null, render: null }),
    tabs: h('nav', { class: 'segmented stats-tabs', 'aria-label': 'Game stats sections' }),
    body: h('div', { class: 'stats-body' }),
  };
  el.append(h('section', { class: 'page', 'aria-labelledby': 'stats-title' },
    h('header', { class: 'page-header' }, h('h1', { id: 'stats-title' }, 'Game stats'), st.tabs),
    st.body));
  st.offs.push(
    on('stats.live', (e) => {
      mergeLive(st.live, e.live);
      if (st.at.tab === 'live' && !st.at.match && !st.at.player) show(false);
      else renderTabs();
    }),
    on('stats.server', (e) => {
      st.servers.set(e.server.address, e.server);
      if (st.at.tab === 'servers') show(false);
    }),
    on('stats.match', recordsChanged),
    on('stats.claim', recordsChanged),
    on('resync', () => { loadLiveAndServers(); recordsChanged(); }));
  show(true);
  loadLiveAndServers();
}

function update(ctx) {
  const at = where(ctx);
  if (st.at.player !== at.player || st.at.match !== at.match) st.detail = null;
  st.at = at;
  show(true);
  return true;
}

function unmount() {
  st?.offs.forEach((off) => off());
  recordsChanged.cancel();
  st = null;
}

export default {
  id: 'stats',
  title: 'Game stats',
  route: '/stats',
  sidebar: { label: 'Game stats', icon: 'chart', order: 38, testid: 'nav-stats' },
  mount, update, unmount,
};

/** #/stats/player/NAME and #/stats/match/ID: the same view, on a page of its own. */
export const statsDetail = { id: 'stats', title: 'Game stats', route: '/stats/:kind/:id', mount, update, unmount };
