// Boot: load the node's state in parallel, open the event stream, build the shell (sidebar, top
// bar, main, side panel) and route hash changes to views.
import './lib/theme.js';
import { h } from './lib/dom.js';
import { onUnauthorized } from './lib/api.js';
import { store, loadAll, stream } from './lib/hearth.js';
import { createRouter, currentLocation, navigate } from './lib/router.js';
import { updateDots } from './lib/people.js';
import { startNotifier } from './lib/notifier.js';
import { views } from './views/index.js';
import { createSidebar } from './shell/sidebar.js';
import { createTopbar } from './shell/topbar.js';
import { openSwitcher } from './shell/switcher.js';

// Start everything that talks to the node first, so it runs while the shell is built.
performance.mark('hearth:app');
stream.start();
loadAll();

const router = createRouter(views);
const main = h('main', { id: 'main', class: 'main', tabindex: '-1' });
const aside = h('aside', { class: 'panel', 'aria-label': 'Details', hidden: true, dataset: { testid: 'side-panel' } });
let onPanelHide = null;

/** The side panel (threads, pins) a view may use. */
const panel = {
  show(node, label, onHide) {
    const prev = onPanelHide;
    onPanelHide = null;
    prev?.();
    onPanelHide = onHide ?? null;
    aside.setAttribute('aria-label', label);
    aside.replaceChildren(node);
    aside.hidden = false;
    app.classList.add('with-panel');
  },
  hide() {
    const prev = onPanelHide;
    onPanelHide = null;
    prev?.();
    aside.replaceChildren();
    aside.hidden = true;
    app.classList.remove('with-panel');
  },
};

const sidebar = createSidebar({ views, openSwitcher: () => openSwitcher(views) });
const topbar = createTopbar({ toggleSidebar: () => app.classList.toggle('sidebar-open') });
const banner = h('div', { class: 'banner', role: 'alert', hidden: true, dataset: { testid: 'signed-out' } });
const app = h('div', { class: 'app' },
  h('a', { href: '#main', class: 'skip-link', onclick: (e) => { e.preventDefault(); (main.querySelector('textarea') ?? main).focus(); } }, 'Skip to content'),
  sidebar,
  h('div', { class: 'workspace' }, topbar, banner, h('div', { class: 'content' }, main, aside)));
document.body.replaceChildren(app);

// ---------- routing ----------

let mounted = null; // { view, key, el }

async function route() {
  let loc = currentLocation();
  if (!loc) {
    if (location.hash && location.hash !== '#') return; // an in-page anchor, not a route
    const last = localStorage.getItem('hearth.last') || 'general';
    navigate(`/c/${encodeURIComponent(last)}`, null, { replace: true });
    return;
  }
  const match = router.match(loc.path);
  app.classList.remove('sidebar-open');
  const ctx = { params: match?.params ?? {}, query: loc.query, panel, navigate, isDefault: false };
  const key = `${match?.view.id}:${JSON.stringify(ctx.params)}`;
  if (mounted && mounted.key === key && mounted.view.update && mounted.view.update(ctx) !== false) return;
  if (mounted) {
    try { mounted.view.unmount?.(); } catch (e) { console.error(e); }
  }
  panel.hide();
  const el = h('div', { class: 'view', dataset: { view: match?.view.id ?? 'none' } });
  main.replaceChildren(el);
  if (!match) {
    mounted = null;
    el.append(h('section', { class: 'page' }, h('h1', null, 'Not found'), h('p', null, 'There is no page at this address. '), h('a', { href: '#/c/general' }, 'Go to #general')));
    return;
  }
  mounted = { view: match.view, key, el };
  try {
    await match.view.mount(el, ctx);
  } catch (e) {
    console.error(e);
  }
}
window.addEventListener('hashchange', route);

// ---------- live ----------

// Every presence dot on the page follows the store; only the entries that changed are touched.
let shownPresence = new Map();
store.subscribe(['presence'], (s) => {
  for (const [id, p] of s.presence) if (shownPresence.get(id) !== p) updateDots(p);
  shownPresence = s.presence;
});
startNotifier();

function signedOut() {
  banner.hidden = false;
  banner.textContent = "This browser is not signed in to the node any more: run 'hearth ui' on the node's machine to sign in again.";
}
onUnauthorized(signedOut);
store.subscribe(['connection'], (s) => { if (s.connection === 'unauthorized') signedOut(); });

// ---------- keyboard ----------

document.addEventListener('keydown', (e) => {
  if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
    e.preventDefault();
    openSwitcher(views);
  } else if (e.key === 'Escape' && app.classList.contains('sidebar-open')) {
    app.classList.remove('sidebar-open');
  }
});
// Narrow screens: the sidebar floats over the content; a click outside closes it.
document.addEventListener('pointerdown', (e) => {
  if (app.classList.contains('sidebar-open') && !sidebar.contains(e.target) && !e.target.closest('[data-testid=sidebar-toggle]')) {
    app.classList.remove('sidebar-open');
  }
});

route();
