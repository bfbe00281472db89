// Toasts: short messages in a corner; errors are announced assertively, the rest politely.
import { h } from './dom.js';

let region;
let alertRegion;
function regions() {
  if (!region) {
    const wrap = h('div', { class: 'toasts' });
    region = h('div', { role: 'status', 'aria-live': 'polite', class: 'toast-stack' });
    alertRegion = h('div', { role: 'alert', class: 'toast-stack' });
    wrap.append(alertRegion, region);
    document.body.append(wrap);
  }
  return { region, alertRegion };
}

/** Shows `message`; kind 'error' | 'info' | 'success'. */
export function toast(message, kind = 'info', ms = kind === 'error' ? 7000 : 3500) {
  const { region: polite, alertRegion: assertive } = regions();
  const el = h('div', { class: `toast ${kind}`, dataset: { testid: 'toast', kind } },
    h('span', { class: 'toast-text' }, message),
    h('button', { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss', onclick: () => el.remove() }, '×'));
  (kind === 'error' ? assertive : polite).append(el);
  setTimeout(() => el.remove(), ms);
  return el;
}

/** Shows an API error (or any error) as a toast, with the node's message; never a stack. */
export function showError(error, prefix) {
  if (error?.name === 'AbortError') return;
  const message = error?.message || 'Something went wrong.';
  toast(prefix ? `${prefix}: ${message}` : message, 'error');
}
