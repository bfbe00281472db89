// The pinned messages of a channel, in a side panel.
import { h, iconButton, nextId } from '../../lib/dom.js';
import { api, seg } from '../../lib/api.js';
import { titleOf } from '../../lib/hearth.js';
import { formatShort } from '../../lib/format.js';
import { showError } from '../../lib/toast.js';
import { avatar } from '../../lib/people.js';
import { textNodes } from './text.js';

export class PinsPanel {
  constructor(screen) {
    this.screen = screen;
    const titleId = nextId('pins');
    this.body = h('div', { class: 'pins-list', role: 'list', 'aria-label': 'Pinned messages' });
    this.el = h('section', { class: 'side-panel pins-panel', 'aria-labelledby': titleId, dataset: { testid: 'pins-panel' } },
      h('header', { class: 'panel-header' },
        h('div', null, h('h2', { id: titleId, class: 'panel-title' }, 'Pinned messages'), h('p', { class: 'muted small' }, titleOf(screen.conv))),
        iconButton('x', 'Close pinned messages', { onclick: () => screen.closePanel() })),
      h('div', { class: 'thread-scroller' }, this.body));
    this.load();
  }

  async load() {
    try {
      this.pins = await api.get(`/v1/chat/channels/${seg(this.screen.conv)}/pins`);
      this.render();
    } catch (e) {
      this.body.replaceChildren(h('p', { class: 'muted pad' }, 'The pins could not be loaded.'));
      showError(e);
    }
  }

  render() {
    if (!this.pins.length) {
      this.body.replaceChildren(h('p', { class: 'muted pad', dataset: { testid: 'pins-empty' } }, 'Nothing is pinned yet. Pin a message from its actions menu to keep it here.'));
      return;
    }
    this.body.replaceChildren(...this.pins.map((m) => h('div', { role: 'listitem', class: 'pin-card', dataset: { messageId: m.id, testid: 'pin' } },
      h('div', { class: 'pin-head' }, avatar(m.author, m.authorName, { size: 20 }), h('strong', null, m.authorName), h('span', { class: 'muted small' }, formatShort(m.time))),
      h('div', { class: 'msg-text' }, m.deleted ? 'This message was deleted.' : textNodes(m)),
      h('div', { class: 'pin-actions' },
        h('button', { type: 'button', class: 'btn small', onclick: () => this.screen.jumpTo(m) }, 'Jump'),
        h('button', { type: 'button', class: 'btn small', dataset: { testid: 'unpin' }, onclick: () => this.unpin(m) }, 'Unpin')))));
  }

  async unpin(m) {
    try {
      this.screen.onChange(await api.del(`/v1/chat/messages/${seg(m.id)}/pin`));
    } catch (e) {
      showError(e);
    }
  }

  onChange(m) {
    const had = this.pins?.some((p) => p.id === m.id);
    if (had || m.pinned) this.load();
  }

  destroy() {}
}
