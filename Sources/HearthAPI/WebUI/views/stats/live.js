// Live: every match under way (scoreboard, team scores, kill feed) and the game servers' status.
import { h, srOnly, nextId } from '../../lib/dom.js';
import { request } from '../../lib/api.js';
import { toast, showError } from '../../lib/toast.js';
import { formatAgo, formatFull, plural } from '../../lib/format.js';
import { nameOf } from '../../lib/hearth.js';
import { qname, playerLink, teamChip, teamScores, teamName, weaponName, clock, table, td, empty, plain } from './common.js';

const FEED = 20;

/** Merges a `stats.live` snapshot into `live` (id → {match, kills: Map number → kill}). */
export function mergeLive(live, m) {
  if (m.ended || !m.players.length) {
    live.delete(m.id);
    return;
  }
  const kills = live.get(m.id)?.kills ?? new Map();
  for (const k of m.recent) kills.set(k.number, k);
  const keep = [...kills.keys()].sort((a, b) => b - a).slice(0, FEED);
  live.set(m.id, { match: m, kills: new Map(keep.map((n) => [n, kills.get(n)])) });
}

function killItem(k) {
  const who = k.killer == null ? [qname(k.victim), ' died']
    : k.killer === k.victim ? [qname(k.victim), ' killed themselves']
      : [qname(k.killer), h('span', { class: 'kill-arrow', 'aria-hidden': 'true' }, ' → '), srOnly(' killed '), qname(k.victim)];
  return h('li', { class: 'kill', dataset: { testid: 'kill-feed-item', number: String(k.number) } },
    h('span', { class: 'muted mono small' }, clock(k.second)), ' ', ...who,
    h('span', { class: 'kill-weapon' }, srOnly(' with '), weaponName(k.weapon)));
}

function liveCard({ match: m, kills }) {
  const teams = Object.keys(m.teamScores ?? {}).length > 0;
  const id = `live-${m.id}`;
  const players = [...m.players].sort((a, b) => b.score - a.score || b.frags - a.frags);
  const feed = [...kills.values()].sort((a, b) => b.number - a.number);
  return h('section', { class: 'card live-match', 'aria-labelledby': id, dataset: { testid: 'live-match', matchId: m.id } },
    h('div', { class: 'live-head' },
      h('div', null,
        h('h2', { id }, qname(m.serverName || m.server), h('span', { class: 'tag live-tag' }, 'live')),
        h('p', { class: 'muted small' }, `${m.map} · ${m.mode} · ${m.server}`, m.source ? ` · read by ${nameOf(m.source)}` : '')),
      h('p', { class: 'live-clock', title: 'Game time at the latest update' }, srOnly('Game time '), clock(m.gameSeconds))),
    teams ? teamScores(m.teamScores) : null,
    h('div', { class: 'live-body' },
      table(`Scoreboard of ${m.map}`, ['#', 'Player', teams ? 'Team' : null, { label: 'Score', num: true }, { label: 'Frags', num: true }, { label: 'Deaths', num: true }].filter(Boolean),
        players.map((p, i) => h('tr', { class: teams ? `team-row t${p.team}` : null, dataset: { testid: 'scoreboard-row', player: plain(p.name) } },
          td(String(i + 1)), h('th', { scope: 'row' }, playerLink(p.name)), teams ? h('td', null, teamChip(p.team) ?? teamName(p.team)) : null,
          td(String(p.score)), td(String(p.frags)), td(String(p.deaths))))),
      h('div', { class: 'kill-feed' },
        h('h3', { class: 'small muted' }, 'Latest kills'),
        feed.length ? h('ol', { class: 'kills', 'aria-label': `Latest kills on ${m.map}, newest first` }, feed.map(killItem)) : empty('No kills yet.'))));
}

export function renderLive(live) {
  const list = [...live.values()].sort((a, b) => a.match.server.localeCompare(b.match.server));
  if (!list.length) {
    return empty("No match is under way. When a node follows a game server's log (hearth stats watch-log FILE --server HOST:PORT), its match shows here as it happens.", 'live-empty');
  }
  return h('div', { class: 'live-list' }, list.map(liveCard));
}

