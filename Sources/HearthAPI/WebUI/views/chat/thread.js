// The thread side panel: the root message, its replies live, and a reply box.
import { h, iconButton, nextId } from '../../lib/dom.js';
import { api, seg } from '../../lib/api.js';
import { titleOf } from '../../lib/hearth.js';
import { plural } from '../../lib/format.js';
import { showError } from '../../lib/toast.js';
import { renderMessage } from './message-row.js';
import { createComposer } from './composer.js';
import { bindTyping } from './typing.js';

export class ThreadPanel {
  /**
   * @param {object} screen the chat screen: conv, send(text, replyTo), editing state, delegate(el), onClose()
   * @param {string} rootId
   */
  constructor(screen, rootId) {
    this.screen = screen;
    this.rootId = rootId;
    this.root = null;
    this.replies = [];
    const titleId = nextId('thread');
    this.list = h('div', { class: 'thread-list', role: 'list', 'aria-label': 'Thread messages' });
    this.scroller = h('div', { class: 'thread-scroller' }, this.list);
    this.typingEl = h('div', { class: 'typing-line', dataset: { testid: 'thread-typing' } });
    this.composer = createComposer({
      label: 'Reply in thread',
      placeholder: 'Reply…',
      testid: 'thread-composer',
      typingTarget: () => ({ channel: screen.conv, thread: rootId }),
      onSend: async (text) => {
        const m = await screen.send(text, rootId);
        this.onMessage(m);
      },
      onEscape: () => screen.closeThread(),
    });
    this.el = h('section', { class: 'side-panel thread-panel', 'aria-labelledby': titleId, dataset: { testid: 'thread-panel', rootId } },
      h('header', { class: 'panel-header' },
        h('div', null, h('h2', { id: titleId, class: 'panel-title' }, 'Thread'), h('p', { class: 'muted small' }, titleOf(screen.conv))),
        iconButton('x', 'Close thread', { onclick: () => screen.closeThread(), dataset: { testid: 'thread-close' } })),
      this.scroller, this.typingEl, this.composer.el);
    this.offTyping = bindTyping(this.typingEl, screen.conv, rootId);
    screen.delegate(this.list);
    this.load();
  }

  async load() {
    this.list.replaceChildren(h('p', { class: 'muted pad' }, 'Loading the thread…'));
    try {
      const t = await api.get(`/v1/chat/messages/${seg(this.rootId)}/thread`);
      this.root = t.root;
      this.replies = t.replies;
      this.render(true);
    } catch (e) {
      this.list.replaceChildren(h('p', { class: 'muted pad' }, 'This thread could not be loaded.'));
      showError(e);
    }
  }

  get(id) {
    if (this.root?.id === id) return this.root;
    return this.replies.find((r) => r.id === id) ?? null;
  }

  render(toBottom = false) {
    if (!this.root) return;
    const s = this.scroller;
    const atBottom = toBottom || s.scrollHeight - s.scrollTop - s.clientHeight < 8;
    const opts = { inThread: true, editingId: this.screen.editingId, drafts: this.screen.drafts };
    const rootRow = renderMessage(this.root, undefined, opts);
    rootRow.append(h('div', { class: 'thread-count', role: 'separator', 'aria-label': plural(this.replies.length, 'reply', 'replies'), dataset: { testid: 'thread-count' } },
      h('span', null, plural(this.replies.length, 'reply', 'replies'))));
    const rows = [rootRow];
    this.replies.forEach((r, i) => rows.push(renderMessage(r, i ? this.replies[i - 1] : this.root, { ...opts, noGroup: i === 0 })));
    const focusedKey = this.list.contains(document.activeElement) ? document.activeElement.closest('[data-message-id]')?.dataset.messageId : null;
    this.list.replaceChildren(...rows);
    // Threads are short: every control is in the tab order.
    for (const el of this.list.querySelectorAll('button, a[href]')) el.tabIndex = 0;
    if (atBottom) s.scrollTop = s.scrollHeight;
    if (focusedKey) this.list.querySelector(`[data-message-id="${CSS.escape(focusedKey)}"]`)?.focus({ preventScroll: true });
  }

  onMessage(m) {
    if (m.threadRoot !== this.rootId || this.replies.some((r) => r.id === m.id)) return;
    this.replies.push(m);
    if (this.root) this.root = { ...this.root, replies: this.replies.length };
    this.render();
  }

  onChange(m) {
    if (this.root?.id === m.id) this.root = m;
    else {
      const i = this.replies.findIndex((r) => r.id === m.id);
      if (i < 0) return;
      this.replies[i] = m;
    }
    this.render();
  }

  focus() {
    this.composer.focus();
  }

  destroy() {
    this.offTyping();
    this.composer.destroy();
  }
}
