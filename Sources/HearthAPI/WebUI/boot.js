// Runs before the first paint, as a classic script: applies the saved theme, and starts the
// requests the first screen needs (status, unread counts, the conversation's latest messages)
// while the modules load. lib/api.js takes these over (bootRequest).
(function () {
  var pref = 'system';
  var last = null;
  try {
    pref = localStorage.getItem('hearth.theme') || 'system';
    last = localStorage.getItem('hearth.last');
  } catch (e) { /* storage off */ }
  var dark = pref === 'dark' || (pref === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';

  if (!window.fetch) return;
  var get = function (path) {
    return fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  };
  var hash = location.hash;
  var m = /^#\/c\/([^?/]+)/.exec(hash);
  var conv = m ? decodeURIComponent(m[1]) : (!hash || hash === '#') ? (last || 'general') : null;
  var boot = { status: get('/v1/status'), unread: get('/v1/chat/unread'), conv: conv, messages: null };
  if (conv) {
    var kind = conv.charAt(0) === '@' ? '/v1/chat/dms/' : '/v1/chat/channels/';
    boot.messages = get(kind + encodeURIComponent(conv) + '/messages?limit=100');
  }
  window.hearthBoot = boot;
})();