function serverCard(s, onRemoved) {
  const id = `srv-${s.address.replace(/[^a-z0-9]/gi, '-')}`;
  const ping = (p) => (p.ping === 0 ? 'bot' : `${p.ping} ms`);
  return h('li', { class: 'card server', 'aria-labelledby': id, dataset: { testid: 'server-row', address: s.address, answering: String(s.answering) } },
    h('div', { class: 'live-head' },
      h('div', null,
        h('h2', { id }, s.hostname ? qname(s.hostname) : s.address),
        s.hostname ? h('p', { class: 'muted small mono' }, s.address) : null),
      h('span', { class: `tag ${s.answering ? 'ok' : 'warn'}` }, s.answering ? 'answering' : 'not answering'),
      onRemoved ? h('button', {
        type: 'button', class: 'btn small', dataset: { testid: 'server-remove' },
        'aria-label': `Stop polling ${plain(s.hostname) || s.address}`,
        onclick: async () => {
          try {
            await request('DELETE', '/v1/stats/servers', { query: { address: s.address } });
            onRemoved(s.address);
          } catch (err) {
            showError(err, 'Server');
          }
        },
      }, 'Stop polling') : null),
    h('dl', { class: 'facts' },
      h('dt', null, 'Map'), h('dd', null, s.map || '—'),
      h('dt', null, 'Mode'), h('dd', null, s.mode || '—'),
      h('dt', null, 'Players'), h('dd', null, s.maxClients ? `${s.players.length} / ${s.maxClients}` : String(s.players.length)),
      h('dt', null, 'Checked'), h('dd', null, s.checkedAt ? h('span', { title: formatFull(s.checkedAt) }, formatAgo(s.checkedAt)) : '—'),
      s.source ? [h('dt', null, 'Polled by'), h('dd', null, nameOf(s.source))] : null),
    s.players.length ? table(`Players on ${plain(s.hostname) || s.address}`, ['Player', { label: 'Score', num: true }, { label: 'Ping', num: true }],
      [...s.players].sort((a, b) => b.score - a.score).map((p) => h('tr', { dataset: { player: plain(p.name) } },
        h('th', { scope: 'row' }, qname(p.name)), td(String(p.score)), td(ping(p))))) : empty(s.answering ? 'Nobody is playing.' : 'No answer from the server.'));
}

/**
 * The servers this node and the others poll. `own` is this node's id: its servers get a button
 * to stop polling them; `onRemoved(address)` follows a successful stop.
 */
export function renderServers(servers, own, onRemoved) {
  const list = [...servers.values()].sort((a, b) => a.address.localeCompare(b.address));
  if (!list.length) return empty('No game server is being polled. Add one by its address, or scan the LAN for servers.', 'servers-empty');
  return h('div', null,
    h('p', { class: 'muted small' }, `${plural(list.length, 'server')}, ${list.filter((s) => s.answering).length} answering`),
    h('ul', { class: 'server-list', 'aria-label': 'Game servers' }, list.map((s) => serverCard(s, s.source === own ? onRemoved : null))));
}

/** Add a server by HOST:PORT, or scan the LAN (getinfo broadcast) and poll what answers. */
export function createServerControls() {
  const id = nextId('srv');
  const address = h('input', { id, class: 'input', placeholder: '10.0.0.5:27960', required: true, autocomplete: 'off', spellcheck: 'false', dataset: { testid: 'server-address' } });
  const note = h('p', { class: 'field-hint', role: 'status', dataset: { testid: 'server-note' } },
    'Servers are polled every 2 s (getstatus); every node sees their status.');
  const scan = h('button', {
    type: 'button', class: 'btn', dataset: { testid: 'server-scan' },
    onclick: async () => {
      scan.disabled = true;
      note.textContent = 'Scanning the LAN…';
      try {
        const found = await request('POST', '/v1/stats/servers/scan', { query: { add: 'true' } });
        note.textContent = found.length
          ? `Found ${plural(found.length, 'server')}: ${found.map((f) => `${plain(f.hostname) || f.address} (${f.address})`).join(', ')}. This node polls them now.`
          : 'No game server answered on the LAN (ports 27960–27963).';
      } catch (err) {
        note.textContent = err.message;
      } finally {
        scan.disabled = false;
      }
    },
  }, 'Scan the LAN');
  return h('form', {
    class: 'card server-controls', 'aria-labelledby': `${id}-t`,
    onsubmit: async (e) => {
      e.preventDefault();
      try {
        const answer = await request('POST', '/v1/stats/servers', { body: { address: address.value.trim() } });
        address.value = '';
        toast(`Polling ${answer?.address ?? 'the server'}.`, 'success');
      } catch (err) {
        showError(err, 'Server');
      }
    },
  },
  h('h2', { id: `${id}-t` }, 'Poll a game server'),
  h('label', { for: id, class: 'field-label' }, 'Address (host:port)'),
  h('div', { class: 'invite-row' }, address,
    h('button', { type: 'submit', class: 'btn primary', dataset: { testid: 'server-add' } }, 'Add'), scan),
  note);
}
