// Direct messages: the list of conversations, a dialog to start one (members picked from
// presence), and the screen of a DM not started yet (#/dm/<ids>), which becomes #/c/@… once sent.
import { h, icon, nextId } from '../../lib/dom.js';
import { store, loaded, dmWith, dmTitle, convHref, isSelf } from '../../lib/hearth.js';
import { navigate } from '../../lib/router.js';
import { openDialog } from '../../lib/dialog.js';
import { avatar, statusLine, others } from '../../lib/people.js';
import { formatShort } from '../../lib/format.js';
import { ChatScreen } from '../chat/chat.js';

const MAX_OTHERS = 15;

/** Goes to the DM with these people: the existing conversation, or a new one. */
export function goToDm(ids) {
  const dm = dmWith(ids);
  if (dm) navigate(`/c/${encodeURIComponent(dm.id)}`);
  else navigate(`/dm/${ids.map(encodeURIComponent).join(',')}`);
}

/** The "new message" dialog: pick 1–15 people. */
export function openNewDm() {
  openDialog({
    title: 'New direct message',
    testid: 'new-dm-dialog',
    build: (close) => {
      const filter = h('input', { type: 'search', class: 'input', 'aria-label': 'Find people', placeholder: 'Find people…', dataset: { testid: 'dm-filter' } });
      const list = h('fieldset', { class: 'people-pick' }, h('legend', { class: 'sr-only' }, 'Members'));
      const people = others().sort((a, b) => (b.online - a.online) || a.name.localeCompare(b.name));
      const boxes = people.map((p) => {
        const id = nextId('pick');
        const box = h('input', { type: 'checkbox', id, value: p.id, dataset: { testid: 'dm-member' } });
        const label = h('label', { for: id, class: 'pick-row' }, box, avatar(p.id, p.name, { size: 24 }), h('span', { class: 'pick-name' }, p.name), h('span', { class: 'muted small' }, statusLine(p)));
        list.append(label);
        return { p, box, label };
      });
      if (!people.length) list.append(h('p', { class: 'muted' }, 'Nobody else is known to this node yet. People show up here once their node has been seen.'));
      filter.addEventListener('input', () => {
        const q = filter.value.toLowerCase();
        for (const b of boxes) b.label.hidden = !b.p.name.toLowerCase().includes(q);
      });
      const error = h('p', { class: 'form-error', role: 'alert' });
      return h('form', {
        class: 'dialog-form',
        onsubmit: (e) => {
          e.preventDefault();
          const ids = boxes.filter((b) => b.box.checked).map((b) => b.p.id);
          if (!ids.length) { error.textContent = 'Pick at least one person.'; return; }
          if (ids.length > MAX_OTHERS) { error.textContent = `A DM has at most ${MAX_OTHERS} other members.`; return; }
          close();
          goToDm(ids);
        },
      }, filter, list, error,
      h('div', { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'btn', onclick: () => close() }, 'Cancel'),
        h('button', { type: 'submit', class: 'btn primary', dataset: { testid: 'dm-start' } }, 'Start')));
    },
  });
}

let screen = null;

/** #/dm/<ids>: a DM that has no message yet (or an existing one, which we redirect to). */
export const newDmView = {
  id: 'dm-new',
  title: 'New direct message',
  route: '/dm/:members',
  async mount(el, ctx) {
    const ids = ctx.params.members.split(',').filter(Boolean);
    await loaded.dms?.catch(() => {});
    if (!el.isConnected) return; // navigated away meanwhile
    const dm = dmWith(ids);
    if (dm) {
      navigate(`/c/${encodeURIComponent(dm.id)}`, null, { replace: true });
      return;
    }
    screen = new ChatScreen(el, ctx, { members: ids.filter((id) => !isSelf(id)) });
  },
  unmount() {
    screen?.destroy();
    screen = null;
  },
};

let off = null;

/** #/dms: every DM conversation, latest first. */
export default {
  id: 'dms',
  title: 'Direct messages',
  route: '/dms',
  sidebar: { label: 'Direct messages', icon: 'message', order: 20, testid: 'nav-dms' },
  mount(el) {
    const list = h('ul', { class: 'card-list', 'aria-label': 'Conversations' });
    el.append(h('section', { class: 'page', 'aria-labelledby': 'dms-title' },
      h('header', { class: 'page-header' },
        h('h1', { id: 'dms-title' }, 'Direct messages'),
        h('button', { type: 'button', class: 'btn primary', dataset: { testid: 'new-dm' }, onclick: openNewDm }, icon('plus', 16), 'New message')),
      list));
    const render = () => {
      const { dms, unread } = store.get();
      if (!dms.length) {
        list.replaceChildren(h('li', { class: 'muted pad' }, 'No direct messages yet.'));
        return;
      }
      list.replaceChildren(...dms.map((dm) => {
        const u = unread[dm.id];
        const one = dm.members.length === 1 ? dm.members[0] : null;
        return h('li', null, h('a', { href: convHref(dm.id), class: `card-link${u ? ' unread' : ''}`, dataset: { testid: `dm-${dm.id}` } },
          one ? avatar(one.id, one.name) : h('span', { class: 'avatar s36 group', 'aria-hidden': 'true' }, String(dm.members.length + 1)),
          h('span', { class: 'card-main' },
            h('span', { class: 'card-title' }, dmTitle(dm), one ? h('span', { class: 'sr-only' }, `, ${statusLine(store.get().presence.get(one.id))}`) : null),
            h('span', { class: 'card-sub muted' }, dm.lastMessage ? `${isSelf(dm.lastMessage.author) ? 'You' : dm.lastMessage.authorName}: ${dm.lastMessage.deleted ? 'deleted message' : dm.lastMessage.text}` : '')),
          h('span', { class: 'muted small' }, dm.lastMessage ? formatShort(dm.lastMessage.time) : ''),
          u ? h('span', { class: `badge${u.mentions ? ' mention' : ''}` }, String(u.unread)) : null));
      }));
    };
    render();
    off = store.subscribe(['dms', 'unread', 'presence'], render);
  },
  unmount() {
    off?.();
  },
};

