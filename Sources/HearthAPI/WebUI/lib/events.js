// The live event stream (/v1/events): reconnects with exponential backoff and jitter, resumes
// after the last event it saw (`?since=`), and on `resync` asks its owner to fetch state again.

const BASE_MS = 500;
const MAX_MS = 10_000; // a node restart on the same machine should not keep the UI waiting long
const OFFLINE_AFTER = 4; // failed attempts in a row before we say "offline"

export class EventStream {
  /**
   * @param {object} o
   * @param {(event: object) => void} o.onEvent every event but resync, in order, each once
   * @param {() => Promise<void>|void} o.onResync the node lost our place: fetch the state again
   * @param {(state: string, detail: object) => void} o.onState connecting | live | reconnecting | offline | unauthorized
   */
  constructor({ onEvent, onResync, onState, url }) {
    this.onEvent = onEvent;
    this.onResync = onResync;
    this.onState = onState;
    this.url = url ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/v1/events`;
    this.lastSeq = null;
    this.attempts = 0;
    this.state = 'connecting';
    this.ws = null;
    this.timer = 0;
    this.stopped = false;
    this.retryAt = 0;
    window.addEventListener('online', () => this.retryNow());
    window.addEventListener('offline', () => this.setState('offline'));
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.retryNow();
    });
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.ws) this.ws.close(1000);
  }

  /** Reconnects at once (the browser came back online, or the user asked). */
  retryNow() {
    if (this.stopped || (this.ws && this.ws.readyState <= 1)) return;
    clearTimeout(this.timer);
    this.connect();
  }

  setState(state, detail = {}) {
    this.state = state;
    this.onState?.(state, detail);
  }

  connect() {
    clearTimeout(this.timer);
    if (this.attempts === 0 && this.lastSeq == null) this.setState('connecting');
    const url = this.lastSeq == null ? this.url : `${this.url}?since=${this.lastSeq}`;
    let ws;
    try {
      ws = new WebSocket(url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    let resyncing = false;
    const fresh = this.lastSeq == null;
    ws.onopen = () => {
      this.attempts = 0;
      this.setState('live');
      // Back after a break with no event seen yet: nothing to resume from, so what happened
      // meanwhile is only in the state. Fetch it again.
      if (fresh && this.opened) Promise.resolve(this.onResync?.({ reason: 'reconnected' })).catch(() => {});
      this.opened = true;
    };
    ws.onmessage = (msg) => {
      let event;
      try { event = JSON.parse(msg.data); } catch { return; }
      if (event.type === 'hello') {
        // Where the stream starts: a client that has seen no event yet resumes after it.
        const seq = event.hello?.seq;
        if (typeof seq === 'number' && (this.lastSeq == null || seq > this.lastSeq) && fresh) this.lastSeq = seq;
        return;
      }
      if (event.type === 'resync') {
        resyncing = true;
        this.lastSeq = event.resync?.seq ?? event.seq ?? null;
        Promise.resolve(this.onResync?.(event.resync)).catch(() => {});
        return;
      }
      if (typeof event.seq === 'number') {
        if (this.lastSeq != null && event.seq <= this.lastSeq) return; // replayed twice
        this.lastSeq = event.seq;
      }
      try { this.onEvent(event); } catch (e) { console.error('event handler failed', event.type, e); }
    };
    ws.onclose = (e) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.stopped) return;
      if (e.code === 4401) {
        this.setState('unauthorized');
        return;
      }
      if (resyncing) {
        this.connect(); // subscribe again from the seq the node gave
        return;
      }
      this.scheduleReconnect();
    };
  }

  scheduleReconnect() {
    this.attempts += 1;
    // Exponential backoff with "equal jitter": half fixed, half random.
    const cap = Math.min(MAX_MS, BASE_MS * 2 ** (this.attempts - 1));
    const delay = cap / 2 + Math.random() * (cap / 2);
    this.retryAt = Date.now() + delay;
    const offline = navigator.onLine === false || this.attempts >= OFFLINE_AFTER;
    this.setState(offline ? 'offline' : 'reconnecting', { retryAt: this.retryAt, attempts: this.attempts });
    this.timer = setTimeout(() => this.connect(), delay);
  }
}
