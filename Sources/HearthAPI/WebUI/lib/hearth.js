// The node as the UI sees it: one store with what every view shares (status, presence, channels,
// DMs, unread counts, typing, connection), loaded in parallel and kept live from the event stream.
// Views subscribe to the store and to raw events through `on`.
import { api, bootRequest } from './api.js';
import { createStore } from './store.js';
import { EventStream } from './events.js';
import { debounce } from './dom.js';

export const store = createStore({
  status: null, // GET /v1/status
  nodeId: null,
  presence: new Map(), // id → presence entry
  channels: [], // [{name, topic, created, createdBy, messages}]
  dms: [], // [{id, members, messages, lastMessage}]
  unread: {}, // conversation → {conversation, title, direct, unread, mentions}
  unreadNotifications: 0,
  typing: [], // [{id, name, channel, thread, until}]
  connection: 'connecting',
  connectionDetail: {},
  viewing: null, // the conversation on screen
  current: null, // the conversation being read right now (visible, scrolled to the bottom)
  notifyPermission: 'default',
});

const handlers = new Map();
/** Calls fn(event) for each event of `type` ('*' for all); returns the unsubscribe. */
export function on(type, fn) {
  if (!handlers.has(type)) handlers.set(type, new Set());
  handlers.get(type).add(fn);
  return () => handlers.get(type).delete(fn);
}
function emit(type, event) {
  for (const fn of [...(handlers.get(type) ?? [])]) {
    try { fn(event); } catch (e) { console.error(`${type} handler failed`, e); }
  }
}

// ---------- loading ----------

export async function loadStatus() {
  const status = await (bootRequest('status') ?? api.get('/v1/status'));
  store.set({ status, nodeId: status.nodeID });
  return status;
}
export async function loadPresence() {
  const list = await api.get('/v1/presence');
  store.set({ presence: new Map(list.map((p) => [p.id, p])) });
  return list;
}
export async function loadChannels() {
  const channels = await api.get('/v1/chat/channels');
  store.set({ channels: sortChannels(channels) });
  return channels;
}
export async function loadDms() {
  const dms = await api.get('/v1/chat/dms');
  store.set({ dms });
  return dms;
}
export async function loadUnread() {
  const u = await (bootRequest('unread') ?? api.get('/v1/chat/unread'));
  const unread = {};
  for (const c of u.conversations) unread[c.conversation] = c;
  store.set({ unread, unreadNotifications: u.unreadNotifications });
  if (u.conversations.some((c) => c.direct && !store.get().dms.some((d) => d.id === c.conversation))) refreshDms();
  return u;
}

/** The first (or latest full) load of each part, for views that must wait for one. */
export const loaded = {};

/** Everything the shell needs, in parallel; each part lands in the store as it arrives. */
export function loadAll() {
  loaded.status = loadStatus();
  loaded.presence = loadPresence();
  loaded.channels = loadChannels();
  loaded.dms = loadDms();
  loaded.unread = loadUnread();
  return Promise.allSettled(Object.values(loaded));
}

export const refreshUnread = debounce(() => loadUnread().catch(() => {}), 250);
export const refreshDms = debounce(() => loadDms().catch(() => {}), 250);

/** Marks a conversation read up to its latest message (or `to`), then refreshes the counts. */
export async function markRead(conversation, to) {
  const summary = await api.post('/v1/chat/read', to ? { conversation, to } : { conversation });
  setUnread(conversation, summary);
  refreshUnread();
  return summary;
}

function setUnread(conversation, summary) {
  const unread = { ...store.get().unread };
  if (summary && (summary.unread > 0 || summary.mentions > 0)) unread[conversation] = summary;
  else delete unread[conversation];
  store.set({ unread });
}

// ---------- lookups ----------

export const me = () => store.get().presence.get(store.get().nodeId);
export const isSelf = (id) => id != null && id === store.get().nodeId;
export const nameOf = (id) => store.get().presence.get(id)?.name ?? (id ? id.slice(0, 8) : '?');
export const isDirect = (conv) => typeof conv === 'string' && conv.startsWith('@');

/** "#general", or the DM's members ("bob, carol"). */
export function titleOf(conv) {
  if (!isDirect(conv)) return `#${conv}`;
  const dm = store.get().dms.find((d) => d.id === conv);
  if (dm) return dmTitle(dm);
  return store.get().unread[conv]?.title ?? 'Direct message';
}
export const dmTitle = (dm) => dm.members.map((m) => nameOf(m.id) || m.name).join(', ') || 'Just you';

