// The conversation view (a channel or a DM): header, the virtualised message list, typing line,
// composer, and side panels for a thread or the pins. Route: #/c/<channel or @dm>[?thread=ID][&m=ID].
import { h, icon, nextId, debounce } from '../../lib/dom.js';
import { api, seg, bootRequest } from '../../lib/api.js';
import { store, on, loaded, isSelf, isDirect, titleOf, markRead, refreshDms, convHref, dmTitle, nameOf } from '../../lib/hearth.js';
import { navigate } from '../../lib/router.js';
import { showError, toast } from '../../lib/toast.js';
import { dot, statusLine } from '../../lib/people.js';
import { VirtualList } from './virtual-list.js';
import { renderMessage, estimateRow } from './message-row.js';
import { createComposer } from './composer.js';
import { bindTyping } from './typing.js';
import { ThreadPanel } from './thread.js';
import { PinsPanel } from './pins.js';
import { messageActions } from './actions.js';
import { readingState } from './reading.js';

const PAGE = 100;
const topLevel = (m) => !m.threadRoot;

export class ChatScreen {
  /**
   * @param {HTMLElement} el where to render
   * @param {object} ctx the view context (query, panel)
   * @param {object} o either { conv } or, for a DM not started yet, { members: [ids] }
   */
  constructor(el, ctx, { conv = null, members = null }) {
    this.ctx = ctx;
    this.conv = conv;
    this.members = members;
    this.direct = conv ? isDirect(conv) : true;
    this.editingId = null;
    this.drafts = new Map();
    this.dividerId = null;
    this.oldestId = null;
    this.loadingOlder = null;
    this.seenReplies = new Set();
    this.newBelow = 0;
    this.holdRead = false;
    this.offs = [];
    this.panel = null;
    this.ready = false;
    this.readSoon = debounce(() => {
      if (!this.destroyed && this.conv) markRead(this.conv).catch(() => {});
    }, 300);
    this.build(el);
    this.load(ctx.query ?? {});
  }

  get title() {
    return this.conv ? titleOf(this.conv) : this.members.map(nameOf).join(', ');
  }

  // ---------- building ----------

