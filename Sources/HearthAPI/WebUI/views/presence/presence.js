// People: everyone this node knows, with status, status text, game and last seen, live.
import { h, icon } from '../../lib/dom.js';
import { store, isSelf } from '../../lib/hearth.js';
import { avatar, statusWord } from '../../lib/people.js';
import { formatAgo, formatFull, quakeNodes, stripQuake } from '../../lib/format.js';
import { goToDm } from '../dms/dms.js';

let off = null;

const ORDER = { online: 0, idle: 1, away: 2, dnd: 3, offline: 4 };

function row(p) {
  const self = isSelf(p.id);
  return h('li', { class: 'person', dataset: { testid: 'person', nodeId: p.id, status: p.status } },
    avatar(p.id, p.name, { size: 36 }),
    h('div', { class: 'person-main' },
      h('div', null, h('strong', { class: 'person-name' }, p.name), self ? h('span', { class: 'muted small' }, ' (you)') : null),
      h('div', { class: 'small' },
        h('span', { class: `status-word s-${p.status}` }, statusWord(p.status)),
        p.text ? h('span', { class: 'muted' }, ` — ${p.text}`) : null,
        !p.online && p.offlineSince ? h('span', { class: 'muted', title: formatFull(p.offlineSince) }, ` · last seen ${formatAgo(p.offlineSince)}`) : null),
      p.game ? h('div', { class: 'game-line small', dataset: { nodeId: p.id, testid: 'game' }, title: `${stripQuake(p.game.game)}: ${stripQuake(p.game.map)} on ${p.game.server}` },
        icon('network', 12), ' in game: ', h('span', { class: 'q-text' }, quakeNodes(p.game.map || p.game.game)), ` on ${p.game.server}`) : null,
      h('div', { class: 'muted tiny mono', title: 'node id' }, p.id.slice(0, 16))),
    self ? null : h('button', { type: 'button', class: 'btn small', 'aria-label': `Message ${p.name}`, onclick: () => goToDm([p.id]) }, icon('message', 14), 'Message'));
}

export default {
  id: 'people',
  title: 'People',
  route: '/people',
  sidebar: { label: 'People', icon: 'users', order: 30, testid: 'nav-people' },
  mount(el) {
    const summary = h('p', { class: 'muted' });
    const list = h('ul', { class: 'people', 'aria-label': 'People', dataset: { testid: 'people-list' } });
    el.append(h('section', { class: 'page', 'aria-labelledby': 'people-title' },
      h('header', { class: 'page-header' }, h('div', null, h('h1', { id: 'people-title' }, 'People'), summary)), list));
    const render = () => {
      const all = [...store.get().presence.values()].sort((a, b) => (isSelf(b.id) - isSelf(a.id)) || (ORDER[a.status] - ORDER[b.status]) || a.name.localeCompare(b.name));
      const online = all.filter((p) => p.online).length;
      summary.textContent = `${online} of ${all.length} online`;
      list.replaceChildren(...all.map(row));
    };
    render();
    off = store.subscribe(['presence'], render);
  },
  unmount() {
    off?.();
  },
};
