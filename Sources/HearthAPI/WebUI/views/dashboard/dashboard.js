// The network at a glance: members and players, matches, chat and storage figures, every node's
// health and the latest activity. GET /v1/dashboard once, then each `dashboard.changed` replaces it.
import { h, icon } from '../../lib/dom.js';
import { api } from '../../lib/api.js';
import { on } from '../../lib/hearth.js';
import { formatFull, formatShort, quakeNodes } from '../../lib/format.js';

let st = null;

const n = (x) => (Number.isFinite(x) ? x.toLocaleString() : '—');
function uptime(s) {
  if (!Number.isFinite(s)) return '—';
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}
function bytes(b) {
  if (!Number.isFinite(b)) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (b >= 1024 && i < units.length - 1) { b /= 1024; i++; }
  return `${b.toFixed(b < 10 && i ? 1 : 0)} ${units[i]}`;
}
const ms = (x) => (Number.isFinite(x) ? `${x < 10 ? x.toFixed(1) : Math.round(x)} ms` : '—');

function card(metric, label, value, sub) {
  return h('li', { class: 'metric', dataset: { testid: 'dashboard-card', metric } },
    h('span', { class: 'metric-label' }, label), h('span', { class: 'metric-value' }, value), sub ? h('span', { class: 'metric-sub muted small' }, sub) : null);
}

const KIND_ICON = { join: 'users', match: 'smile', channel: 'hash' };

function render() {
  const d = st.data;
  if (!d) return;
  st.cards.replaceChildren(
    card('membersOnline', 'Members online', `${n(d.membersOnline)} / ${n(d.members)}`),
    card('playersInGame', 'Players in game', n(d.playersInGame)),
    card('matchesToday', 'Matches today', n(d.matchesToday)),
    card('messagesPerMinute', 'Messages a minute', Number.isFinite(d.messagesPerMinute) ? d.messagesPerMinute.toFixed(1) : '—'),
    card('opsStored', 'Ops stored', n(d.opsStored)));
  const nodes = [...(d.nodes ?? [])].sort((a, b) => (b.self - a.self) || (b.online - a.online) || a.name.localeCompare(b.name));
  st.nodes.replaceChildren(nodes.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'table stats-table', dataset: { testid: 'node-health' } },
    h('caption', { class: 'sr-only' }, 'Health of each node'),
    h('thead', null, h('tr', null, ['Node', 'State', 'Version', 'Uptime', 'CPU', 'Memory', 'Database', 'Peers'].map((c, i) => h('th', { scope: 'col', class: i > 2 ? 'num' : null }, c)))),
    h('tbody', null, nodes.map((x) => h('tr', { class: x.online ? null : 'offline-row', dataset: { testid: 'node-health-row', nodeId: x.id, online: String(x.online) } },
      h('th', { scope: 'row' }, x.name, x.self ? h('span', { class: 'tag' }, 'this node') : null),
      h('td', null, h('span', { class: `status-word s-${x.online ? 'online' : 'offline'}` }, x.online ? 'online' : 'offline')),
      h('td', { class: 'mono small' }, x.version ?? '—'),
      h('td', { class: 'num' }, x.online ? uptime(x.uptimeSeconds) : '—'),
      h('td', { class: 'num' }, Number.isFinite(x.cpuPercent) ? `${Math.round(x.cpuPercent)}%` : '—'),
      h('td', { class: 'num' }, bytes(x.memoryBytes)),
      h('td', { class: 'num' }, ms(x.databaseMs)),
      h('td', { class: 'num' }, n(x.peers))))))) : h('p', { class: 'muted' }, 'No node has reported its health yet.'));
  const activity = d.activity ?? [];
  st.activity.replaceChildren(activity.length ? h('ul', { class: 'activity', 'aria-label': 'Recent activity' }, activity.map((a) => h('li', { class: 'activity-item', dataset: { testid: 'activity-item', kind: a.kind } },
    h('span', { class: 'notif-icon' }, icon(KIND_ICON[a.kind] ?? 'bell', 16)),
    h('span', { class: 'activity-text' }, a.kind === 'match' ? quakeNodes(a.text) : a.text),
    h('time', { class: 'muted small', datetime: a.time, title: formatFull(a.time) }, formatShort(a.time)))))
    : h('p', { class: 'muted' }, 'Nothing yet.'));
}

async function load() {
  const s = st;
  const seen = s.data;
  try {
    const d = await api.get('/v1/dashboard');
    if (st !== s || s.data !== seen) return; // gone, or an event brought newer figures
    s.data = d;
    s.missing.hidden = true;
    s.parts.hidden = false;
    render();
  } catch (e) {
    if (st !== s) return;
    s.missing.hidden = false;
    s.parts.hidden = !s.data;
    s.missing.textContent = e.status === 404
      ? 'The dashboard is not available on this node yet: it comes with a newer version of Hearth.'
      : `The dashboard could not be loaded: ${e.message}`;
  }
}

export default {
  id: 'dashboard',
  title: 'Dashboard',
  route: '/dashboard',
  sidebar: { label: 'Dashboard', icon: 'activity', order: 36, testid: 'nav-dashboard' },
  mount(el) {
    const section = (title, id, body) => h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), body);
    st = {
      data: null, offs: [],
      cards: h('ul', { class: 'metrics', 'aria-label': 'The network at a glance' }),
      nodes: h('div'),
      activity: h('div'),
      missing: h('p', { class: 'card muted', hidden: true, dataset: { testid: 'dashboard-missing' } }),
    };
    st.parts = h('div', { class: 'dash-parts', hidden: true },
      st.cards,
      section('Nodes', 'dash-nodes', st.nodes),
      section('Recent activity', 'dash-activity', st.activity));
    el.append(h('section', { class: 'page', 'aria-labelledby': 'dash-title' },
      h('header', { class: 'page-header' }, h('h1', { id: 'dash-title' }, 'Dashboard')),
      h('p', { class: 'muted', dataset: { testid: 'dashboard-loading' } }, 'Loading…'),
      st.missing, st.parts));
    const loading = el.querySelector('[data-testid=dashboard-loading]');
    st.offs.push(
      on('dashboard.changed', (e) => {
        st.data = e.dashboard;
        st.missing.hidden = true;
        st.parts.hidden = false;
        loading.remove();
        render();
      }),
      on('resync', () => load()));
    load().finally(() => loading.remove());
  },
  unmount() {
    st?.offs.forEach((off) => off());
    st = null;
  },
};