  build(el) {
    const titleId = nextId('chat');
    this.h1 = h('h1', { id: titleId, class: 'chat-title', dataset: { testid: 'chat-title' } });
    this.sub = h('p', { class: 'chat-topic' });
    this.pinsBtn = h('button', { type: 'button', class: 'btn ghost small', dataset: { testid: 'pins-button' }, 'aria-label': 'Pinned messages', onclick: () => this.togglePins() }, icon('pin', 14), h('span', { 'aria-hidden': 'true' }, 'Pins'));
    this.readBtn = h('button', { type: 'button', class: 'btn ghost small', title: 'Mark read (Esc)', dataset: { testid: 'mark-read' }, onclick: () => this.markReadNow() }, icon('check', 14), 'Mark read');
    const header = h('header', { class: 'chat-header' },
      h('div', { class: 'chat-heading' }, this.h1, this.sub),
      h('div', { class: 'chat-tools' }, this.readBtn, this.direct ? null : this.pinsBtn));
    this.scroller = h('div', { class: 'msg-scroller', dataset: { testid: 'message-list' } });
    this.jump = h('button', { type: 'button', class: 'jump-latest', hidden: true, dataset: { testid: 'jump-latest' }, onclick: () => { this.list.scrollToBottom(); this.onBottom(true); } }, icon('down', 14), h('span', null, 'Jump to latest'));
    this.typingEl = h('div', { class: 'typing-line', dataset: { testid: 'typing' } });
    this.live = h('div', { class: 'sr-only', 'aria-live': 'polite', 'aria-atomic': 'true', dataset: { testid: 'live-region' } });
    this.composer = createComposer({
      label: `Message ${this.conv && !this.direct ? titleOf(this.conv) : this.title}`,
      placeholder: `Message ${this.title}`,
      typingTarget: () => (this.conv ? { channel: this.conv } : null),
      onSend: (text) => this.sendMain(text),
      onEditLast: () => this.editLast(),
      onEscape: () => this.markReadNow(),
    });
    this.section = h('section', { class: 'chat', 'aria-labelledby': titleId },
      header, h('div', { class: 'chat-body' }, this.scroller, this.jump), this.typingEl, this.composer.el, this.live);
    el.append(this.section);

    this.list = new VirtualList({
      scroller: this.scroller,
      label: `Messages in ${this.title}`,
      renderRow: (m, prev) => renderMessage(m, prev, { dividerId: this.dividerId, editingId: this.editingId, drafts: this.drafts }),
      estimate: estimateRow,
      onNearTop: () => this.loadOlder(),
      onBottomChange: (b) => this.onBottom(b),
    });
    this.delegate(this.scroller);
    this.section.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !e.defaultPrevented && !e.target.closest('.edit-box, dialog, .popover')) {
        this.markReadNow();
      }
    });
    this.renderHeader();
    if (this.direct && this.conv) loaded.dms?.catch(() => {}).then(() => { if (!store.get().dms.some((d) => d.id === this.conv)) refreshDms(); });
    if (this.conv) this.offs.push(bindTyping(this.typingEl, this.conv, null));
    this.offs.push(store.subscribe(['presence', 'channels', 'dms'], () => this.renderHeader()));
    const showRead = () => { this.readBtn.hidden = !this.conv || !store.get().unread[this.conv]; };
    showRead();
    this.offs.push(store.subscribe(['unread'], showRead));
    this.offs.push(
      on('chat.message', (e) => this.onMessage(e.message)),
      ...['chat.edited', 'chat.deleted', 'chat.reaction', 'chat.pinned', 'chat.unpinned'].map((t) => on(t, (e) => this.onChange(e.message))),
      on('resync', () => this.reload()),
    );
    this.onVisibility = () => { this.updateCurrent(); this.maybeRead(); };
    document.addEventListener('visibilitychange', this.onVisibility);
    window.addEventListener('focus', this.onVisibility);
  }

  renderHeader() {
    if (this.direct) {
      const dm = this.conv ? store.get().dms.find((d) => d.id === this.conv) : null;
      const ids = dm ? dm.members.map((m) => m.id) : this.members ?? [];
      const title = dm ? dmTitle(dm) : ids.map(nameOf).join(', ') || 'Direct message';
      this.h1.replaceChildren(...(ids.length === 1 ? [dot(ids[0], { decorative: true })] : [icon('users', 18)]), h('span', null, title));
      this.sub.textContent = ids.length === 1 ? statusLine(store.get().presence.get(ids[0])) : `${ids.length + 1} people, sealed to the members`;
      this.composer.textarea.setAttribute('aria-label', `Message ${title}`);
      this.composer.textarea.placeholder = `Message ${title}`;
      this.list.list.setAttribute('aria-label', `Messages with ${title}`);
    } else {
      const ch = store.get().channels.find((c) => c.name === this.conv);
      this.h1.replaceChildren(icon('hash', 18), h('span', null, this.conv));
      this.sub.textContent = ch?.topic || '';
    }
  }

  /** Handles message actions (buttons with data-action) and the edit box, inside `container`. */
  delegate(container) {
    container.addEventListener('click', (e) => {
      const btn = e.target.closest('[data-action]');
      if (!btn || !container.contains(btn)) return;
      const row = btn.closest('[data-message-id]');
      if (row) this.action(btn.dataset.action, row.dataset.messageId, btn);
    });
    container.addEventListener('keydown', (e) => {
      if (!e.target.classList?.contains('edit-box')) return;
      const id = e.target.closest('[data-message-id]').dataset.messageId;
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.saveEdit(id, e.target.value);
      } else if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        this.cancelEdit(id);
      }
    });
    container.addEventListener('input', (e) => {
      if (!e.target.classList?.contains('edit-box')) return;
      this.drafts.set(e.target.closest('[data-message-id]').dataset.messageId, e.target.value);
    });
  }

  // ---------- loading ----------

  messagesPath() {
    return this.direct ? `/v1/chat/dms/${seg(this.conv)}/messages` : `/v1/chat/channels/${seg(this.conv)}/messages`;
  }

  async fetchPage(before, limit = PAGE) {
    const booted = !before && limit === PAGE ? bootRequest('messages', this.conv) : null;
    const page = await (booted ?? api.get(this.messagesPath(), { limit, before }));
    if (page.length) this.oldestId = page[0].id;
    return page;
  }

  async load(query) {
    if (!this.conv) {
      this.list.hasMore = false;
      this.list.setItems([]);
      this.setHead();
      this.ready = true;
      this.composer.focus();
      return;
    }
    let page;
    try {
      [page] = await Promise.all([this.fetchPage(), loaded.unread?.catch(() => {}), loaded.status?.catch(() => {})]);
    } catch (e) {
      if (this.destroyed) return;
      this.list.hasMore = false;
      this.failed = true;
      this.list.setHead(this.errorState(e));
      return;
    }
    if (this.destroyed) return;
    performance.mark('hearth:data');
    this.list.hasMore = page.length === PAGE;
    this.dividerId = this.findDivider(page, store.get().unread[this.conv]?.unread ?? 0);
    this.list.setItems(page.filter(topLevel));
    this.setHead();
    this.ready = true;
    performance.mark('hearth:first-messages');
    this.updateCurrent();
    this.maybeRead();
    if (query.thread) this.openThread(query.thread);
    else if (query.m) this.jumpTo({ id: query.m });
    else this.composer.focus();
  }

  /** What to show when the conversation cannot be loaded: for a missing channel, a way to create it or go elsewhere. */
  errorState(e) {
    const missing = e.status === 404 && !this.direct;
    if (missing && localStorage.getItem('hearth.last') === this.conv) localStorage.removeItem('hearth.last');
    const elsewhere = h('p');
    const state = h('div', { class: 'empty-state', dataset: { testid: 'chat-error' } },
      h('h2', null, missing ? `There is no channel #${this.conv}` : 'This conversation could not be loaded'),
      h('p', { class: 'muted' }, e.message),
      missing && /^[a-z0-9_-]{1,80}$/.test(this.conv)
        ? h('button', { type: 'button', class: 'btn primary', dataset: { testid: 'create-missing' }, onclick: () => this.createMissing() }, `Create #${this.conv}`)
        : null,
      elsewhere);
    loaded.channels?.catch(() => {}).then(() => {
      const others = store.get().channels.filter((c) => c.name !== this.conv).slice(0, 8);
      if (others.length) elsewhere.replaceChildren('Or go to ', ...others.flatMap((c, i) => [i ? ', ' : '', h('a', { href: convHref(c.name) }, `#${c.name}`)]));
    });
    return state;
  }

  async createMissing() {
    try {
      await api.post('/v1/chat/channels', { name: this.conv });
      this.failed = false;
      this.load({});
    } catch (e) {
      showError(e);
    }
  }

  /** The first visible message among the last `unread` messages by others (the "New" line). */
  findDivider(page, unread) {
    if (unread <= 0) return null;
    let n = unread;
    let first = 0;
    for (let i = page.length - 1; i >= 0 && n > 0; i--) {
      const m = page[i];
      if (!isSelf(m.author) && !m.deleted) {
        n -= 1;
        first = i;
      }
    }
    for (let i = first; i < page.length; i++) if (topLevel(page[i])) return page[i].id;
    return null;
  }

  setHead() {
    if (this.list.hasMore) {
      this.list.setHead(h('div', { class: 'list-head muted' }, this.loadingOlder ? 'Loading older messages…' : ''));
      return;
    }
    const ch = store.get().channels.find((c) => c.name === this.conv);
    this.list.setHead(h('div', { class: 'list-head beginning', dataset: { testid: 'beginning' } },
      h('h2', null, this.direct ? this.title : `Welcome to #${this.conv}`),
      h('p', { class: 'muted' }, this.direct
        ? 'This is the beginning of your direct messages. Only the members can read them.'
        : `This is the very beginning of #${this.conv}.${ch?.topic ? ` Topic: ${ch.topic}` : ''}`)));
  }

  loadOlder(limit = PAGE) {
    if (this.loadingOlder || !this.list.hasMore || !this.ready) return this.loadingOlder;
    this.loadingOlder = (async () => {
      this.setHead();
      try {
        const page = await this.fetchPage(this.oldestId, limit);
        if (this.destroyed) return;
        this.list.hasMore = page.length === limit;
        this.list.prepend(page.filter(topLevel));
      } catch (e) {
        showError(e, 'Older messages');
        this.list.hasMore = false;
      } finally {
        this.loadingOlder = null;
        if (!this.destroyed) this.setHead();
      }
    })();
    return this.loadingOlder;
  }

  async reload() {
    if (!this.conv) return;
    try {
      const page = await this.fetchPage();
      this.list.hasMore = page.length === PAGE;
      this.list.setItems(page.filter(topLevel));
      this.setHead();
      this.panel?.load?.();
    } catch (e) {
      showError(e);
    }
  }

  // ---------- live ----------

  onMessage(m) {
    if (m.channel !== this.conv || !this.ready) return;
    if (this.panel instanceof ThreadPanel) this.panel.onMessage(m);
    if (m.threadRoot) {
      const root = this.list.get(m.threadRoot);
      if (root && !this.seenReplies.has(m.id)) {
        this.seenReplies.add(m.id);
        this.list.update({ ...root, replies: root.replies + 1 });
      }
      if (!isSelf(m.author)) this.maybeRead();
      return;
    }
    if (this.list.has(m.id)) return;
    this.list.append([m]);
    if (isSelf(m.author)) {
      this.list.scrollToBottom();
    } else {
      if (!this.list.atBottom) {
        this.newBelow += 1;
        this.jump.hidden = false;
        this.jump.lastChild.textContent = `${this.newBelow} new ${this.newBelow === 1 ? 'message' : 'messages'}`;
      }
      this.announce(m);
      this.maybeRead();
    }
  }

  onChange(m) {
    if (!m || m.channel !== this.conv) return;
    this.panel?.onChange(m);
    if (this.list.has(m.id)) this.list.update(m);
  }

  /** Shows a message: scrolls to it (loading older pages as needed) or opens its thread. */
  async jumpTo(m) {
    if (m.threadRoot) {
      this.openThread(m.threadRoot);
      return;
    }
    for (let tries = 0; !this.list.has(m.id) && this.list.hasMore && tries < 20; tries++) {
      await this.loadOlder(1000);
    }
    if (!this.list.has(m.id)) {
      toast('That message is not in this conversation any more.', 'info');
      return;
    }
    this.list.focusId(m.id);
    const row = this.scroller.querySelector(`[data-message-id="${CSS.escape(m.id)}"]`);
    row?.classList.add('flash');
    setTimeout(() => row?.classList.remove('flash'), 2000);
  }

  // ---------- panels ----------

  openThread(rootId) {
    if (this.panel instanceof ThreadPanel && this.panel.rootId === rootId) return;
    this.showPanel(new ThreadPanel(this, rootId), 'Thread');
    this.panel.focus();
  }

  closeThread() {
    if (this.panel instanceof ThreadPanel) navigate(`/c/${encodeURIComponent(this.conv)}`);
  }

  togglePins() {
    if (this.panel instanceof PinsPanel) this.closePanel();
    else this.showPanel(new PinsPanel(this), 'Pinned messages');
  }

  showPanel(panel, label) {
    this.panel?.destroy();
    this.panel = panel;
    this.ctx.panel.show(panel.el, label, () => {
      this.panel?.destroy();
      this.panel = null;
    });
  }

  closePanel() {
    this.ctx.panel.hide();
    this.composer.focus();
  }

  /** Same conversation, other query (thread opened or closed, a message to show). */
  update(ctx) {
    const q = ctx.query ?? {};
    if (q.thread) this.openThread(q.thread);
    else if (this.panel instanceof ThreadPanel) this.closePanel();
    if (q.m) this.jumpTo({ id: q.m });
  }

  destroy() {
    this.destroyed = true;
    this.readSoon.cancel();
    this.composer.destroy();
    this.list.destroy();
    this.panel?.destroy();
    this.offs.forEach((off) => off());
    document.removeEventListener('visibilitychange', this.onVisibility);
    window.removeEventListener('focus', this.onVisibility);
    clearTimeout(this.announceTimer);
    store.set({ viewing: null, current: null });
  }
}

Object.assign(ChatScreen.prototype, messageActions, readingState);

let screen = null;

export default {
  id: 'chat',
  title: 'Conversation',
  route: '/c/:conv',
  mount(el, ctx) {
    screen = new ChatScreen(el, ctx, { conv: ctx.params.conv });
    localStorage.setItem('hearth.last', ctx.params.conv);
  },
  /** Same conversation: only the query changed. False means mount again. */
  update(ctx) {
    if (!screen || screen.conv !== ctx.params.conv) return false;
    screen.update(ctx);
    return true;
  },
  unmount() {
    screen?.destroy();
    screen = null;
  },
  /** The screen shown, for shortcuts (Esc, Up) and tests. */
  get screen() {
    return screen;
  },
};
