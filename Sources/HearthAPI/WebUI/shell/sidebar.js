// The sidebar: who you are (status menu), the quick switcher, app entries, channels and DMs
// with unread and mention badges, create a channel, start a DM.
import { h, icon, iconButton, srOnly, nextId } from '../lib/dom.js';
import { api } from '../lib/api.js';
import { store, convHref, dmTitle } from '../lib/hearth.js';
import { navigate } from '../lib/router.js';
import { openDialog } from '../lib/dialog.js';
import { showError } from '../lib/toast.js';
import { dot, statusLine } from '../lib/people.js';
import { openNewDm } from '../views/dms/dms.js';
import { statusButton } from './status-menu.js';

function badgeOf(key, u) {
  if (!u || (!u.unread && !u.mentions)) return [null, ''];
  const n = u.mentions || u.unread;
  const sr = [u.unread ? `${u.unread} unread` : null, u.mentions ? `${u.mentions} ${u.mentions === 1 ? 'mention' : 'mentions'}` : null].filter(Boolean).join(', ');
  return [h('span', {
    class: `badge${u.mentions ? ' mention' : ''}`, 'aria-hidden': 'true',
    dataset: { testid: `badge-${key}`, unread: String(u.unread), mentions: String(u.mentions) },
  }, String(n)), `, ${sr}`];
}

export function createSidebar({ views, openSwitcher }) {
  const channels = h('ul', { class: 'nav-list', 'aria-labelledby': 'nav-channels' });
  const dms = h('ul', { class: 'nav-list', 'aria-labelledby': 'nav-dms-title' });
  const apps = h('ul', { class: 'nav-list apps' });
  const networkName = h('span', { class: 'network-name', dataset: { testid: 'network-name' } }, 'Hearth');

  const el = h('nav', { class: 'sidebar', id: 'sidebar', 'aria-label': 'Sidebar' },
    h('div', { class: 'sidebar-top' },
      h('div', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '🔥'), networkName),
      statusButton()),
    h('button', { type: 'button', class: 'jump-btn', dataset: { testid: 'open-switcher' }, onclick: openSwitcher },
      icon('search', 16), h('span', null, 'Jump to…'), h('kbd', { 'aria-hidden': 'true' }, navigator.platform.includes('Mac') ? '⌘K' : 'Ctrl K')),
    apps,
    h('div', { class: 'nav-section' },
      h('div', { class: 'nav-heading' }, h('h2', { id: 'nav-channels' }, 'Channels'),
        iconButton('plus', 'Create a channel', { onclick: openCreateChannel, dataset: { testid: 'create-channel' } })),
      channels),
    h('div', { class: 'nav-section' },
      h('div', { class: 'nav-heading' }, h('h2', { id: 'nav-dms-title' }, h('a', { href: '#/dms', class: 'heading-link' }, 'Direct messages')),
        iconButton('plus', 'New direct message', { onclick: openNewDm, dataset: { testid: 'new-dm-button' } })),
      dms));

  apps.append(...views.filter((v) => v.sidebar).sort((a, b) => (a.sidebar.order ?? 50) - (b.sidebar.order ?? 50)).map((v) => {
    const href = `#${v.route}`;
    return h('li', null, h('a', { href, class: 'nav-item', dataset: { testid: v.sidebar.testid ?? `nav-${v.id}`, href: v.route } },
      h('span', { class: 'nav-icon' }, icon(v.sidebar.icon ?? 'hash', 16)), h('span', { class: 'nav-label' }, v.sidebar.label ?? v.title),
      v.sidebar.badge ? v.sidebar.badge() : null));
  }));

  function keepFocus(render) {
    const focused = el.contains(document.activeElement) ? document.activeElement.dataset.testid : null;
    render();
    if (focused) el.querySelector(`[data-testid="${CSS.escape(focused)}"]`)?.focus();
  }

  function render() {
    const { channels: list, dms: dmList, unread, status } = store.get();
    const current = location.hash;
    networkName.textContent = status?.network ?? 'Hearth';
    keepFocus(() => {
      channels.replaceChildren(...list.map((c) => {
        const [badge, sr] = badgeOf(c.name, unread[c.name]);
        const href = convHref(c.name);
        return h('li', null, h('a', {
          href, class: `nav-item${badge ? ' unread' : ''}`, dataset: { testid: `conv-${c.name}` },
          'aria-current': current.split('?')[0] === href ? 'page' : null,
        }, h('span', { class: 'nav-icon' }, icon('hash', 16)), h('span', { class: 'nav-label' }, c.name), srOnly(sr), badge));
      }));
      if (!list.length) channels.append(h('li', { class: 'muted small pad-x' }, 'No channels yet.'));
      // DMs: every conversation, plus unread ones the list does not know yet.
      dms.replaceChildren(...dmList.map((dm) => {
        const [badge, sr] = badgeOf(dm.id, unread[dm.id]);
        const href = convHref(dm.id);
        const one = dm.members.length === 1 ? dm.members[0] : null;
        return h('li', null, h('a', {
          href, class: `nav-item${badge ? ' unread' : ''}`, dataset: { testid: `conv-${dm.id}` },
          'aria-current': current.split('?')[0] === href ? 'page' : null,
          title: one ? statusLine(store.get().presence.get(one.id)) : dmTitle(dm),
        }, h('span', { class: 'nav-icon' }, one ? dot(one.id) : icon('users', 16)), h('span', { class: 'nav-label' }, dmTitle(dm)), srOnly(sr), badge));
      }));
      if (!dmList.length) dms.append(h('li', { class: 'muted small pad-x' }, 'No direct messages yet.'));
      for (const a of apps.querySelectorAll('a')) {
        const on = current.split('?')[0] === `#${a.dataset.href}`;
        if (on) a.setAttribute('aria-current', 'page');
        else a.removeAttribute('aria-current');
      }
    });
  }

  store.subscribe(['channels', 'dms', 'unread', 'status', 'presence'], render);
  window.addEventListener('hashchange', render);
  render();
  return el;
}

