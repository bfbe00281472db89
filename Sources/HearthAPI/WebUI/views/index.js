// Every view, in one list. A view is a folder under views/ exporting a registration:
//
//   export default {
//     id: 'network',                 // unique; the shell marks the view's element data-view="network"
//     title: 'Network',              // shown in the quick switcher and the sidebar
//     route: '/network',             // hash route (#/network); ':name' matches one path segment
//     sidebar: { label, icon, order, testid, badge() },  // optional: an entry in the sidebar's app
//                                    // list; icon names an icon in lib/dom.js, badge() returns a live element
//     mount(el, ctx) {},             // render into el; ctx = { params, query, panel, navigate };
//                                    // panel.show(node, label, onHide) / panel.hide() is the side panel
//     update(ctx) { return true },   // optional: same route, new params/query; false = mount again
//     unmount() {},                  // stop timers, unsubscribe; el is emptied by the shell
//   };
//
// Adding an app (documents, boards, whiteboards, stats, files) is its folder and one line below.
import chat from './chat/chat.js';
import dms, { newDmView } from './dms/dms.js';
import notifications from './notifications/notifications.js';
import search from './search/search.js';
import presence from './presence/presence.js';
import network from './network/network.js';
import settings from './settings/settings.js';
import stats, { statsDetail } from './stats/stats.js';
import dashboard from './dashboard/dashboard.js';

export const views = [chat, newDmView, dms, notifications, search, presence, dashboard, stats, statsDetail, network, settings];
