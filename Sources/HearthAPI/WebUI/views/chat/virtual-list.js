// A virtualised, bottom-anchored message list: only rows near the viewport are in the DOM.
// Row heights are measured once rendered (fractional px) and cached by id (estimates until then); the first row
// in view keeps its place on screen whatever changes above it (older pages, re-measured rows);
// at the bottom, new rows keep the list at the bottom. Rows have a roving tabindex: one row is in
// the tab order, arrow keys move between rows.

const OVERSCAN = 900; // px rendered above and below the viewport
const NEAR_TOP = 1200; // px from the top at which older messages are asked for

export class VirtualList {
  /**
   * @param {object} o
   * @param {HTMLElement} o.scroller the scrolling element (position: relative)
   * @param {(item, prev, index) => HTMLElement} o.renderRow builds a row (role=listitem)
   * @param {(item, prev) => number} o.estimate a height guess for rows not yet measured
   * @param {() => void} o.onNearTop called when scrolled near the top (load older)
   * @param {(atBottom: boolean) => void} o.onBottomChange
   * @param {string} o.label the list's accessible name
   */
  constructor({ scroller, renderRow, estimate, onNearTop, onBottomChange, label }) {
    this.scroller = scroller;
    this.renderRow = renderRow;
    this.estimate = estimate;
    this.onNearTop = onNearTop;
    this.onBottomChange = onBottomChange;
    this.items = [];
    this.index = new Map(); // id → index
    this.heights = new Map(); // id → measured px
    this.els = new Map(); // id → rendered element
    this.offsets = [0];
    this.dirty = true;
    this.atBottom = true;
    this.hasMore = true;
    this.active = -1; // the row in the tab order
    this.range = [0, 0];
    this.frame = 0;

    const doc = scroller.ownerDocument;
    this.filler = doc.createElement('div');
    this.filler.className = 'vl-filler';
    this.head = doc.createElement('div');
    this.head.className = 'vl-head';
    this.top = doc.createElement('div');
    this.top.className = 'vl-spacer';
    this.list = doc.createElement('div');
    this.list.className = 'vl-rows';
    this.list.setAttribute('role', 'list');
    this.list.setAttribute('aria-label', label);
    this.bottom = doc.createElement('div');
    this.bottom.className = 'vl-spacer';
    scroller.append(this.filler, this.head, this.top, this.list, this.bottom);

    this.onScroll = () => {
      const was = this.atBottom;
      this.atBottom = this.distanceFromBottom() < 4;
      if (was !== this.atBottom) this.onBottomChange?.(this.atBottom);
      this.schedule();
    };
    scroller.addEventListener('scroll', this.onScroll, { passive: true });
    this.resize = new ResizeObserver(() => this.schedule());
    this.resize.observe(scroller);
    this.resize.observe(this.list);
    this.lastWidth = 0;
    this.list.addEventListener('keydown', (e) => this.onKey(e));
    this.list.addEventListener('focusin', (e) => {
      const row = e.target.closest('[data-row-index]');
      if (row) this.activate(Number(row.dataset.rowIndex));
    });
  }

  destroy() {
    cancelAnimationFrame(this.frame);
    this.resize.disconnect();
    this.scroller.removeEventListener('scroll', this.onScroll);
  }

  distanceFromBottom() {
    const s = this.scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight;
  }

  // ---------- items ----------

  reindex(from = 0) {
    for (let i = from; i < this.items.length; i++) this.index.set(this.items[i].id, i);
    this.dirty = true;
  }

  /** Replaces everything and shows the bottom (or the row `scrollTo`). */
  setItems(items, { scrollTo } = {}) {
    this.items = items.slice();
    this.index.clear();
    this.els.clear();
    this.list.replaceChildren();
    this.reindex();
    this.active = this.items.length - 1;
    this.atBottom = !scrollTo;
    this.render();
    if (scrollTo && this.index.has(scrollTo)) this.scrollToId(scrollTo);
    else this.scrollToBottom();
  }

  /** Adds older items above; what is on screen stays where it is. */
  prepend(items) {
    if (!items.length) return;
    const anchor = this.anchor();
    const first = this.items[0];
    this.items = items.concat(this.items);
    if (this.active >= 0) this.active += items.length;
    this.index.clear();
    this.reindex();
    if (first) this.forget(first.id); // its "previous" row changed (grouping, day divider)
    this.render(anchor);
  }

  /** Adds newer items below; follows them when at the bottom. */
  append(items) {
    if (!items.length) return;
    const stick = this.atBottom;
    const wasLast = this.active === this.items.length - 1;
    const from = this.items.length;
    this.items = this.items.concat(items);
    this.reindex(from);
    if (wasLast || this.active < 0) this.active = this.items.length - 1;
    this.render(stick ? null : this.anchor());
    if (stick) this.scrollToBottom();
  }

