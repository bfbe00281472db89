// One message as a list row: avatar, name, time, text, "(edited)", reactions, thread summary and
// an actions toolbar (shown on hover and focus). Actions are buttons with data-action; the view
// handles them by delegation.
import { h, icon, srOnly } from '../../lib/dom.js';
import { formatTime, formatFull, formatDay, sameDay, plural } from '../../lib/format.js';
import { isSelf, mentionsMe, nameOf } from '../../lib/hearth.js';
import { avatar } from '../../lib/people.js';
import { textNodes } from './text.js';

const GROUP_MS = 5 * 60 * 1000;

/** Whether `m` continues `prev`'s group (same author, a few minutes apart, no divider between). */
export function grouped(m, prev, dividerId) {
  return !!prev && prev.author === m.author && m.id !== dividerId && !prev.deleted && !m.deleted
    && sameDay(prev.time, m.time) && new Date(m.time) - new Date(prev.time) < GROUP_MS;
}

/** A height guess for a row not yet measured. */
export function estimateRow(m, prev) {
  const lines = Math.max(1, Math.ceil((m.text?.length ?? 0) / 90)) + ((m.text?.match(/\n/g)?.length) ?? 0);
  let px = 8 + lines * 22;
  if (!grouped(m, prev)) px += 24;
  if (!prev || !sameDay(prev.time, m.time)) px += 40;
  if (m.reactions?.length) px += 32;
  if (m.replies && !m.threadRoot) px += 28;
  return px;
}

const actionButton = (action, iconName, label, key = action) =>
  h('button', { type: 'button', class: 'icon-btn', 'aria-label': label, title: label, dataset: { action, testid: `action-${action}`, focusKey: key }, tabindex: '-1' }, icon(iconName, 16));

/**
 * @param {object} m the message
 * @param {object|undefined} prev the message above it
 * @param {object} o
 * @param {string|null} o.dividerId the first new message (a "New messages" line above it)
 * @param {string|null} o.editingId the message being edited here
 * @param {Map} o.drafts edit drafts by message id
 * @param {boolean} o.inThread rendered in the thread panel (no thread summary)
 * @param {boolean} o.noGroup never continue the previous message's group
 */
