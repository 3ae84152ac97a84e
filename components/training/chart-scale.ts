/** Scales, ticks and smoothing for the training charts (pure; shared by server and client). */

/** A linear map from a data domain onto a pixel range; a zero-width domain maps to the range's middle. */
export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): (x: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  if (span === 0 || !Number.isFinite(span)) return () => (r0 + r1) / 2;
  return (x) => r0 + ((x - d0) / span) * (r1 - r0);
}

/** The smallest and largest finite values, or undefined when there is none. */
export function extent(values: Iterable<number | null | undefined>): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/** A step of 1, 2 or 5 times a power of ten near `span / count`. */
function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

/**
 * A domain widened to round numbers that contain `[lo, hi]`, and about `count` ticks on it
 * (multiples of 1, 2 or 5 × 10ⁿ). A flat domain is widened around its value.
 */
export function niceDomain(lo: number, hi: number, count = 5): { domain: [number, number]; ticks: number[] } {
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    [lo, hi] = [lo - pad, hi + pad];
  }
  const step = niceStep(hi - lo, count);
  const start = Math.floor(lo / step) * step;
  const end = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  // Rounded to the step's precision, so 0.1 + 0.2 prints as 0.3.
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  for (let t = start; t <= end + step / 2; t += step) ticks.push(Number(t.toFixed(digits)));
  return { domain: [start, end], ticks };
}

/** A tick or value label: "1.2k", "0.05", "3e-5", "12". */
export function formatTick(x: number): string {
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 10_000) return `${Number((x / 1000).toFixed(1))}k`;
  if (a >= 100) return String(Math.round(x));
  if (a >= 0.01) return String(Number(x.toPrecision(3)));
  return x.toExponential(1).replace(".0e", "e");
}

/**
 * An exponential moving average with bias correction (as TensorBoard smooths curves):
 * the first values are not dragged towards zero. `weight` in [0, 1); 0 returns the input.
 */
export function smooth(values: readonly number[], weight: number): number[] {
  const w = Math.min(0.999, Math.max(0, weight));
  let avg = 0;
  return values.map((v, i) => {
    avg = w * avg + (1 - w) * v;
    return w === 0 ? v : avg / (1 - w ** (i + 1));
  });
}

/** Index of the point whose x is nearest to `x` in an array sorted by x; -1 when empty. */
export function nearestIndex(xs: readonly number[], x: number): number {
  if (xs.length === 0) return -1;
  let lo = 0;
  let hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid;
    else hi = mid;
  }
  return Math.abs(xs[lo] - x) <= Math.abs(xs[hi] - x) ? lo : hi;
}

/** An SVG path through points, broken where a value is missing. */
export function linePath(points: readonly { x: number; y: number | null }[]): string {
  let d = "";
  let pen = false;
  for (const p of points) {
    if (p.y === null || !Number.isFinite(p.y)) {
      pen = false;
      continue;
    }
    d += `${pen ? "L" : "M"}${p.x.toFixed(1)},${p.y.toFixed(1)}`;
    pen = true;
  }
  return d;
}