  /** Re-renders the row of this item (changed text, reactions, …) and the one after it. */
  update(item) {
    const i = this.index.get(item.id);
    if (i == null) return;
    this.items[i] = item;
    this.forget(item.id);
    this.render();
  }

  /** Re-renders one row (by id) on the next frame. */
  refresh(id) {
    if (this.index.has(id)) {
      this.forget(id);
      this.schedule();
    }
  }

  /** Re-renders every row (e.g. a name or the divider moved). */
  refreshAll() {
    for (const id of [...this.els.keys()]) this.forget(id);
    this.schedule();
  }

  has(id) {
    return this.index.has(id);
  }

  get(id) {
    const i = this.index.get(id);
    return i == null ? null : this.items[i];
  }

  forget(id) {
    const el = this.els.get(id);
    if (el) {
      this.els.delete(id);
      el.dataset.stale = '1';
    }
  }

  // ---------- geometry ----------

  heightOf(i) {
    const item = this.items[i];
    return this.heights.get(item.id) ?? this.estimate(item, this.items[i - 1]);
  }

  layout() {
    if (!this.dirty) return;
    const n = this.items.length;
    const offsets = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + this.heightOf(i);
    this.offsets = offsets;
    this.dirty = false;
  }

  /** The index of the row at y (list coordinates). */
  indexAt(y) {
    const o = this.offsets;
    let lo = 0;
    let hi = this.items.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (o[mid] <= y) lo = mid;
      else hi = mid - 1;
    }
    return Math.max(0, lo);
  }

  base() {
    return this.top.offsetTop;
  }

  /** The first row in view and how far its top is from the viewport's top. */
  anchor() {
    if (!this.items.length) return null;
    this.layout();
    const y = this.scroller.scrollTop - this.base();
    const i = this.indexAt(Math.max(0, y));
    return { id: this.items[i].id, delta: this.offsets[i] - y };
  }

  restore(anchor) {
    const i = this.index.get(anchor.id);
    if (i == null) return;
    this.layout();
    const want = this.base() + this.offsets[i] - anchor.delta;
    if (Math.abs(this.scroller.scrollTop - want) >= 1) this.scroller.scrollTop = want;
  }

  // ---------- rendering ----------

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** Renders the rows near the viewport, measures them and keeps `anchor` (default: the current one) still. */
  render(anchor) {
    const width = this.scroller.clientWidth;
    if (width !== this.lastWidth) {
      if (this.lastWidth) this.heights.clear(); // wrapping changed: measure again
      this.lastWidth = width;
      this.dirty = true;
    }
    const stick = this.atBottom;
    const keep = anchor === undefined ? (stick ? null : this.anchor()) : anchor;
    for (let pass = 0; pass < 3; pass++) {
      const changed = this.renderPass();
      if (keep) this.restore(keep);
      if (!changed) break;
    }
    if (stick) this.scroller.scrollTop = this.scroller.scrollHeight;
    this.atBottom = this.distanceFromBottom() < 4;
    const y = this.scroller.scrollTop - this.base();
    if (this.hasMore && y < NEAR_TOP && this.items.length) this.onNearTop?.();
  }

  /** One pass: DOM for the range, then measurement; true if a height changed. */
  renderPass() {
    this.layout();
    const n = this.items.length;
    const y = this.scroller.scrollTop - this.base();
    const h = this.scroller.clientHeight;
    const start = n ? this.indexAt(Math.max(0, y - OVERSCAN)) : 0;
    const end = n ? Math.min(n, this.indexAt(y + h + OVERSCAN) + 1) : 0;
    this.range = [start, end];
    if (this.active < start || this.active >= end) {
      // Keep one rendered row in the tab order: the last one in view.
      this.active = n ? Math.min(end - 1, Math.max(start, this.indexAt(y + h - 1))) : -1;
    }

    const want = [];
    for (let i = start; i < end; i++) {
      const item = this.items[i];
      let el = this.els.get(item.id);
      if (!el) {
        el = this.renderRow(item, this.items[i - 1], i);
        this.els.set(item.id, el);
      }
      el.dataset.rowIndex = String(i);
      el.setAttribute('aria-posinset', String(i + 1));
      el.setAttribute('aria-setsize', this.hasMore ? '-1' : String(n));
      this.setTabbable(el, i === this.active);
      want.push(el);
    }
    this.reconcile(want);
    for (const id of [...this.els.keys()]) {
      const i = this.index.get(id);
      if (i == null || i < start || i >= end) this.els.delete(id);
    }

    let changed = false;
    for (let i = start; i < end; i++) {
      const id = this.items[i].id;
      const px = this.els.get(id).getBoundingClientRect().height; // fractional: no drift over many rows
      const known = this.heights.get(id);
      if (known === undefined || Math.abs(known - px) > 0.25) {
        this.heights.set(id, px);
        changed = true;
      }
    }
    if (changed) this.dirty = true;
    this.layout();
    this.top.style.height = `${this.offsets[start]}px`;
    this.bottom.style.height = `${this.offsets[n] - this.offsets[end]}px`;
    return changed;
  }

  /** Puts exactly `want` in the list, in order, moving as little as possible (keeps focus). */
  reconcile(want) {
    const keep = new Set(want);
    const focused = this.list.contains(document.activeElement) ? document.activeElement : null;
    for (const child of [...this.list.children]) {
      if (!keep.has(child)) {
        if (focused && child.contains(focused)) this.refocus = focusKeyOf(focused, child);
        child.remove();
      }
    }
    let cursor = this.list.firstChild;
    for (const el of want) {
      if (el === cursor) cursor = cursor.nextSibling;
      else this.list.insertBefore(el, cursor);
    }
    if (this.refocus) {
      const { id, key } = this.refocus;
      const row = this.els.get(id) && want.includes(this.els.get(id)) ? this.els.get(id) : null;
      if (row) {
        const target = (key && row.querySelector(`[data-focus-key="${CSS.escape(key)}"]`)) || row;
        target.focus({ preventScroll: true });
        this.refocus = null;
      }
    }
  }

  setTabbable(row, on) {
    const t = on ? 0 : -1;
    if (row.tabIndex !== t) row.tabIndex = t;
    for (const el of row.querySelectorAll('button, a[href], [data-row-control]')) {
      if (el.tabIndex !== t) el.tabIndex = t;
    }
  }

  activate(i) {
    if (i === this.active) return;
    const old = this.items[this.active] && this.els.get(this.items[this.active].id);
    if (old) this.setTabbable(old, false);
    this.active = i;
    const el = this.items[i] && this.els.get(this.items[i].id);
    if (el) this.setTabbable(el, true);
  }

  // ---------- scrolling and focus ----------

  scrollToBottom() {
    this.atBottom = true;
    this.render(null);
    this.scroller.scrollTop = this.scroller.scrollHeight;
    this.render(null);
  }

  /** Brings a row into view (centred) and renders around it. */
  scrollToIndex(i, block = 'center') {
    this.layout();
    const h = this.scroller.clientHeight;
    const rowTop = this.base() + this.offsets[i];
    const rowH = this.heightOf(i);
    const s = this.scroller.scrollTop;
    let want = s;
    if (block === 'center') want = rowTop - (h - rowH) / 2;
    else if (rowTop < s) want = rowTop;
    else if (rowTop + rowH > s + h) want = rowTop + rowH - h;
    this.scroller.scrollTop = Math.max(0, want);
    this.atBottom = this.distanceFromBottom() < 4;
    this.render({ id: this.items[i].id, delta: this.offsets[i] - (this.scroller.scrollTop - this.base()) });
  }

  scrollToId(id, block = 'center') {
    const i = this.index.get(id);
    if (i != null) this.scrollToIndex(i, block);
    return i != null;
  }

  focusIndex(i) {
    if (!this.items.length) return;
    i = Math.max(0, Math.min(this.items.length - 1, i));
    this.activate(i);
    this.scrollToIndex(i, 'nearest');
    this.els.get(this.items[i].id)?.focus({ preventScroll: true });
  }

  focusId(id) {
    const i = this.index.get(id);
    if (i != null) this.focusIndex(i);
  }

  onKey(e) {
    const row = e.target.closest?.('[data-row-index]');
    if (!row || e.target !== row) return;
    const i = Number(row.dataset.rowIndex);
    const page = Math.max(1, Math.round(this.scroller.clientHeight / 60));
    const step = { ArrowUp: -1, ArrowDown: 1, PageUp: -page, PageDown: page }[e.key];
    if (step) {
      e.preventDefault();
      this.focusIndex(i + step);
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      this.focusIndex(e.key === 'Home' ? 0 : this.items.length - 1);
    }
  }

  /** Sets what the top of the list says: loading, the beginning, or nothing. */
  setHead(node) {
    const anchor = this.atBottom ? null : this.anchor();
    this.head.replaceChildren(...(node ? [node] : []));
    if (anchor) this.restore(anchor);
    else this.scroller.scrollTop = this.scroller.scrollHeight;
  }
}

function focusKeyOf(focused, row) {
  const keyed = focused.closest('[data-focus-key]');
  return { id: row.dataset.messageId, key: keyed && row.contains(keyed) ? keyed.dataset.focusKey : null };
}