export function renderMessage(m, prev, { dividerId = null, editingId = null, drafts, inThread = false, noGroup = false } = {}) {
  const scope = inThread ? 't' : 'm';
  const mine = isSelf(m.author);
  const isGrouped = !noGroup && grouped(m, prev, dividerId);
  const classes = ['msg'];
  if (isGrouped) classes.push('grouped');
  if (m.deleted) classes.push('deleted');
  if (!m.deleted && !mine && mentionsMe(m)) classes.push('mentioned');
  if (m.pinned) classes.push('pinned');
  const name = m.authorName || nameOf(m.author);
  const time = h('time', { datetime: m.time, title: formatFull(m.time) }, formatTime(m.time));
  const headId = `${scope}h-${m.id}`;
  const textId = `${scope}t-${m.id}`;

  const row = h('div', {
    role: 'listitem',
    class: classes.join(' '),
    tabindex: '-1',
    'aria-labelledby': `${headId} ${textId}`,
    dataset: { messageId: m.id, author: m.author, testid: 'message' },
  });

  if (!prev || !sameDay(prev.time, m.time)) {
    row.append(h('div', { class: 'day-divider', role: 'separator', 'aria-label': formatDay(m.time) }, h('span', null, formatDay(m.time))));
  }
  if (m.id === dividerId) {
    row.append(h('div', { class: 'new-divider', role: 'separator', 'aria-label': 'New messages', dataset: { testid: 'new-divider' } }, h('span', null, 'New')));
  }

  const gutter = h('div', { class: 'msg-gutter' }, isGrouped ? h('span', { class: 'hover-time' }, time) : avatar(m.author, name));
  const head = isGrouped
    ? h('div', { class: 'sr-only', id: headId }, `${name}, ${formatTime(m.time)}`)
    : h('div', { class: 'msg-head', id: headId },
      h('span', { class: 'author', dataset: { nodeId: m.author } }, name),
      ' ', time,
      m.pinned ? h('span', { class: 'pin-mark', dataset: { testid: 'pinned-mark' } }, icon('pin', 12), 'Pinned') : null);

  const main = h('div', { class: 'msg-main' }, head);
  if (isGrouped && m.pinned) main.append(h('span', { class: 'pin-mark', dataset: { testid: 'pinned-mark' } }, icon('pin', 12), 'Pinned'));

  if (m.deleted) {
    main.append(h('div', { class: 'msg-text placeholder', id: textId, dataset: { testid: 'deleted-placeholder' } }, 'This message was deleted.'));
  } else if (m.id === editingId) {
    const box = h('textarea', {
      class: 'input edit-box', 'aria-label': 'Edit message', rows: '2', dataset: { testid: 'edit-box', rowControl: '1' },
      value: drafts?.get(m.id) ?? m.text,
    });
    main.append(h('div', { class: 'edit-wrap', id: textId }, box,
      h('div', { class: 'edit-hint' },
        h('button', { type: 'button', class: 'btn small', dataset: { action: 'cancel-edit' } }, 'Cancel'),
        h('button', { type: 'button', class: 'btn small primary', dataset: { action: 'save-edit', testid: 'save-edit' } }, 'Save'),
        h('span', { class: 'muted' }, 'Enter to save, Esc to cancel'))));
  } else {
    const text = h('div', { class: 'msg-text', id: textId, dataset: { testid: 'message-text' } }, textNodes(m));
    if (m.edited) text.append(' ', h('span', { class: 'edited', title: `Edited ${formatFull(m.edited)}`, dataset: { testid: 'edited' } }, '(edited)'));
    main.append(text);
  }

  if (!m.deleted && m.reactions?.length) {
    main.append(h('div', { class: 'reactions', role: 'group', 'aria-label': 'Reactions' },
      m.reactions.map((r) => {
        const me = r.members.some((x) => isSelf(x.id));
        const who = r.members.map((x) => x.name).join(', ');
        return h('button', {
          type: 'button', class: `reaction${me ? ' mine' : ''}`, 'aria-pressed': me ? 'true' : 'false',
          'aria-label': `${r.emoji} ${plural(r.count, 'reaction')} by ${who}${me ? ', press to remove yours' : ''}`,
          title: who, tabindex: '-1',
          dataset: { action: 'toggle-reaction', emoji: r.emoji, testid: 'reaction', focusKey: `r-${r.emoji}` },
        }, h('span', { class: 'reaction-emoji', 'aria-hidden': 'true' }, r.emoji), h('span', { class: 'reaction-count', 'aria-hidden': 'true' }, String(r.count)));
      }),
      h('button', { type: 'button', class: 'reaction add', 'aria-label': 'Add a reaction', title: 'Add a reaction', tabindex: '-1', dataset: { action: 'react', focusKey: 'react2' } }, icon('smile', 14), srOnly('Add'))));
  }

  if (!inThread && m.replies > 0 && !m.threadRoot) {
    main.append(h('button', { type: 'button', class: 'thread-link', tabindex: '-1', dataset: { action: 'thread', testid: 'thread-link', focusKey: 'thread-link' } },
      icon('thread', 14), plural(m.replies, 'reply', 'replies')));
  }

  row.append(h('div', { class: 'msg-body' }, gutter, main));

  if (!m.deleted) {
    const actions = h('div', { class: 'msg-actions', role: 'toolbar', 'aria-label': 'Message actions' },
      actionButton('react', 'smile', 'Add a reaction'),
      inThread ? null : actionButton('thread', 'thread', 'Reply in thread'),
      actionButton(m.pinned ? 'unpin' : 'pin', 'pin', m.pinned ? 'Unpin' : 'Pin to channel', 'pin'),
      mine ? actionButton('edit', 'edit', 'Edit message') : null,
      mine ? actionButton('delete', 'trash', 'Delete message') : null,
      mine ? null : actionButton('unread', 'eyeoff', 'Mark unread from here'));
    row.append(actions);
  }
  return row;
}
