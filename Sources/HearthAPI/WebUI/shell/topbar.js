// The top bar: sidebar toggle (narrow screens), message search, live connection state, and the
// notifications bell with its unread count.
import { h, icon, iconButton } from '../lib/dom.js';
import { store, stream } from '../lib/hearth.js';
import { navigate } from '../lib/router.js';

const STATE_TEXT = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
  unauthorized: 'Signed out',
};

export function createTopbar({ toggleSidebar }) {
  const search = h('input', {
    type: 'search', class: 'input top-search-input', name: 'q', 'aria-label': 'Search messages',
    placeholder: 'Search messages', dataset: { testid: 'search-box' },
  });
  const form = h('form', { role: 'search', class: 'top-search', 'aria-label': 'Messages',
    onsubmit: (e) => {
      e.preventDefault();
      const q = search.value.trim();
      if (q) navigate('/search', { q });
    } }, icon('search', 16), search);

  const connText = h('span', { class: 'conn-text' });
  const conn = h('button', { type: 'button', class: 'conn', dataset: { testid: 'connection', state: 'connecting' }, onclick: () => stream.retryNow() },
    h('span', { class: 'conn-dot', 'aria-hidden': 'true' }), connText);

  const count = h('span', { class: 'badge mention bell-badge', dataset: { testid: 'notification-count' }, 'aria-hidden': 'true' });
  const bell = h('a', { href: '#/notifications', class: 'icon-btn bell', dataset: { testid: 'notifications-button' } }, icon('bell', 18), count);

  const renderConn = () => {
    const { connection, connectionDetail } = store.get();
    conn.dataset.state = connection;
    let text = STATE_TEXT[connection] ?? connection;
    if ((connection === 'reconnecting' || connection === 'offline') && connectionDetail.retryAt) {
      const s = Math.max(0, Math.round((connectionDetail.retryAt - Date.now()) / 1000));
      text += s > 0 ? ` retry in ${s}s` : '';
    }
    connText.textContent = text;
    conn.title = connection === 'live' ? 'Live updates from the node' : 'Live updates stopped; press to retry now';
    conn.setAttribute('aria-label', `Connection: ${STATE_TEXT[connection] ?? connection}${connection === 'live' ? '' : '. Press to retry now'}`);
  };
  const renderCount = () => {
    const n = store.get().unreadNotifications;
    count.textContent = n > 99 ? '99+' : String(n);
    count.hidden = n === 0;
    count.dataset.count = String(n);
    bell.setAttribute('aria-label', n ? `Notifications, ${n} unread` : 'Notifications');
    bell.title = bell.getAttribute('aria-label');
  };
  store.subscribe(['connection', 'connectionDetail'], renderConn);
  store.subscribe(['unreadNotifications'], renderCount);
  setInterval(() => { if (store.get().connection !== 'live') renderConn(); }, 1000);
  renderConn();
  renderCount();

  // Keep the box showing the query when on the search page.
  const fillSearch = () => {
    if (location.hash.startsWith('#/search')) search.value = new URLSearchParams(location.hash.split('?')[1] ?? '').get('q') ?? '';
  };
  window.addEventListener('hashchange', fillSearch);
  fillSearch();

  return h('header', { class: 'topbar' },
    iconButton('menu', 'Show or hide the sidebar', { class: 'icon-btn menu-btn', onclick: toggleSidebar, 'aria-controls': 'sidebar', dataset: { testid: 'sidebar-toggle' } }),
    form,
    h('div', { class: 'topbar-right' }, conn, bell));
}
