// A player's profile: totals, ratings by mode, trend charts, matches, maps and weapons.
import { h } from '../../lib/dom.js';
import { formatShort, formatFull, formatDay } from '../../lib/format.js';
import { lineChart, barChart } from './charts.js';
import {
  qname, playerLink, teamChip, weaponName, awardsText, pct, fixed, kd, ratingText, table, td, bars, section, empty, matchHref, plain,
} from './common.js';

const MODE_CLASS = { FFA: 'm-ffa', '1v1': 'm-duel', TDM: 'm-tdm', CTF: 'm-ctf' };
const RESULT = { won: 'won', drew: 'drew', lost: 'lost', undecided: '—' };
const LAST = 50;

function ratingChart(matches, who) {
  const rated = matches.map((m, i) => ({ m, i })).filter(({ m }) => m.rating != null);
  if (!rated.length) return empty('No rated matches yet.');
  const modes = [...new Set(rated.map(({ m }) => m.mode))];
  const series = modes.map((mode) => ({ name: mode, cls: MODE_CLASS[mode] ?? 'm-other', points: rated.filter(({ m }) => m.mode === mode).map(({ m, i }) => [i, m.rating]) }));
  const words = series.map((se) => {
    const first = Math.round(se.points[0][1]);
    const last = Math.round(se.points[se.points.length - 1][1]);
    const d = last - first;
    return `${se.name} ${d > 0 ? 'up' : d < 0 ? 'down' : 'level'} from ${first} to ${last} over ${se.points.length} ${se.points.length === 1 ? 'match' : 'matches'}`;
  });
  const label = `Rating trend of ${who}: ${words.join('; ')}.`;
  return h('figure', { class: 'chart-fig' },
    lineChart({ label, testid: 'trend-chart', n: matches.length, series }),
    h('figcaption', { class: 'legend small' }, series.map((se, k) => h('span', { class: 'legend-item' },
      h('span', { class: `legend-swatch ${se.cls} d${k % 3}`, 'aria-hidden': 'true' }), `${se.name} ${Math.round(se.points[se.points.length - 1][1])}`))));
}

function kdChart(matches, who) {
  if (!matches.length) return empty('No matches yet.');
  const values = matches.map((m) => ({ v: kd(m.frags, m.deaths), cls: m.result === 'won' ? 'won' : '' }));
  const avg = values.reduce((a, b) => a + b.v, 0) / values.length;
  const best = values.reduce((b, x, i) => (x.v > values[b].v ? i : b), 0);
  const bm = matches[best];
  const label = `K/D per match of ${who}, last ${values.length}: average ${avg.toFixed(2)}, best ${values[best].v.toFixed(2)} on ${bm.map} (${formatDay(bm.date)}), latest ${values[values.length - 1].v.toFixed(2)}. Bars above the dashed line are matches with more kills than deaths.`;
  return h('figure', { class: 'chart-fig' }, barChart({ label, testid: 'kd-chart', values, mark: 1 }),
    h('figcaption', { class: 'legend small' }, h('span', { class: 'legend-item' }, h('span', { class: 'legend-swatch bar won', 'aria-hidden': 'true' }), 'won'),
      h('span', { class: 'legend-item' }, h('span', { class: 'legend-swatch bar', 'aria-hidden': 'true' }), 'other'),
      h('span', { class: 'legend-item' }, h('span', { class: 'legend-swatch mark', 'aria-hidden': 'true' }), 'K/D 1.0')));
}

