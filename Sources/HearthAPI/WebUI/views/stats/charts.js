// Small inline SVG charts built with DOM calls (no markup strings). Each is one role="img" with a
// name summarising it; the figures themselves are in the tables beside the charts.
const NS = 'http://www.w3.org/2000/svg';
const W = 420;
const H = 190;
const PAD = { l: 40, r: 8, t: 10, b: 22 };

function s(tag, attrs, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs ?? {})) if (v != null) el.setAttribute(k, String(v));
  for (const c of children) if (c != null) el.append(c);
  return el;
}

/** About `count` round tick values covering min…max. */
function ticks(min, max, count = 4) {
  const span = max - min || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((m) => m >= raw) ?? raw;
  const out = [];
  for (let v = Math.floor(min / step) * step; v <= max + step * 1e-9; v += step) out.push(+v.toFixed(6));
  if (out[out.length - 1] < max) out.push(out[out.length - 1] + step);
  return out;
}

/** The frame: an svg with a name, y gridlines and labels; returns it with the scales. */
function frame(label, testid, n, lo, hi, fmt) {
  const ys = ticks(lo, hi);
  const y0 = ys[0];
  const y1 = ys[ys.length - 1];
  const x = (i) => PAD.l + (n <= 1 ? (W - PAD.l - PAD.r) / 2 : (i * (W - PAD.l - PAD.r)) / (n - 1));
  const y = (v) => PAD.t + (1 - (v - y0) / (y1 - y0 || 1)) * (H - PAD.t - PAD.b);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': label, 'data-testid': testid },
    s('title', null, label));
  for (const v of ys) {
    svg.append(s('line', { class: 'chart-grid', x1: PAD.l, x2: W - PAD.r, y1: y(v), y2: y(v) }),
      s('text', { class: 'chart-axis', x: PAD.l - 6, y: y(v) + 4, 'text-anchor': 'end' }, fmt(v)));
  }
  svg.append(s('text', { class: 'chart-axis', x: PAD.l, y: H - 4 }, 'older'),
    s('text', { class: 'chart-axis', x: W - PAD.r, y: H - 4, 'text-anchor': 'end' }, 'latest'));
  return { svg, x, y };
}

/**
 * Lines over the same x positions (0…n-1): series [{name, cls, points: [[i, v]]}]. A series is told
 * apart by colour, dash and marker shape (the legend beside the chart says which is which).
 */
export function lineChart({ label, testid, n, series, fmt = (v) => String(Math.round(v)) }) {
  const all = series.flatMap((se) => se.points.map((p) => p[1]));
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const pad = Math.max((hi - lo) * 0.1, 10);
  const { svg, x, y } = frame(label, testid, n, lo - pad, hi + pad, fmt);
  series.forEach((se, k) => {
    const g = s('g', { class: `chart-series ${se.cls}` });
    if (se.points.length > 1) g.append(s('polyline', { points: se.points.map(([i, v]) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' '), class: `chart-line d${k % 3}` }));
    for (const [i, v] of se.points) {
      g.append(k % 2 ? s('rect', { x: x(i) - 3.5, y: y(v) - 3.5, width: 7, height: 7, class: 'chart-dot' }) : s('circle', { cx: x(i), cy: y(v), r: 3.5, class: 'chart-dot' }));
    }
    svg.append(g);
  });
  return svg;
}

/** Bars from 0, one per x position: [{v, cls}], with a dashed line at `mark` (K/D 1.0). */
export function barChart({ label, testid, values, mark, fmt = (v) => v.toFixed(1) }) {
  const hi = Math.max(mark ?? 0, ...values.map((b) => b.v));
  const n = values.length;
  const { svg, y } = frame(label, testid, n, 0, hi || 1, fmt);
  const slot = (W - PAD.l - PAD.r) / Math.max(n, 1);
  const bw = Math.max(2, Math.min(28, slot * 0.7));
  values.forEach((b, i) => {
    const top = y(b.v);
    svg.append(s('rect', { class: `chart-bar ${b.cls ?? ''}`, x: PAD.l + slot * i + (slot - bw) / 2, y: top, width: bw, height: Math.max(0, y(0) - top) }));
  });
  if (mark != null) svg.append(s('line', { class: 'chart-mark', x1: PAD.l, x2: W - PAD.r, y1: y(mark), y2: y(mark) }));
  return svg;
}
