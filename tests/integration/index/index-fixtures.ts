import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUnitVectors } from "@/lib/index/random-unit-vectors";
import { VectorIndex } from "@/lib/index/vector-index";

/** Small indexes and temporary folders shared by the index integration tests (relative imports: the save-loop child runs without the test alias). */

export const DIM = 32;

/** A temporary index root; `cleanup()` removes it. */
export function tempIndexDir(): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-index-"));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** `n` random unit vectors with ids `firstId, firstId + 1, ...`. */
export function sampleVectors(n: number, seed: number, firstId = 0): { ids: number[]; vectors: Float32Array } {
  return { ids: Array.from({ length: n }, (_, i) => firstId + i), vectors: randomUnitVectors(n, DIM, seed) };
}

/** An index over `sampleVectors(n, seed)`. */
export function sampleIndex(n: number, seed: number): VectorIndex {
  const index = VectorIndex.create({ dim: DIM, maxElements: n });
  const { ids, vectors } = sampleVectors(n, seed);
  index.add(ids, vectors);
  return index;
}

/** Fixed queries, `[count, DIM]`. */
export const QUERIES = randomUnitVectors(20, DIM, 999);

/** The ids and scores an index returns for every query in `QUERIES`: equal snapshots mean equal answers. */
export function answers(index: VectorIndex, k = 10): string {
  const out: string[] = [];
  for (let q = 0; q < QUERIES.length / DIM; q++) {
    out.push(
      index
        .search(QUERIES.subarray(q * DIM, (q + 1) * DIM), k)
        .map((h) => `${h.id}:${h.score.toFixed(5)}`)
        .join(","),
    );
  }
  return out.join("\n");
}
