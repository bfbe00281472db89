// Reading state of a conversation: what counts as read (on screen, scrolled to the bottom, the
// tab visible), marking read, Esc, and the modest live announcements for screen readers.
// Mixed into ChatScreen (chat.js).
import { store, markRead } from '../../lib/hearth.js';
import { showError } from '../../lib/toast.js';

export const readingState = {
  /** Says new messages in this conversation to screen readers, at most one line every 3 s. */
  announce(m) {
    if (document.visibilityState !== 'visible') return;
    if (this.announceTimer) {
      this.pendingAnnounce = (this.pendingAnnounce ?? 0) + 1;
      return;
    }
    this.live.textContent = `${m.authorName}: ${m.deleted ? 'deleted message' : m.text.slice(0, 140)}`;
    this.announceTimer = setTimeout(() => {
      this.announceTimer = 0;
      if (this.pendingAnnounce) this.live.textContent = `${this.pendingAnnounce} more new ${this.pendingAnnounce === 1 ? 'message' : 'messages'} in ${this.title}`;
      this.pendingAnnounce = 0;
    }, 3000);
  },

  onBottom(atBottom) {
    this.updateCurrent();
    if (atBottom) {
      this.jump.hidden = true;
      this.newBelow = 0;
      this.maybeRead();
    }
  },

  visible() {
    return document.visibilityState === 'visible';
  },

  updateCurrent() {
    if (this.destroyed) return;
    const reading = this.conv && this.ready && this.visible() && this.list.atBottom && !this.holdRead;
    store.set({ viewing: this.conv, current: reading ? this.conv : null });
  },

  /** Marks read (soon) when the conversation is on screen, scrolled to its bottom. */
  maybeRead() {
    if (!this.conv || !this.ready || this.holdRead || !this.visible() || !this.list.atBottom) return;
    this.readSoon();
  },

  /** Esc: mark everything read now and drop the "New" line. */
  markReadNow() {
    if (!this.conv) return;
    this.holdRead = false;
    markRead(this.conv).catch((e) => showError(e));
    if (this.dividerId) {
      const id = this.dividerId;
      this.dividerId = null;
      this.list.refresh(id);
    }
    this.updateCurrent();
  },
};