/** The existing DM with exactly these members (ids, without this node), if any. */
export function dmWith(ids) {
  const want = [...new Set(ids)].filter((id) => !isSelf(id)).sort().join(',');
  return store.get().dms.find((d) => d.members.map((m) => m.id).sort().join(',') === want);
}

/** The route of a conversation: `#/c/general`, `#/c/@…`. */
export const convHref = (conv) => `#/c/${encodeURIComponent(conv)}`;

/** Whether this message names this node (@name, @channel, or @here while it was online). */
export function mentionsMe(m) {
  return m.mentionsChannel || m.mentionsHere || m.mentions?.some((x) => isSelf(x.id));
}

function sortChannels(list) {
  return [...list].sort((a, b) => a.name.localeCompare(b.name));
}

// ---------- live ----------

function upsertPresence(p) {
  const presence = new Map(store.get().presence);
  presence.set(p.id, p);
  store.set({ presence });
}

const typingTimers = new Map();
function setTyping(t, active) {
  const key = `${t.id}|${t.channel}|${t.thread ?? ''}`;
  clearTimeout(typingTimers.get(key));
  let typing = store.get().typing.filter((x) => `${x.id}|${x.channel}|${x.thread ?? ''}` !== key);
  if (active) {
    typing = [...typing, { ...t }];
    // The node says when typing stops; this is only a safety net if that event is lost.
    typingTimers.set(key, setTimeout(() => setTyping(t, false), 6000));
  }
  store.set({ typing });
}

function onMessage(m) {
  // A message ends its author's typing there.
  const typing = store.get().typing.filter((t) => !(t.id === m.author && t.channel === m.channel));
  if (typing.length !== store.get().typing.length) store.set({ typing });
  if (isDirect(m.channel)) {
    const dms = store.get().dms;
    const i = dms.findIndex((d) => d.id === m.channel);
    if (i < 0) refreshDms();
    else store.set({ dms: [{ ...dms[i], lastMessage: m, messages: dms[i].messages + 1 }, ...dms.filter((_, j) => j !== i)] });
  }
  if (!isSelf(m.author) && store.get().current !== m.channel) {
    const unread = { ...store.get().unread };
    const prev = unread[m.channel] ?? { conversation: m.channel, title: titleOf(m.channel), direct: isDirect(m.channel), unread: 0, mentions: 0 };
    unread[m.channel] = { ...prev, unread: prev.unread + 1, mentions: prev.mentions + (mentionsMe(m) ? 1 : 0) };
    store.set({ unread });
  }
  refreshUnread();
}

function handle(event) {
  switch (event.type) {
    case 'presence.changed':
      upsertPresence(event.presence);
      break;
    case 'typing.started':
      if (!isSelf(event.typing.id)) setTyping(event.typing, true);
      break;
    case 'typing.stopped':
      setTyping(event.typing, false);
      break;
    case 'chat.channel': {
      const ch = event.channel;
      store.set({ channels: sortChannels([...store.get().channels.filter((c) => c.name !== ch.name), ch]) });
      break;
    }
    case 'chat.message':
      onMessage(event.message);
      break;
    case 'chat.deleted':
      refreshUnread();
      break;
    case 'notification.new':
      if (!event.notification.read) store.set({ unreadNotifications: store.get().unreadNotifications + 1 });
      break;
    case 'chat.read': {
      // A read marker moved (here, in another tab, or from the CLI): its counts as they are now.
      const u = event.unread;
      const unread = { ...store.get().unread };
      if (u.unread > 0 || u.mentions > 0) unread[u.conversation] = u;
      else delete unread[u.conversation];
      store.set({ unread });
      break;
    }
    case 'notification.read':
      store.set({ unreadNotifications: event.notifications.unreadNotifications });
      break;
    case 'peer.connected':
    case 'peer.disconnected':
      loadStatus().catch(() => {});
      break;
    default:
  }
  emit(event.type, event);
  emit('*', event);
}

export const stream = new EventStream({
  onEvent: handle,
  onResync: async () => {
    await loadAll();
    emit('resync', {});
  },
  onState: (connection, connectionDetail) => store.set({ connection, connectionDetail }),
});
