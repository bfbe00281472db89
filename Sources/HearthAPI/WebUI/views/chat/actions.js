// What can be done to messages in a conversation: send, react, pin, edit (Up in an empty box
// edits your last one), delete, mark unread. Mixed into ChatScreen (chat.js).
import { api, seg } from '../../lib/api.js';
import { store, isSelf, refreshUnread, loadDms, nameOf } from '../../lib/hearth.js';
import { navigate } from '../../lib/router.js';
import { showError, toast } from '../../lib/toast.js';
import { confirmDialog } from '../../lib/dialog.js';
import { openPicker } from '../../lib/emoji.js';
import { ThreadPanel } from './thread.js';

export const messageActions = {
  find(id) {
    return this.list.get(id) ?? (this.panel instanceof ThreadPanel ? this.panel.get(id) : null);
  },

  async send(text, replyTo) {
    if (this.direct) {
      let dm = this.conv ? store.get().dms.find((d) => d.id === this.conv) : null;
      if (this.conv && !dm) dm = (await loadDms()).find((d) => d.id === this.conv);
      if (this.conv && !dm) throw new Error('This conversation is not known to the node.');
      const to = dm ? dm.members.map((m) => m.id) : this.members;
      const body = { to, text };
      if (replyTo) body.replyTo = replyTo;
      return api.post('/v1/chat/dms/messages', body);
    }
    const body = { text };
    if (replyTo) body.replyTo = replyTo;
    return api.post(`/v1/chat/channels/${seg(this.conv)}/messages`, body);
  },

  async sendMain(text) {
    const m = await this.send(text);
    this.holdRead = false;
    if (!this.conv) {
      // The first message of a new DM: it now has a conversation id.
      const dms = store.get().dms;
      if (!dms.some((d) => d.id === m.channel)) {
        const members = this.members.map((id) => ({ id, name: nameOf(id) }));
        store.set({ dms: [{ id: m.channel, members, messages: 1, lastMessage: m }, ...dms] });
      }
      navigate(`/c/${encodeURIComponent(m.channel)}`, null, { replace: true });
      return;
    }
    this.onMessage(m);
    this.list.scrollToBottom();
  },

  async action(action, id, btn) {
    try {
      switch (action) {
        case 'react':
          openPicker(btn, (emoji) => this.react(id, emoji));
          break;
        case 'toggle-reaction':
          await this.react(id, btn.dataset.emoji);
          break;
        case 'thread':
          navigate(`/c/${encodeURIComponent(this.conv)}`, { thread: id });
          break;
        case 'pin':
          this.onChange(await api.put(`/v1/chat/messages/${seg(id)}/pin`));
          toast('Pinned to the channel.', 'success');
          break;
        case 'unpin':
          this.onChange(await api.del(`/v1/chat/messages/${seg(id)}/pin`));
          break;
        case 'edit':
          this.startEdit(id);
          break;
        case 'save-edit': {
          const box = btn.closest('[data-message-id]').querySelector('.edit-box');
          await this.saveEdit(id, box.value);
          break;
        }
        case 'cancel-edit':
          this.cancelEdit(id);
          break;
        case 'delete':
          if (await confirmDialog({ title: 'Delete message?', text: 'It is wiped on every node. This cannot be undone.', confirm: 'Delete', danger: true, testid: 'confirm-delete' })) {
            this.onChange(await api.del(`/v1/chat/messages/${seg(id)}`));
          }
          break;
        case 'unread': {
          const summary = await api.post(`/v1/chat/messages/${seg(id)}/unread`);
          this.holdRead = true;
          this.updateCurrent();
          const old = this.dividerId;
          this.dividerId = this.list.has(id) ? id : this.dividerId;
          if (old) this.list.refresh(old);
          this.list.refresh(id);
          refreshUnread();
          toast(`Marked unread: ${summary.unread} ${summary.unread === 1 ? 'message' : 'messages'}.`, 'success');
          break;
        }
        default:
      }
    } catch (e) {
      showError(e);
    }
  },

  async react(id, emoji) {
    try {
      this.onChange(await api.post(`/v1/chat/messages/${seg(id)}/reactions`, { emoji }));
    } catch (e) {
      showError(e, 'Reaction');
    }
  },

  rerender(id) {
    const m = this.list.get(id);
    if (m) this.list.update(m);
    if (this.panel instanceof ThreadPanel && this.panel.get(id)) this.panel.render();
  },

  startEdit(id) {
    const m = this.find(id);
    if (!m || !isSelf(m.author) || m.deleted) return;
    const prev = this.editingId;
    this.editingId = id;
    if (prev && prev !== id) this.rerender(prev);
    if (this.list.has(id)) this.list.scrollToId(id, 'nearest');
    this.rerender(id);
    const box = [...document.querySelectorAll(`[data-message-id="${CSS.escape(id)}"] .edit-box`)].pop();
    if (box) {
      box.focus();
      box.setSelectionRange(box.value.length, box.value.length);
    }
  },

  cancelEdit(id) {
    this.editingId = null;
    this.drafts.delete(id);
    this.rerender(id);
    this.composer.focus();
  },

  async saveEdit(id, text) {
    const m = this.find(id);
    text = text.trim();
    if (!m) return;
    if (!text) {
      showError(new Error('A message cannot be empty: delete it instead.'));
      return;
    }
    if (text === m.text) {
      this.cancelEdit(id);
      return;
    }
    try {
      const edited = await api.patch(`/v1/chat/messages/${seg(id)}`, { text });
      this.editingId = null;
      this.drafts.delete(id);
      this.onChange(edited);
      this.rerender(id);
      this.composer.focus();
    } catch (e) {
      showError(e, 'Not saved');
    }
  },

  /** Up in an empty composer: edit the last message of yours. */
  editLast() {
    const items = this.list.items;
    for (let i = items.length - 1; i >= 0; i--) {
      if (isSelf(items[i].author) && !items[i].deleted) {
        this.startEdit(items[i].id);
        return true;
      }
    }
    return false;
  },
};