export function renderPlayer(p) {
  const t = p.totals;
  const who = plain(p.name);
  const chrono = [...p.matches].sort((a, b) => new Date(a.date) - new Date(b.date)).slice(-LAST);
  const fav = p.weapons[0];
  const ratings = Object.entries(p.ratings).sort((a, b) => b[1].rating - a[1].rating);
  const fact = (k, v) => [h('dt', null, k), h('dd', null, v)];
  return h('div', { class: 'stats-pane', dataset: { testid: 'profile', player: who } },
    h('div', { class: 'profile-head' },
      h('h2', { class: 'profile-name' }, qname(p.name)),
      p.claimedBy.length ? h('p', { class: 'muted' }, `Claimed by ${p.claimedBy.map((m) => m.name).join(', ')}`) : h('p', { class: 'muted small' }, 'Not claimed by a member (hearth stats claim NAME).')),
    h('div', { class: 'grid' },
      section('Totals', 'pl-totals', h('dl', { class: 'facts' },
        fact('Matches', `${t.matches} (${t.wins} won, ${pct(t.winRate)})`),
        fact('Kills / deaths', `${t.kills} / ${t.deaths} (K/D ${fixed(t.killDeathRatio)})`),
        fact('Suicides', String(t.suicides)), fact('Kills a minute', fixed(t.killsPerMinute)),
        fact('Best streak', String(t.bestStreak)), fact('Score', String(t.score)),
        fact('Awards', awardsText(t.awards) || '—'))),
      section('Ratings and rivals', 'pl-ratings',
        ratings.length ? table(`Ratings of ${who} by mode`, ['Mode', { label: 'Rating', num: true }],
          ratings.map(([mode, r]) => h('tr', null, h('th', { scope: 'row' }, mode), td(ratingText(r))))) : empty('Not rated yet.'),
        h('dl', { class: 'facts' },
          fact('Favourite weapon', fav ? `${weaponName(fav.name)} (${fav.kills} kills)` : '—'),
          fact('Nemesis', p.nemesis ? playerLink(p.nemesis) : '—'),
          fact('Favourite victim', p.favouriteVictim ? playerLink(p.favouriteVictim) : '—')))),
    h('div', { class: 'grid' },
      section('Rating after each match', 'pl-trend', ratingChart(chrono, who)),
      section('K/D per match', 'pl-kd', kdChart(chrono, who))),
    section('Matches', 'pl-matches', p.matches.length ? table(`Matches of ${who}, newest first`,
      ['When', 'Map', 'Mode', 'Team', { label: 'Place', num: true }, { label: 'Score', num: true }, { label: 'Frags', num: true }, { label: 'Deaths', num: true }, 'Result', { label: 'Rating', num: true }],
      [...p.matches].sort((a, b) => new Date(b.date) - new Date(a.date)).map((m) => h('tr', { dataset: { testid: 'profile-match', matchId: m.id } },
        h('td', { title: formatFull(m.date) }, formatShort(m.date)), h('th', { scope: 'row' }, h('a', { href: matchHref(m.id) }, m.map)),
        h('td', null, m.mode), h('td', null, teamChip(m.team) ?? ''), td(`${m.placement} of ${m.players}`), td(String(m.score)), td(String(m.frags)), td(String(m.deaths)),
        h('td', null, h('span', { class: `match-result r-${m.result}` }, RESULT[m.result] ?? m.result)), td(m.rating != null ? String(Math.round(m.rating)) : '—')))) : empty('No matches.')),
    h('div', { class: 'grid' },
      section('Maps', 'pl-maps', p.maps.length ? table(`Maps of ${who}`, ['Map', { label: 'Matches', num: true }, { label: 'Kills', num: true }, { label: 'Deaths', num: true }, { label: 'K/D', num: true }],
        p.maps.map((m) => h('tr', null, h('th', { scope: 'row' }, m.name), td(String(m.matches)), td(String(m.kills)), td(String(m.deaths)), td(fixed(kd(m.kills, m.deaths)))))) : empty('No maps.')),
      section('Kills by weapon', 'pl-weapons', p.weapons.length ? bars(p.weapons.map((w) => ({ label: weaponName(w.name), value: w.kills })), 'kills', { 'aria-label': `Kills of ${who} by weapon`, dataset: { testid: 'weapon-bars' } }) : empty('No kills yet.'))));
}
