// The notification feed: mentions, replies, DMs, newest first, live; mark one or all read;
// turn desktop notifications on (the browser asks only when the button is pressed).
import { h, icon } from '../../lib/dom.js';
import { api } from '../../lib/api.js';
import { store, on, loadUnread, convHref } from '../../lib/hearth.js';
import { formatShort, formatFull } from '../../lib/format.js';
import { showError, toast } from '../../lib/toast.js';
import { askPermission, permission } from '../../lib/notifier.js';

const REASON = { mention: 'Mention', direct: 'Direct message', reply: 'Reply', thread: 'Thread', message: 'Message' };
const REASON_ICON = { mention: 'at', direct: 'message', reply: 'thread', thread: 'thread', message: 'hash' };

let state = null;

function desktopControl() {
  const wrap = h('div', { class: 'desktop-notify', dataset: { testid: 'desktop-notifications' } });
  const render = () => {
    const p = permission();
    if (p === 'granted') wrap.replaceChildren(h('span', { class: 'muted small' }, icon('check', 14), ' Desktop notifications are on (not while you are on do not disturb).'));
    else if (p === 'denied') wrap.replaceChildren(h('span', { class: 'muted small' }, 'Desktop notifications are blocked in this browser’s site settings.'));
    else if (p === 'unsupported') wrap.replaceChildren(h('span', { class: 'muted small' }, 'This browser cannot show desktop notifications.'));
    else {
      wrap.replaceChildren(h('button', {
        type: 'button', class: 'btn', dataset: { testid: 'enable-desktop' },
        onclick: async () => { await askPermission(); render(); },
      }, icon('bell', 16), 'Enable desktop notifications'));
    }
  };
  render();
  return wrap;
}

export { desktopControl };

async function open(n) {
  try {
    if (!n.read) {
      const u = await api.post(`/v1/notifications/${n.id}/read`);
      n.read = true;
      store.set({ unreadNotifications: u.unreadNotifications ?? Math.max(0, store.get().unreadNotifications - 1) });
    }
  } catch (e) {
    showError(e);
  }
  const m = n.message;
  const query = m?.threadRoot ? `?thread=${encodeURIComponent(m.threadRoot)}&m=${encodeURIComponent(m.id)}` : m ? `?m=${encodeURIComponent(m.id)}` : '';
  location.hash = `${convHref(n.conversation)}${query}`;
}

function item(n) {
  return h('li', null, h('button', {
    type: 'button', class: `notif${n.read ? '' : ' unread'}`, dataset: { testid: 'notification-item', notificationId: String(n.id), read: String(n.read) },
    onclick: () => open(n),
  },
  h('span', { class: 'notif-icon', 'aria-hidden': 'true' }, icon(REASON_ICON[n.reason] ?? 'bell', 16)),
  h('span', { class: 'notif-main' },
    h('span', { class: 'notif-title' }, h('strong', null, n.title), h('span', { class: 'muted small' }, ` · ${REASON[n.reason] ?? n.reason}`),
      n.held ? h('span', { class: 'tag', title: 'Arrived while you were on do not disturb' }, 'held') : null),
    h('span', { class: 'notif-body' }, n.body)),
  h('time', { class: 'muted small', datetime: n.message?.time ?? '', title: n.message ? formatFull(n.message.time) : '' }, n.message ? formatShort(n.message.time) : ''),
  n.read ? null : h('span', { class: 'sr-only' }, ', unread')));
}

export default {
  id: 'notifications',
  title: 'Notifications',
  route: '/notifications',
  sidebar: {
    label: 'Activity',
    icon: 'bell',
    order: 10,
    testid: 'nav-notifications',
    badge() {
      const b = h('span', { class: 'badge mention', 'aria-hidden': 'true', dataset: { testid: 'nav-notification-count' } });
      const render = () => {
        const n = store.get().unreadNotifications;
        b.textContent = String(n);
        b.hidden = !n;
      };
      render();
      store.subscribe(['unreadNotifications'], render);
      return b;
    },
  },
  async mount(el) {
    state = { onlyUnread: false, list: [], offs: [] };
    const list = h('ul', { class: 'notif-list', 'aria-label': 'Notifications', dataset: { testid: 'notification-list' } });
    const countEl = h('span', { class: 'muted' });
    const allBtn = h('button', { type: 'button', class: 'btn ghost small', 'aria-pressed': 'true', onclick: () => setFilter(false) }, 'All');
    const unreadBtn = h('button', { type: 'button', class: 'btn ghost small', 'aria-pressed': 'false', dataset: { testid: 'filter-unread' }, onclick: () => setFilter(true) }, 'Unread');
    el.append(h('section', { class: 'page', 'aria-labelledby': 'notif-title' },
      h('header', { class: 'page-header' },
        h('div', null, h('h1', { id: 'notif-title' }, 'Notifications'), countEl),
        h('div', { class: 'page-tools' },
          h('div', { class: 'segmented', role: 'group', 'aria-label': 'Show' }, allBtn, unreadBtn),
          h('button', { type: 'button', class: 'btn', dataset: { testid: 'mark-all-read' }, onclick: markAll }, icon('check', 16), 'Mark all read'))),
      desktopControl(),
      list));

    const render = () => {
      const shown = state.onlyUnread ? state.list.filter((n) => !n.read) : state.list;
      const n = store.get().unreadNotifications;
      countEl.textContent = n ? `${n} unread` : 'All caught up';
      list.replaceChildren(...(shown.length ? shown.map(item) : [h('li', { class: 'empty-state' }, h('p', { class: 'muted' }, state.onlyUnread ? 'No unread notifications.' : 'Nothing yet. Mentions, replies to you and direct messages show up here.'))]));
    };
    async function load() {
      try {
        state.list = await api.get('/v1/notifications', { limit: 200 });
        render();
      } catch (e) {
        showError(e);
      }
    }
    function setFilter(unread) {
      state.onlyUnread = unread;
      allBtn.setAttribute('aria-pressed', String(!unread));
      unreadBtn.setAttribute('aria-pressed', String(unread));
      render();
    }
    async function markAll() {
      try {
        const u = await api.post('/v1/notifications/read-all');
        state.list.forEach((n) => { n.read = true; });
        store.set({ unreadNotifications: u?.unreadNotifications ?? 0 });
        loadUnread().catch(() => {});
        toast('All notifications marked read.', 'success');
        render();
      } catch (e) {
        showError(e);
      }
    }
    state.offs.push(on('notification.new', (e) => { state.list.unshift(e.notification); render(); }));
    state.offs.push(on('resync', load));
    state.offs.push(store.subscribe(['unreadNotifications'], render));
    list.replaceChildren(h('li', { class: 'muted pad' }, 'Loading…'));
    await load();
  },
  unmount() {
    state?.offs.forEach((off) => off());
    state = null;
  },
};
