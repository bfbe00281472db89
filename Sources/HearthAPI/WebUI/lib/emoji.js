// A small reaction picker: a popover grid of common emoji plus a field for any other.
import { h } from './dom.js';

export const EMOJI = [
  ['👍', 'thumbs up'], ['👎', 'thumbs down'], ['😂', 'laughing'], ['❤️', 'heart'], ['🎉', 'party'],
  ['😮', 'surprised'], ['😢', 'sad'], ['🔥', 'fire'], ['🎯', 'bullseye'], ['👀', 'eyes'],
  ['🙏', 'thanks'], ['💯', 'hundred'], ['✅', 'check'], ['❌', 'cross'], ['🚀', 'rocket'],
  ['🤔', 'thinking'], ['😎', 'cool'], ['💀', 'skull'], ['🏆', 'trophy'], ['⚡', 'zap'],
  ['🍕', 'pizza'], ['☕', 'coffee'], ['👋', 'wave'], ['🤝', 'handshake'],
];

let open = null;

/** Closes the open picker, if any. */
export function closePicker() {
  if (open) open.close();
}

/** Opens the picker under `anchor`; `onPick(emoji)` is called with the chosen one. */
export function openPicker(anchor, onPick) {
  closePicker();
  const pick = (emoji) => {
    close();
    onPick(emoji);
  };
  const buttons = EMOJI.map(([e, name]) => h('button', { type: 'button', class: 'emoji-btn', 'aria-label': name, title: name, dataset: { testid: 'emoji-option', emoji: e }, onclick: () => pick(e) }, e));
  const other = h('input', { type: 'text', class: 'input emoji-other', 'aria-label': 'Any other emoji', placeholder: 'Other…', maxlength: '16' });
  const grid = h('div', { class: 'emoji-grid', role: 'group', 'aria-label': 'Emoji' }, buttons);
  const pop = h('div', { class: 'popover emoji-picker', role: 'dialog', 'aria-label': 'Add a reaction', dataset: { testid: 'emoji-picker' } },
    grid,
    h('form', { class: 'emoji-form', onsubmit: (e) => { e.preventDefault(); const v = other.value.trim(); if (v) pick(v); } },
      other, h('button', { type: 'submit', class: 'btn small' }, 'Add')));

  const COLS = 8;
  grid.addEventListener('keydown', (e) => {
    const i = buttons.indexOf(document.activeElement);
    if (i < 0) return;
    const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: COLS, ArrowUp: -COLS }[e.key];
    if (step) {
      e.preventDefault();
      buttons[Math.min(buttons.length - 1, Math.max(0, i + step))].focus();
    }
  });
  const onKey = (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  };
  const onOutside = (e) => {
    if (!pop.contains(e.target) && e.target !== anchor && !anchor.contains(e.target)) close();
  };
  function close() {
    pop.remove();
    document.removeEventListener('pointerdown', onOutside, true);
    open = null;
    if (anchor.isConnected) anchor.focus();
  }
  pop.addEventListener('keydown', onKey);
  document.addEventListener('pointerdown', onOutside, true);
  document.body.append(pop);
  place(pop, anchor);
  buttons[0].focus();
  open = { close };
  return open;
}

/** Positions a fixed popover next to its anchor, inside the window. */
export function place(pop, anchor) {
  const r = anchor.getBoundingClientRect();
  const w = pop.offsetWidth;
  const ph = pop.offsetHeight;
  let top = r.bottom + 6;
  if (top + ph > window.innerHeight - 8) top = Math.max(8, r.top - ph - 6);
  const left = Math.min(window.innerWidth - w - 8, Math.max(8, r.right - w));
  pop.style.top = `${top}px`;
  pop.style.left = `${left}px`;
}
