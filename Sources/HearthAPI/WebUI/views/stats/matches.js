// Matches: the latest ones, and one match (final scoreboard, kills by weapon, who killed whom).
import { h, nextId } from '../../lib/dom.js';
import { formatShort, formatFull } from '../../lib/format.js';
import { nameOf } from '../../lib/hearth.js';
import {
  MODES, qname, playerLink, teamChip, teamScores, winner, weaponName, awardsText, clock, table, td, bars, section, empty, plain, matchHref,
} from './common.js';

export function renderMatchList(st, reload) {
  const modeId = nextId('f');
  const mode = h('select', { id: modeId, class: 'input', dataset: { testid: 'matches-mode' }, onchange: () => { st.mode = mode.value; reload(); } },
    MODES.map(([v, label]) => h('option', { value: v, selected: v === st.mode }, label)));
  const body = h('div');
  const render = () => {
    const list = st.list;
    if (!list) return body.replaceChildren(empty('Loading…'));
    if (list.error) return body.replaceChildren(empty(list.error));
    if (!list.length) return body.replaceChildren(empty('No matches recorded yet. hearth stats ingest FILE --server HOST:PORT reads an old games.log.', 'matches-empty'));
    body.replaceChildren(table('Latest matches, newest first', ['When', 'Map', 'Mode', { label: 'Players', num: true }, { label: 'Kills', num: true }, { label: 'Length', num: true }, 'Winner', 'Server'],
      list.map((m) => h('tr', { dataset: { testid: 'match-row', matchId: m.id } },
        h('td', { title: formatFull(m.startedAt) }, formatShort(m.startedAt)),
        h('th', { scope: 'row' }, h('a', { href: matchHref(m.id) }, m.map), m.aborted ? h('span', { class: 'tag warn' }, 'cut short') : null),
        h('td', null, m.mode), td(String(m.players)), td(String(m.kills)), td(clock(m.durationSeconds)),
        h('td', null, winner(m.winner)),
        h('td', null, qname(m.serverName || m.server))))));
  };
  st.render = render;
  render();
  return h('div', { class: 'stats-pane' },
    h('div', { class: 'filters' }, h('div', { class: 'field' }, h('label', { class: 'field-label', for: modeId }, 'Mode'), mode)),
    body);
}

export function renderMatch({ summary: m, record: r }) {
  const teams = Object.keys(r.teamScores ?? {}).length > 0;
  const players = [...r.players].sort((a, b) => b.score - a.score || b.frags - a.frags);
  const weapons = new Map();
  for (const p of r.players) for (const [w, n] of Object.entries(p.killsByWeapon)) weapons.set(w, (weapons.get(w) ?? 0) + n);
  const byWeapon = [...weapons].sort((a, b) => b[1] - a[1]).map(([w, n]) => ({ label: weaponName(w), value: n }));
  const killers = players.filter((p) => Object.keys(p.victims).length);
  return h('div', { class: 'stats-pane', dataset: { testid: 'match-detail', matchId: m.id } },
    h('p', null, h('a', { href: '#/stats?tab=matches' }, '← All matches')),
    h('div', { class: 'grid' },
      section(`${m.map} · ${m.mode}`, 'match-title',
        h('dl', { class: 'facts' },
          h('dt', null, 'Server'), h('dd', null, qname(m.serverName || m.server), h('span', { class: 'muted small' }, ` ${m.server}`)),
          h('dt', null, 'Started'), h('dd', null, formatFull(m.startedAt)),
          h('dt', null, 'Length'), h('dd', null, clock(m.durationSeconds)),
          h('dt', null, 'Ended'), h('dd', null, r.exitReason ?? 'cut short (no exit in the log)'),
          h('dt', null, 'Winner'), h('dd', null, winner(m.winner)),
          h('dt', null, 'Recorded by'), h('dd', null, nameOf(m.recordedBy))),
        teams ? teamScores(r.teamScores) : null),
      section('Kills by weapon', 'match-weapons', byWeapon.length ? bars(byWeapon, 'kills', { 'aria-label': 'Kills by weapon' }) : empty('No kills.'))),
    section('Final scoreboard', 'match-board',
      table(`Final scoreboard of ${m.map}`, ['#', 'Player', teams ? 'Team' : null, { label: 'Score', num: true }, { label: 'Frags', num: true }, { label: 'Deaths', num: true }, { label: 'Suicides', num: true }, { label: 'Played', num: true }, 'Awards'].filter(Boolean),
        players.map((p, i) => h('tr', { class: teams ? `team-row t${p.team}` : null, dataset: { testid: 'scoreboard-row', player: plain(p.name) } },
          td(String(i + 1)), h('th', { scope: 'row' }, playerLink(p.name), p.leftEarly ? h('span', { class: 'tag' }, 'left early') : null),
          teams ? h('td', null, teamChip(p.team)) : null,
          td(String(p.score)), td(String(p.frags)), td(String(p.deaths)), td(String(p.suicides)), td(clock(p.secondsPlayed)),
          h('td', { class: 'small' }, awardsText(p.awards)))))),
    section('Who killed whom', 'match-versus',
      killers.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'table stats-table versus', dataset: { testid: 'versus' } },
        h('caption', { class: 'sr-only' }, 'Kills: each row is a killer, each column a victim'),
        h('thead', null, h('tr', null, h('td', { class: 'muted small' }, 'Killer ↓ victim →'), players.map((v) => h('th', { scope: 'col', class: 'num' }, qname(v.name))))),
        h('tbody', null, killers.map((k) => h('tr', null, h('th', { scope: 'row' }, qname(k.name)),
          players.map((v) => (v.name === k.name ? h('td', { class: 'num muted' }, '—') : td(k.victims[v.name] ? String(k.victims[v.name]) : h('span', { class: 'muted' }, '0'))))))))) : empty('Nobody killed anybody.')));
}