export function openCreateChannel() {
  openDialog({
    title: 'Create a channel',
    testid: 'create-channel-dialog',
    build: (close) => {
      const nameId = nextId('f');
      const topicId = nextId('f');
      const name = h('input', { id: nameId, class: 'input', required: true, maxlength: '80', pattern: '[a-z0-9_\\-]+', autocomplete: 'off', placeholder: 'e.g. lan-party', dataset: { testid: 'channel-name' }, 'aria-describedby': `${nameId}-hint` });
      const topic = h('input', { id: topicId, class: 'input', maxlength: '250', placeholder: 'What is it about? (optional)', dataset: { testid: 'channel-topic' } });
      const error = h('p', { class: 'form-error', role: 'alert' });
      name.addEventListener('input', () => { name.value = name.value.toLowerCase().replace(/\s+/g, '-'); });
      return h('form', {
        class: 'dialog-form',
        onsubmit: async (e) => {
          e.preventDefault();
          try {
            const body = { name: name.value.trim() };
            if (topic.value.trim()) body.topic = topic.value.trim();
            const ch = await api.post('/v1/chat/channels', body);
            store.set({ channels: [...store.get().channels.filter((c) => c.name !== ch.name), ch].sort((a, b) => a.name.localeCompare(b.name)) });
            close();
            navigate(`/c/${encodeURIComponent(ch.name)}`);
          } catch (err) {
            error.textContent = err.message;
            if (!(err.status >= 400 && err.status < 500)) showError(err);
          }
        },
      },
      h('label', { for: nameId, class: 'field-label' }, 'Name'),
      h('div', { class: 'input-prefix' }, h('span', { 'aria-hidden': 'true' }, '#'), name),
      h('p', { class: 'field-hint', id: `${nameId}-hint` }, 'Lowercase letters, digits, - and _.'),
      h('label', { for: topicId, class: 'field-label' }, 'Topic'), topic, error,
      h('div', { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'btn', onclick: () => close() }, 'Cancel'),
        h('button', { type: 'submit', class: 'btn primary', dataset: { testid: 'create-channel-submit' } }, 'Create')));
    },
  });
}
