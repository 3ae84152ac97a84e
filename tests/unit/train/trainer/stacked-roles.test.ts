import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "@/lib/model/kernels/backend";
import type { Tokenizer } from "@/lib/model/tokenizer/tokenizer";
import { ModelReplica } from "@/lib/train/trainer/model-replica";
import { stackRows, type TokenMatrix } from "@/lib/train/trainer/token-matrix";
import type { TrainingBatch } from "@/lib/train/trainer/training-batch";
import { pairBatch, tinySetup, tinyTokenizer } from "@/tests/unit/train/trainer/engine-fixtures";

let tokenizer: Tokenizer;

beforeAll(async () => {
  await initBackend("wasm");
  tokenizer = await tinyTokenizer();
});

/** `m` with `extra` more padding columns: the same texts, no longer of the other roles' length. */
function widen(m: TokenMatrix, extra: number): TokenMatrix {
  const seqLen = m.seqLen + extra;
  const ids = new Int32Array(m.rows * seqLen);
  const mask = new Int32Array(m.rows * seqLen);
  for (let r = 0; r < m.rows; r++) {
    ids.set(m.ids.subarray(r * m.seqLen, (r + 1) * m.seqLen), r * seqLen);
    mask.set(m.mask.subarray(r * m.seqLen, (r + 1) * m.seqLen), r * seqLen);
  }
  return { ids, mask, rows: m.rows, seqLen };
}

function gradients(batch: TrainingBatch): { loss: number; grads: Map<string, Float32Array> } {
  const replica = new ModelReplica(tinySetup({ dropout: 0 }));
  const loss = replica.accumulate(batch, 1, 1);
  const grads = new Map([...replica.gradientSums()].map(([name, g]) => [name, Float32Array.from(g.dataSync())]));
  replica.dispose();
  return { loss, grads };
}

describe("roles of one length in one encoder pass", () => {
  it("stacks token matrices row after row", () => {
    const a = { ids: Int32Array.from([1, 2, 3, 4]), mask: Int32Array.from([1, 1, 1, 0]), rows: 2, seqLen: 2 };
    const b = { ids: Int32Array.from([5, 6]), mask: Int32Array.from([1, 1]), rows: 1, seqLen: 2 };
    expect(stackRows([a, b])).toEqual({
      ids: Int32Array.from([1, 2, 3, 4, 5, 6]),
      mask: Int32Array.from([1, 1, 1, 0, 1, 1]),
      rows: 3,
      seqLen: 2,
    });
    expect(() => stackRows([a, { ...b, seqLen: 3, ids: new Int32Array(3), mask: new Int32Array(3) }])).toThrow(
      /one padded length/,
    );
  });

  it("gives the loss and gradients of one pass per role", () => {
    const batch = pairBatch(tokenizer, 6, 3);
    const [anchors, positives] = batch.roles;
    const width = Math.max(anchors.seqLen, positives.seqLen);
    // Same length: stacked. One role wider by a padding column: a pass per role.
    const stacked = gradients({
      ...batch,
      roles: [widen(anchors, width - anchors.seqLen), widen(positives, width - positives.seqLen)],
    });
    const separate = gradients({
      ...batch,
      roles: [widen(anchors, width - anchors.seqLen + 1), widen(positives, width - positives.seqLen)],
    });
    expect(Math.abs(stacked.loss - separate.loss)).toBeLessThan(1e-5);
    for (const [name, g] of stacked.grads) {
      const other = separate.grads.get(name)!;
      const scale = Math.max(1e-3, ...Array.from(other, Math.abs));
      let diff = 0;
      for (let i = 0; i < g.length; i++) diff = Math.max(diff, Math.abs(g[i] - other[i]));
      expect(diff / scale, name).toBeLessThan(1e-3);
    }
  });
});
