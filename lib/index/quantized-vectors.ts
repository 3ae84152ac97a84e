/**
 * Quantised copies of an index's vectors for a fast full scan (pure): `int8` (one signed byte per
 * dimension, per-dimension symmetric scale) or `binary` (one bit per dimension: above or below
 * the dimension's mean). A scan in WebAssembly SIMD scores every vector against the quantised
 * query; the best `candidates` are then rescored exactly with float vectors, so the ranking that
 * comes back is exact among the candidates and recall depends only on the candidate count
 * (chosen by `tuneSearch`). Memory: dim bytes (int8) or dim/8 bytes (binary) per vector,
 * against 4·dim for a float copy.
 */
import type { ScoredId } from "@/lib/index/scored-id";
import type { ScanPool } from "@/lib/index/scan-pool";
import { scanKernel, scanMemory, type ScanKernel } from "@/lib/index/wasm-scan-kernel";

export type QuantizationKind = "int8" | "binary";

/** Row stride: the kernels read 16 bytes at a time. */
const roundUp16 = (bytes: number) => Math.ceil(bytes / 16) * 16;
/** Query-and-scores slots: slot 0 for synchronous scans, the others for scans in worker threads at the same time. */
const SLOTS = 3;

/**
 * The codes of n vectors in one shared WebAssembly memory: `[n, stride]` codes, then
 * {@link SLOTS} slots of a query and its `[n]` i32 scores.
 */
export class QuantizedVectors {
  private readonly kernel: ScanKernel;
  private readonly slotBytes: number;
  /** Free slots for scans in worker threads, and the scans waiting for one. */
  private readonly freeSlots = Array.from({ length: SLOTS - 1 }, (_, i) => i + 1);
  private readonly waiting: ((slot: number) => void)[] = [];

  private constructor(
    readonly kind: QuantizationKind,
    readonly dim: number,
    readonly ids: Int32Array | Uint32Array,
    /** int8: the per-dimension scale (max |x|); binary: the per-dimension threshold (mean). */
    private readonly reference: Float32Array,
    readonly stride: number,
    memory: WebAssembly.Memory,
  ) {
    this.kernel = scanKernel(memory);
    this.slotBytes = slotBytes(ids.length, stride);
  }

  /**
   * Quantises the vectors of `ids` (each `[dim]`, unit length, read by `rowOf`, twice: once for
   * the scale, once for the codes, so no float copy is held). Synchronous; see {@link encodeAsync}.
   */
  static encode(
    kind: QuantizationKind,
    dim: number,
    ids: ArrayLike<number>,
    rowOf: (id: number) => ArrayLike<number>,
  ): QuantizedVectors {
    const steps = QuantizedVectors.encodeSteps(kind, dim, ids, rowOf);
    for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
  }

