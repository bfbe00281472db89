// The message box: Enter sends, Shift-Enter adds a line, Up in an empty box edits your last
// message, Esc asks the view to mark read. Typing goes to the node at most once a second, and
// stops on blur or when the box empties. "@" opens mention suggestions (people, @here, @channel).
import { h, icon, nextId } from '../../lib/dom.js';
import { api } from '../../lib/api.js';
import { store, isSelf } from '../../lib/hearth.js';
import { avatar, statusLine } from '../../lib/people.js';
import { showError } from '../../lib/toast.js';

const TYPING_EVERY_MS = 1000;

/**
 * @param {object} o
 * @param {string} o.label accessible name ("Message #general")
 * @param {string} o.placeholder
 * @param {() => {channel: string, thread?: string}|null} o.typingTarget where typing shows (null: nowhere)
 * @param {(text: string) => Promise<void>} o.onSend
 * @param {() => boolean} [o.onEditLast] Up in an empty box; true if it did something
 * @param {() => void} [o.onEscape]
 * @param {string} [o.testid]
 */
export function createComposer({ label, placeholder, typingTarget, onSend, onEditLast, onEscape, testid = 'composer' }) {
  const listId = nextId('mentions');
  const textarea = h('textarea', {
    class: 'composer-input', rows: '1', 'aria-label': label, placeholder,
    'aria-autocomplete': 'list', 'aria-controls': listId,
    dataset: { testid }, autocomplete: 'off', spellcheck: 'true',
  });
  const sendBtn = h('button', { type: 'submit', class: 'icon-btn send-btn', 'aria-label': 'Send', title: 'Send (Enter)', dataset: { testid: `${testid}-send` } }, icon('send', 18));
  const popup = h('div', { class: 'mention-popup', id: listId, role: 'listbox', 'aria-label': 'Mention someone', hidden: true, dataset: { testid: 'mention-list' } });
  const form = h('form', { class: 'composer', onsubmit: (e) => { e.preventDefault(); send(); } },
    popup, h('div', { class: 'composer-box' }, textarea, sendBtn),
    h('p', { class: 'composer-hint', 'aria-hidden': 'true' }, h('kbd', null, 'Enter'), ' to send, ', h('kbd', null, 'Shift'), '+', h('kbd', null, 'Enter'), ' for a new line'));

  let lastTyping = 0;
  let typingSent = false;
  let sending = false;
  let options = [];
  let activeIndex = 0;
  let mentionStart = -1;

  function grow() {
    textarea.style.height = 'auto';
    textarea.style.height = `${Math.min(textarea.scrollHeight, window.innerHeight * 0.4)}px`;
  }

  function typing(stopped) {
    const target = typingTarget();
    if (!target) return;
    const body = { channel: target.channel };
    if (target.thread) body.thread = target.thread;
    if (stopped) body.stopped = true;
    api.post('/v1/typing', body).catch(() => {}); // typing is best effort
  }

  function onInput() {
    grow();
    const text = textarea.value;
    const now = Date.now();
    if (text.trim()) {
      if (now - lastTyping >= TYPING_EVERY_MS) {
        lastTyping = now;
        typingSent = true;
        typing(false);
      }
    } else if (typingSent) {
      stopTyping();
    }
    updateMentions();
  }

  function stopTyping() {
    if (!typingSent) return;
    typingSent = false;
    lastTyping = 0;
    typing(true);
  }

  async function send() {
    const text = textarea.value.trim();
    if (!text || sending) return;
    sending = true;
    sendBtn.disabled = true;
    try {
      await onSend(text);
      textarea.value = '';
      typingSent = false; // posting ends typing on the node
      lastTyping = 0;
      grow();
      closeMentions();
    } catch (e) {
      showError(e, 'Not sent');
    } finally {
      sending = false;
      sendBtn.disabled = false;
      textarea.focus();
    }
  }

  // ---------- mentions ----------

  function candidates(query) {
    const q = query.toLowerCase();
    const people = [...store.get().presence.values()]
      .filter((p) => !isSelf(p.id) && p.name.toLowerCase().startsWith(q))
      .sort((a, b) => (b.online - a.online) || a.name.localeCompare(b.name))
      .slice(0, 8)
      .map((p) => ({ insert: p.name, person: p }));
    const special = [['here', 'notify everyone online here'], ['channel', 'notify everyone in this conversation']]
      .filter(([w]) => w.startsWith(q))
      .map(([w, d]) => ({ insert: w, description: d }));
    return people.concat(special);
  }

  function updateMentions() {
    const caret = textarea.selectionStart;
    const before = textarea.value.slice(0, caret);
    const m = /(^|\s)@([\w.-]*)$/.exec(before);
    if (!m) return closeMentions();
    mentionStart = caret - m[2].length - 1;
    options = candidates(m[2]);
    if (!options.length) return closeMentions();
    activeIndex = Math.min(activeIndex, options.length - 1);
    popup.replaceChildren(...options.map((o, i) => h('div', {
      role: 'option', id: `${listId}-${i}`, class: 'mention-option', 'aria-selected': i === activeIndex ? 'true' : 'false',
      dataset: { testid: 'mention-option', value: o.insert },
      onmousedown: (e) => { e.preventDefault(); choose(i); },
    },
    o.person ? avatar(o.person.id, o.person.name, { size: 20 }) : h('span', { class: 'mention-at', 'aria-hidden': 'true' }, '@'),
    h('span', { class: 'mention-name' }, o.person ? o.person.name : `@${o.insert}`),
    h('span', { class: 'muted' }, o.person ? statusLine(o.person) : o.description))));
    popup.hidden = false;
    textarea.setAttribute('aria-activedescendant', `${listId}-${activeIndex}`);
  }

  function closeMentions() {
    popup.hidden = true;
    options = [];
    activeIndex = 0;
    textarea.removeAttribute('aria-activedescendant');
  }

  function choose(i) {
    const o = options[i];
    if (!o) return;
    const caret = textarea.selectionStart;
    const value = textarea.value;
    const insert = `@${o.insert} `;
    textarea.value = value.slice(0, mentionStart) + insert + value.slice(caret);
    const pos = mentionStart + insert.length;
    textarea.setSelectionRange(pos, pos);
    closeMentions();
    onInput();
  }

  function moveActive(step) {
    activeIndex = (activeIndex + step + options.length) % options.length;
    updateMentions();
  }

  textarea.addEventListener('input', onInput);
  textarea.addEventListener('blur', () => {
    stopTyping();
    setTimeout(closeMentions, 100);
  });
  textarea.addEventListener('click', updateMentions);
  textarea.addEventListener('keydown', (e) => {
    if (e.isComposing) return;
    const open = !popup.hidden && options.length;
    if (open) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        moveActive(e.key === 'ArrowDown' ? 1 : -1);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        choose(activeIndex);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        closeMentions();
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      send();
    } else if (e.key === 'ArrowUp' && !textarea.value && onEditLast) {
      if (onEditLast()) e.preventDefault();
    } else if (e.key === 'Escape' && onEscape) {
      e.preventDefault();
      onEscape();
    }
  });

  return {
    el: form,
    textarea,
    focus: () => textarea.focus(),
    destroy: () => stopTyping(),
  };
}
