// Settings: display name, theme, desktop notifications, and what notifies you in each
// channel and DM (all, mentions, none).
import { h, nextId } from '../../lib/dom.js';
import { api } from '../../lib/api.js';
import { store, loaded, loadStatus, loadPresence, dmTitle } from '../../lib/hearth.js';
import { getTheme, setTheme } from '../../lib/theme.js';
import { showError, toast } from '../../lib/toast.js';
import { desktopControl } from '../notifications/notifications.js';

let state = null;

function profileCard() {
  const id = nextId('set');
  const name = h('input', { id, class: 'input', maxlength: '64', required: true, value: store.get().status?.name ?? '', dataset: { testid: 'profile-name' }, autocomplete: 'nickname' });
  if (!name.value) loaded.status?.then((st) => { if (!name.value) name.value = st.name; }, () => {});
  return h('form', {
    class: 'card', 'aria-labelledby': `${id}-t`,
    onsubmit: async (e) => {
      e.preventDefault();
      try {
        await api.put('/v1/profile', { name: name.value.trim() });
        await Promise.allSettled([loadStatus(), loadPresence()]);
        toast('Name saved.', 'success');
      } catch (err) {
        showError(err, 'Name');
      }
    },
  },
  h('h2', { id: `${id}-t` }, 'Profile'),
  h('label', { for: id, class: 'field-label' }, 'Display name'),
  h('div', { class: 'invite-row' }, name, h('button', { type: 'submit', class: 'btn primary', dataset: { testid: 'profile-save' } }, 'Save')),
  h('p', { class: 'field-hint' }, 'Everyone on the network sees this name next to your messages.'));
}

function themeCard() {
  const current = getTheme();
  const radios = [['light', 'Light'], ['dark', 'Dark'], ['system', 'Same as the system']].map(([value, label]) => {
    const id = nextId('theme');
    return h('label', { for: id, class: 'radio-row' },
      h('input', { type: 'radio', name: 'theme', id, value, checked: current === value, dataset: { testid: `theme-${value}` }, onchange: () => setTheme(value) }), label);
  });
  return h('section', { class: 'card', 'aria-labelledby': 'set-theme' },
    h('h2', { id: 'set-theme' }, 'Appearance'),
    h('fieldset', { class: 'radio-group' }, h('legend', { class: 'field-label' }, 'Theme'), radios));
}

function notifyCard() {
  const body = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  const card = h('section', { class: 'card', 'aria-labelledby': 'set-notify' },
    h('h2', { id: 'set-notify' }, 'Notifications'), desktopControl(),
    h('p', { class: 'muted small' }, 'All: every message. Mentions: mentions of you, @here, @channel, replies to you and threads you wrote in. None: nothing.'),
    body);
  (async () => {
    await Promise.allSettled([loaded.channels, loaded.dms]);
    const { channels, dms } = store.get();
    const convs = [...channels.map((c) => [c.name, `#${c.name}`]), ...dms.map((d) => [d.id, dmTitle(d)])];
    // One request for every conversation's level.
    const levels = new Map((await api.get('/v1/chat/notify').catch(() => [])).map((l) => [l.conversation, l.level]));
    const rows = convs.map(([conv, label]) => {
      const id = nextId('lvl');
      const level = levels.get(conv) ?? '';
      const sel = h('select', { id, class: 'input', dataset: { testid: `notify-${conv}` } },
        ['all', 'mentions', 'none'].map((l) => h('option', { value: l, selected: l === level }, l[0].toUpperCase() + l.slice(1))));
      sel.addEventListener('change', async () => {
        try {
          await api.put('/v1/chat/notify', { conversation: conv, level: sel.value });
          toast(`${label}: ${sel.value}.`, 'success');
        } catch (e) {
          showError(e);
        }
      });
      return h('tr', null, h('th', { scope: 'row' }, h('label', { for: id }, label)), h('td', null, sel));
    });
    body.replaceChildren(rows.length
      ? h('table', { class: 'table' }, h('caption', { class: 'sr-only' }, 'Notification level per conversation'),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Conversation'), h('th', { scope: 'col' }, 'Notify me about'))), h('tbody', null, rows))
      : h('p', { class: 'muted' }, 'No conversations yet.'));
  })();
  return card;
}

export default {
  id: 'settings',
  title: 'Settings',
  route: '/settings',
  sidebar: { label: 'Settings', icon: 'settings', order: 50, testid: 'nav-settings' },
  mount(el) {
    state = {};
    el.append(h('section', { class: 'page', 'aria-labelledby': 'settings-title' },
      h('header', { class: 'page-header' }, h('h1', { id: 'settings-title' }, 'Settings')),
      h('div', { class: 'grid' }, profileCard(), themeCard()),
      notifyCard()));
  },
  unmount() {
    state = null;
  },
};
