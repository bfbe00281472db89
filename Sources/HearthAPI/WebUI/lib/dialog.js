// Modal dialogs on the native <dialog> element (focus kept inside, Esc closes, focus returns).
import { h, nextId } from './dom.js';

/**
 * Opens a modal. `build(close)` returns the body; returns { dialog, close }.
 * The dialog is removed when it closes; focus goes back to where it was.
 */
export function openDialog({ title, build, className = '', testid, onClose }) {
  const titleId = nextId('dlg');
  const opener = document.activeElement;
  const dialog = h('dialog', { class: `dialog ${className}`, 'aria-labelledby': titleId, dataset: testid ? { testid } : null });
  const close = (value) => {
    if (dialog.open) dialog.close(value ?? '');
  };
  dialog.addEventListener('close', () => {
    dialog.remove();
    onClose?.(dialog.returnValue);
    if (opener && opener.isConnected) opener.focus();
  });
  dialog.addEventListener('click', (e) => {
    if (e.target === dialog) close(); // a click on the backdrop
  });
  dialog.append(h('h2', { id: titleId, class: 'dialog-title' }, title), build(close));
  document.body.append(dialog);
  dialog.showModal();
  return { dialog, close };
}

/** Asks a yes/no question; resolves true when confirmed. */
export function confirmDialog({ title, text, confirm = 'OK', danger = false, testid }) {
  return new Promise((resolve) => {
    let answer = false;
    openDialog({
      title,
      testid,
      onClose: () => resolve(answer),
      build: (close) => h('div', null,
        h('p', null, text),
        h('div', { class: 'dialog-actions' },
          h('button', { type: 'button', class: 'btn', onclick: () => close() }, 'Cancel'),
          h('button', { type: 'button', class: `btn ${danger ? 'danger' : 'primary'}`, dataset: { testid: 'confirm' }, onclick: () => { answer = true; close(); } }, confirm))),
    });
  });
}
