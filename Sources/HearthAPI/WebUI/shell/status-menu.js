// Your own status: a button in the sidebar (name, dot, status) opening a small menu to set
// online / away / do not disturb and a status text (PUT /v1/presence/me).
import { h, nextId } from '../lib/dom.js';
import { api } from '../lib/api.js';
import { store, me } from '../lib/hearth.js';
import { showError } from '../lib/toast.js';
import { avatar, statusLine, gameText } from '../lib/people.js';
import { place } from '../lib/emoji.js';

const CHOICES = [['online', 'Online'], ['away', 'Away'], ['dnd', 'Do not disturb']];

export function statusButton() {
  const btn = h('button', { type: 'button', class: 'me-btn', 'aria-haspopup': 'dialog', 'aria-expanded': 'false', dataset: { testid: 'status-button' } });
  const render = () => {
    const p = me();
    const name = p?.name ?? store.get().status?.name ?? '…';
    btn.replaceChildren(
      avatar(store.get().nodeId ?? '', name, { size: 28 }),
      h('span', { class: 'me-text' }, h('span', { class: 'me-name', dataset: { testid: 'my-name' } }, name), h('span', { class: 'me-status' }, statusLine(p))));
    btn.setAttribute('aria-label', `${name}, ${statusLine(p)}. Set your status`);
  };
  render();
  store.subscribe(['presence', 'nodeId', 'status'], render);
  btn.addEventListener('click', () => openMenu(btn));
  return btn;
}

function openMenu(anchor) {
  if (document.querySelector('.status-menu')) return;
  const p = me() ?? { status: 'online', text: '' };
  const titleId = nextId('st');
  const radios = CHOICES.map(([value, label]) => {
    const id = nextId('st');
    return h('label', { for: id, class: 'radio-row' },
      h('input', { type: 'radio', name: 'status', id, value, checked: p.status === value || (value === 'online' && p.status === 'idle'), dataset: { testid: `status-${value}` } }),
      h('span', { class: `dot-sample`, dataset: { status: value }, 'aria-hidden': 'true' }), label);
  });
  const textId = nextId('st');
  const text = h('input', { id: textId, class: 'input', maxlength: '100', value: p.text ?? '', placeholder: 'What are you up to?', dataset: { testid: 'status-text' } });
  const form = h('form', null,
    h('fieldset', { class: 'radio-group' }, h('legend', { class: 'sr-only' }, 'Status'), radios),
    h('label', { for: textId, class: 'field-label' }, 'Status text'), text,
    p.game ? h('p', { class: 'muted small' }, gameText(p.game)) : null,
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'button', class: 'btn', dataset: { testid: 'status-clear' }, onclick: () => save({ status: 'online', text: '' }) }, 'Clear'),
      h('button', { type: 'submit', class: 'btn primary', dataset: { testid: 'status-save' } }, 'Save')));
  const pop = h('div', { class: 'popover status-menu', role: 'dialog', 'aria-labelledby': titleId, dataset: { testid: 'status-menu' } },
    h('h2', { id: titleId, class: 'popover-title' }, 'Your status'), form);

  async function save(body) {
    try {
      const entry = await api.put('/v1/presence/me', body);
      const presence = new Map(store.get().presence);
      presence.set(entry.id, entry);
      store.set({ presence });
      close();
    } catch (e) {
      showError(e, 'Status');
    }
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const status = form.querySelector('input[name=status]:checked')?.value ?? 'online';
    save({ status, text: text.value.trim() });
  });
  const onOutside = (e) => {
    if (!pop.contains(e.target) && !anchor.contains(e.target)) close();
  };
  pop.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  });
  function close() {
    pop.remove();
    anchor.setAttribute('aria-expanded', 'false');
    document.removeEventListener('pointerdown', onOutside, true);
    anchor.focus();
  }
  document.addEventListener('pointerdown', onOutside, true);
  document.body.append(pop);
  anchor.setAttribute('aria-expanded', 'true');
  place(pop, anchor);
  pop.style.left = `${Math.max(8, anchor.getBoundingClientRect().left)}px`;
  (form.querySelector('input[name=status]:checked') ?? radios[0].querySelector('input')).focus();
}
