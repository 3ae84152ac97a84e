/**
 * Embeddings of real text by Cognate's own corpus encoder: the warm start the scratch model
 * begins from (PPMI of word co-occurrence, truncated SVD: `corpusEmbeddingTable`), pooled as an
 * IDF-weighted mean of word rows and L2-normalised. No network and no trained weights are
 * needed, and the vectors carry what makes sentence embeddings easy for a graph index: topics,
 * a decaying spectrum, near-duplicates (overlapping windows). Cached in the OS temp folder,
 * keyed by the texts and settings, so a second run skips the SVD.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { corpusEmbeddingTable } from "@/lib/train/warm-start/embedding-warm-start";
import { normalizeRows } from "@/lib/core/vector-math";

/** Words that occur fewer times than this have no row (as a vocabulary cut would). */
const MIN_COUNT = 2;
const segmenters = new Map<string, Intl.Segmenter>();

/** Lower-cased word-like tokens; Chinese is segmented with ICU's dictionary, as the app does. */
export function words(text: string): string[] {
  const locale = /[\u3400-\u9fff]/.test(text) ? "zh" : "en";
  let segmenter = segmenters.get(locale);
  if (!segmenter) segmenters.set(locale, (segmenter = new Intl.Segmenter(locale, { granularity: "word" })));
  return [...segmenter.segment(text.toLowerCase())].filter((s) => s.isWordLike).map((s) => s.segment);
}

/** `[texts.length, dim]` unit rows; texts with no known word get a tiny seeded direction (never all zeros). */
export function embedRealTexts(texts: string[], dim: number, seed = 7): Float32Array {
  const cache = path.join(os.tmpdir(), `cognate-bench-real-${cacheKey(texts, dim, seed)}.f32`);
  if (fs.existsSync(cache)) {
    const bytes = fs.readFileSync(cache);
    if (bytes.length === texts.length * dim * 4)
      return new Float32Array(bytes.buffer, bytes.byteOffset, texts.length * dim).slice();
  }
  const tokenized = texts.map(words);
  const counts = new Map<string, number>();
  for (const ws of tokenized) for (const w of ws) counts.set(w, (counts.get(w) ?? 0) + 1);
  const vocab = new Map<string, number>();
  for (const [w, c] of counts) if (c >= MIN_COUNT) vocab.set(w, vocab.size);
  const sequences = tokenized.map((ws) => Int32Array.from(ws.filter((w) => vocab.has(w)).map((w) => vocab.get(w)!)));
  const df = new Float64Array(vocab.size);
  for (const seq of sequences) for (const id of new Set(seq)) df[id]++;
  const { table } = corpusEmbeddingTable(sequences, vocab.size, dim, { seed });
  const out = new Float32Array(texts.length * dim);
  sequences.forEach((seq, i) => {
    const off = i * dim;
    for (const id of seq) {
      const idf = Math.log((texts.length + 1) / (df[id] + 1));
      for (let j = 0; j < dim; j++) out[off + j] += idf * table[id * dim + j];
    }
    out[off + (i % dim)] += 1e-6; // a text of unknown words only: some direction, never zero
  });
  const rows = normalizeRows(out, dim);
  fs.writeFileSync(cache, Buffer.from(rows.buffer, rows.byteOffset, rows.byteLength));
  return rows;
}

function cacheKey(texts: string[], dim: number, seed: number): string {
  const hash = crypto.createHash("sha256").update(`v1 ${dim} ${seed} ${MIN_COUNT}\n`);
  for (const t of texts) hash.update(t).update("\n");
  return hash.digest("hex").slice(0, 16);
}
