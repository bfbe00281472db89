// The network: this node, its peers (address, round trip, since when), the nodes seen on the
// LAN (other networks marked), and the invite as text and QR code.
import { h, icon } from '../../lib/dom.js';
import { api } from '../../lib/api.js';
import { on } from '../../lib/hearth.js';
import { formatRtt, formatAgo, formatFull } from '../../lib/format.js';
import { showError, toast } from '../../lib/toast.js';
import { dot } from '../../lib/people.js';

let state = null;

const dl = (pairs) => h('dl', { class: 'facts' }, pairs.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v)]));

function table(caption, head, rows, empty, testid) {
  if (!rows.length) return h('p', { class: 'muted', dataset: { testid: `${testid}-empty` } }, empty);
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table', dataset: { testid } },
    h('caption', { class: 'sr-only' }, caption),
    h('thead', null, h('tr', null, head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', null, rows)));
}

export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Older browsers, or no permission: select and copy.
    const ta = h('textarea', { class: 'offscreen', 'aria-hidden': 'true' });
    ta.value = text;
    document.body.append(ta);
    ta.select();
    document.execCommand('copy');
    ta.remove();
  }
  toast('Copied.', 'success');
}

async function load() {
  const s = state;
  const [status, peers, discovered, invite] = await Promise.allSettled([
    api.get('/v1/status'), api.get('/v1/peers'), api.get('/v1/peers/discovered'), s.inviteText ? null : api.get('/v1/invite'),
  ]);
  if (state !== s) return;
  if (status.status === 'fulfilled') {
    const st = status.value;
    s.node.replaceChildren(dl([
      ['Name', st.name], ['Node id', h('code', { class: 'mono wrap' }, st.nodeID)],
      ['Network', `${st.network} (tag ${st.networkTag})`], ['Listening on', st.listen ?? '—'],
      ['Peers', String(st.peers)], ['Ops stored', `${st.opsStored} from ${st.authors} authors`],
      ['Pending changes', String(st.pendingChanges)], ['Signing', st.signing ? 'yes' : 'no: learning its own log from peers'],
      ['Up since', h('span', { title: formatFull(st.startedAt) }, formatAgo(st.startedAt))], ['Version', st.version],
      ['Data folder', h('code', { class: 'mono wrap' }, st.dataFolder)],
    ]));
  } else showError(status.reason);
  if (peers.status === 'fulfilled') {
    s.peers.replaceChildren(table('Connected peers', ['Name', 'Address', 'Direction', 'Round trip', 'Since'],
      peers.value.map((p) => h('tr', { dataset: { testid: 'peer-row', nodeId: p.id } },
        h('td', null, dot(p.id), ' ', p.name), h('td', { class: 'mono' }, p.address), h('td', null, p.direction),
        h('td', null, formatRtt(p.roundTripMs)), h('td', { title: formatFull(p.connectedSince) }, formatAgo(p.connectedSince)))),
      'No peer is connected. Nodes of this network on the LAN link up by themselves; elsewhere, start a node with --peer HOST:PORT.', 'peers'));
  }
  if (discovered.status === 'fulfilled') {
    s.discovered.replaceChildren(table('Nodes seen on the LAN', ['Name', 'Addresses', 'Network', 'Linked'],
      discovered.value.map((p) => h('tr', { dataset: { testid: 'discovered-row', nodeId: p.id, sameNetwork: String(p.sameNetwork) } },
        h('td', null, p.name), h('td', { class: 'mono' }, p.addresses.join(', ')),
        h('td', null, p.sameNetwork ? 'this network' : h('span', { class: 'tag warn' }, 'other network')),
        h('td', null, p.connected ? 'yes' : 'no'))),
      'No other Hearth node has been seen on the LAN (discovery may be off).', 'discovered'));
  }
  if (invite.status === 'fulfilled' && invite.value && s.inviteText !== invite.value.invite) {
    const text = invite.value.invite;
    s.inviteText = text;
    s.invite.replaceChildren(
      h('p', { class: 'muted' }, `Anyone with this invite can join ${invite.value.network} and read its channels. Share it only with the people you mean.`),
      h('div', { class: 'invite-row' },
        h('input', { class: 'input mono', readonly: true, value: text, 'aria-label': 'Invite', dataset: { testid: 'invite-text' } }),
        h('button', { type: 'button', class: 'btn', dataset: { testid: 'copy-invite' }, onclick: () => copyText(text) }, icon('copy', 16), 'Copy')),
      h('img', {
        class: 'qr', src: '/v1/invite/qr.svg', alt: `QR code of the invite to ${invite.value.network}`, width: '200', height: '200', dataset: { testid: 'invite-qr' },
        onerror: (e) => e.target.replaceWith(h('p', { class: 'muted small' }, 'The QR code is not available from this node.')),
      }));
  }
}

export default {
  id: 'network',
  title: 'Network',
  route: '/network',
  sidebar: { label: 'Network', icon: 'network', order: 40, testid: 'nav-network' },
  mount(el) {
    const section = (title, id, body) => h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), body);
    state = { node: h('div', null, 'Loading…'), peers: h('div'), discovered: h('div'), invite: h('div'), offs: [] };
    el.append(h('section', { class: 'page', 'aria-labelledby': 'net-title' },
      h('header', { class: 'page-header' }, h('h1', { id: 'net-title' }, 'Network')),
      h('div', { class: 'grid' },
        section('This node', 'net-node', state.node),
        section('Invite', 'net-invite', state.invite)),
      section('Peers', 'net-peers', state.peers),
      section('Seen on the LAN', 'net-lan', state.discovered)));
    load();
    const again = () => load().catch(() => {});
    state.offs.push(on('peer.connected', again), on('peer.disconnected', again), on('resync', again));
    state.timer = setInterval(again, 5000);
  },
  unmount() {
    clearInterval(state?.timer);
    state?.offs.forEach((off) => off());
    state = null;
  },
};