  /** As {@link encode}, yielding to the event loop every `block` rows so a server keeps answering. */
  static async encodeAsync(
    kind: QuantizationKind,
    dim: number,
    ids: ArrayLike<number>,
    rowOf: (id: number) => ArrayLike<number>,
    block = 2000,
  ): Promise<QuantizedVectors> {
    const steps = QuantizedVectors.encodeSteps(kind, dim, ids, rowOf, block);
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) return step.value;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private static *encodeSteps(
    kind: QuantizationKind,
    dim: number,
    ids: ArrayLike<number>,
    rowOf: (id: number) => ArrayLike<number>,
    block = 2000,
  ): Generator<void, QuantizedVectors> {
    const n = ids.length;
    const stride = roundUp16(kind === "int8" ? dim : Math.ceil(dim / 8));
    const reference = new Float32Array(dim);
    for (let i = 0; i < n; i++) {
      const row = rowOf(ids[i]);
      for (let j = 0; j < dim; j++)
        reference[j] = kind === "int8" ? Math.max(reference[j], Math.abs(row[j])) : reference[j] + row[j] / n;
      if ((i + 1) % block === 0) yield;
    }
    const memory = scanMemory(n * stride + SLOTS * slotBytes(n, stride));
    const codes = new Int8Array(memory.buffer, 0, n * stride);
    for (let i = 0; i < n; i++) {
      encodeRow(kind, rowOf(ids[i]), reference, codes.subarray(i * stride, (i + 1) * stride));
      if ((i + 1) % block === 0) yield;
    }
    return new QuantizedVectors(kind, dim, Uint32Array.from(ids), reference, stride, memory);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Bytes held: codes, query and score slots, labels (what the mode costs per index, beyond the graph). */
  get bytes(): number {
    return this.kernel.memory.buffer.byteLength + this.reference.byteLength + this.ids.byteLength;
  }

  /**
   * The `count` ids whose codes score best against `query` (`[dim]`, unit length), best first,
   * with their approximate scores; ids that `filter` rejects are skipped.
   */
  candidates(query: Float32Array, count: number, filter?: (id: number) => boolean): number[] {
    const { query: at, out } = this.writeQuery(0, query);
    (this.kind === "int8" ? this.kernel.scanInt8 : this.kernel.scanBits)(0, this.size, this.stride, at, out);
    return this.best(out, count, filter);
  }

  /** As {@link candidates}, with the scan in `pool`'s worker threads: the event loop stays free meanwhile. */
  async candidatesAsync(
    query: Float32Array,
    count: number,
    pool: ScanPool,
    filter?: (id: number) => boolean,
  ): Promise<number[]> {
    const slot = this.freeSlots.pop() ?? (await new Promise<number>((resolve) => this.waiting.push(resolve)));
    try {
      const { query: at, out } = this.writeQuery(slot, query);
      await pool.scan({
        kind: this.kind,
        memory: this.kernel.memory,
        rows: this.size,
        stride: this.stride,
        query: at,
        out,
      });
      return this.best(out, count, filter);
    } finally {
      const next = this.waiting.shift();
      if (next) next(slot);
      else this.freeSlots.push(slot);
    }
  }

  /** Writes the quantised query into `slot`; the byte offsets of the query and of its scores. */
  private writeQuery(slot: number, query: Float32Array): { query: number; out: number } {
    const at = this.size * this.stride + slot * this.slotBytes;
    const q = new Int8Array(this.kernel.memory.buffer, at, this.stride).fill(0);
    if (this.kind === "int8") {
      // Fold the scale into the query: Σ code·(q·scale) ∝ Σ x·q, then quantise that to bytes too.
      let max = 0;
      for (let j = 0; j < this.dim; j++) max = Math.max(max, Math.abs(query[j] * this.reference[j]));
      for (let j = 0; j < this.dim; j++) q[j] = Math.round((query[j] * this.reference[j] * 127) / (max || 1));
    } else {
      encodeRow("binary", query, this.reference, q);
    }
    return { query: at, out: at + roundUp16(this.stride) };
  }

  /** The ids of the `count` best scores at `out`; a Hamming distance ranks by its negation (lower is closer). */
  private best(out: number, count: number, filter?: (id: number) => boolean): number[] {
    const scores = new Int32Array(this.kernel.memory.buffer, out, this.size);
    return topIndices(
      scores,
      count,
      this.kind === "binary" ? -1 : 1,
      filter ? (i) => filter(this.ids[i]) : undefined,
    ).map((i) => this.ids[i]);
  }
}

function slotBytes(n: number, stride: number): number {
  return roundUp16(stride) + roundUp16(n * 4);
}

function encodeRow(kind: QuantizationKind, row: ArrayLike<number>, reference: Float32Array, out: Int8Array): void {
  const dim = reference.length;
  if (kind === "int8") {
    for (let j = 0; j < dim; j++) out[j] = reference[j] ? Math.round((row[j] / reference[j]) * 127) : 0;
    return;
  }
  for (let j = 0; j < dim; j++) if (row[j] > reference[j]) out[j >> 3] |= 1 << (j & 7);
}

/** Row indices of the `count` largest `sign · scores[i]`, best first (a bounded min-heap). */
export function topIndices(scores: Int32Array, count: number, sign: 1 | -1, keep?: (i: number) => boolean): number[] {
  const size = Math.min(count, scores.length);
  const heapIdx = new Int32Array(size);
  const heapVal = new Float64Array(size);
  let filled = 0;
  for (let i = 0; i < scores.length; i++) {
    const v = sign * scores[i];
    if (filled === size && v <= heapVal[0]) continue;
    if (keep && !keep(i)) continue;
    if (filled < size) {
      let pos = filled++;
      while (pos > 0) {
        const parent = (pos - 1) >> 1;
        if (heapVal[parent] <= v) break;
        heapVal[pos] = heapVal[parent];
        heapIdx[pos] = heapIdx[parent];
        pos = parent;
      }
      heapVal[pos] = v;
      heapIdx[pos] = i;
    } else {
      siftDownReplace(heapVal, heapIdx, size, v, i);
    }
  }
  const order = Array.from({ length: filled }, (_, j) => j).sort((a, b) => heapVal[b] - heapVal[a]);
  return order.map((j) => heapIdx[j]);
}

/** Replaces the heap's minimum with (v, i) and restores the heap. */
function siftDownReplace(vals: Float64Array, idx: Int32Array, size: number, v: number, i: number): void {
  let pos = 0;
  for (;;) {
    const left = 2 * pos + 1;
    if (left >= size) break;
    const right = left + 1;
    const child = right < size && vals[right] < vals[left] ? right : left;
    if (vals[child] >= v) break;
    vals[pos] = vals[child];
    idx[pos] = idx[child];
    pos = child;
  }
  vals[pos] = v;
  idx[pos] = i;
}

/** Exact rescoring: the k best of `candidates` by the float dot product with `query`. */
export function rescore(
  query: Float32Array,
  candidates: number[],
  vectorOf: (id: number) => ArrayLike<number>,
  k: number,
): ScoredId[] {
  const scored = candidates.map((id) => {
    const v = vectorOf(id);
    let s = 0;
    for (let j = 0; j < query.length; j++) s += v[j] * query[j];
    return { id, score: s };
  });
  return scored.sort((a, b) => b.score - a.score).slice(0, k);
}
