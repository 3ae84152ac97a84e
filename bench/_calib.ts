import * as tf from "@tensorflow/tfjs";
import { initBackend } from "@/lib/model/backend";
import { bertConfig, MINILM_L6_SHAPE } from "@/lib/model/bert-config";
import { randomBertWeights } from "@/lib/model/random-weights";
import { ModelReplica } from "@/lib/train/trainer/model-replica";
import type { TrainingBatch } from "@/lib/train/trainer/training-batch";
const [seq, inter, layers, hidden, heads] = process.argv.slice(2).map(Number);
function tokens(rows: number, vocab: number, seed: number) {
  const ids = new Int32Array(rows * seq); let s = seed;
  for (let i = 0; i < ids.length; i++) { s = (s * 1103515245 + 12345) % 2 ** 31; const t = i % seq; ids[i] = t === 0 ? 101 : t === seq - 1 ? 102 : 1000 + (s % (vocab - 1000)); }
  return { ids, mask: new Int32Array(rows * seq).fill(1), rows, seqLen: seq };
}
await initBackend();
const config = bertConfig({ ...MINILM_L6_SHAPE, intermediate_size: inter, num_hidden_layers: layers, hidden_size: hidden, num_attention_heads: heads, vocab_size: 8000 });
const r = new ModelReplica({ config, weights: randomBertWeights(config, 7), loss: { loss: "infonce", similarity: "cosine", temperature: 0.05, symmetric: false, shareNegatives: true }, weightDecay: 0.01, normalize: true });
const peaks: number[] = [];
for (const pairs of [1, 2]) {
  const ids = (p: string) => Array.from({ length: pairs }, (_, i) => `${p}${i}`);
  const b: TrainingBatch = { kind: "pair", roles: [tokens(pairs, config.vocab_size, 1), tokens(pairs, config.vocab_size, 2)], rows: pairs, negativesPerAnchor: 0, textIds: [ids("a"), ids("p")] };
  const prof = await tf.profile(() => { r.accumulate(b, 1, 1); });
  peaks.push(prof.peakBytes);
  r.clearGradients();
}
const perToken = (peaks[1] - peaks[0]) / (2 * seq);
console.log(`seq ${seq} inter ${inter} layers ${layers} hidden ${hidden} heads ${heads}: ${(perToken / 1024).toFixed(0)} KiB/token (${(perToken / 1024 / layers).toFixed(1)} KiB/token/layer); fixed ${((peaks[0] - perToken * 2 * seq - tf.memory().numBytes) / 1048576).toFixed(0)} MiB`);
