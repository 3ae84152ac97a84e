import type { TokenMatrix } from "@/lib/train/trainer/token-matrix";
import type { TrainingBatch } from "@/lib/train/trainer/training-batch";

/** `rows` sequences of `seq` random token ids ([CLS] … [SEP], no padding), reproducible for a seed. */
function randomTokens(rows: number, seq: number, vocab: number, seed: number): TokenMatrix {
  const ids = new Int32Array(rows * seq);
  let s = seed;
  for (let i = 0; i < ids.length; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const t = i % seq;
    ids[i] = t === 0 ? 101 : t === seq - 1 ? 102 : 1000 + (s % (vocab - 1000));
  }
  return { ids, mask: new Int32Array(rows * seq).fill(1), rows, seqLen: seq };
}

/** A training batch of `pairs` (anchor, positive) pairs of `seq` random tokens each, the training benchmarks' input. */
export function randomPairBatch(pairs: number, seq: number, vocab: number): TrainingBatch {
  const textIds = (prefix: string) => Array.from({ length: pairs }, (_, i) => `${prefix}${i}`);
  return {
    kind: "pair",
    roles: [randomTokens(pairs, seq, vocab, 1), randomTokens(pairs, seq, vocab, 2)],
    rows: pairs,
    negativesPerAnchor: 0,
    textIds: [textIds("a"), textIds("p")],
  };
}
