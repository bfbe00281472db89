// Desktop notifications (the browser Notification API) and the page title's unread count.
// Permission is only asked from a button the user presses; nothing is shown while we are dnd.
import { store, on, me, convHref } from './hearth.js';

export const supported = () => 'Notification' in window;
export const permission = () => (supported() ? Notification.permission : 'unsupported');

/** Asks the browser for permission (call from a click); resolves the new permission. */
export async function askPermission() {
  if (!supported()) return 'unsupported';
  const result = await Notification.requestPermission();
  store.set({ notifyPermission: result });
  return result;
}

function show(n) {
  if (permission() !== 'granted' || n.held || n.read) return;
  if (me()?.status === 'dnd') return;
  // Nothing for the conversation the user is looking at.
  if (document.visibilityState === 'visible' && document.hasFocus() && store.get().viewing === n.conversation) return;
  try {
    const note = new Notification(n.title, { body: n.body, tag: `hearth-${n.id}` });
    note.onclick = () => {
      window.focus();
      location.hash = `${convHref(n.conversation)}${n.message?.threadRoot ? `?thread=${encodeURIComponent(n.message.threadRoot)}` : ''}`;
      note.close();
    };
  } catch {
    /* some browsers only allow notifications from a service worker */
  }
}

export function startNotifier() {
  store.set({ notifyPermission: permission() });
  on('notification.new', (e) => show(e.notification));
  const title = () => {
    const n = store.get().unreadNotifications;
    document.title = n > 0 ? `(${n}) Hearth` : 'Hearth';
  };
  store.subscribe(['unreadNotifications'], title);
  title();
}
