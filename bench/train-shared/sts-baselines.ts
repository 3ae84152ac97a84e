/** STS-B files and the TF-IDF baselines the STS benchmarks print beside a trained encoder. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";

export type Row = [string, string, number];

export function readSts(name: string): Row[] {
  const file = path.resolve(import.meta.dirname, "../../../shared/data", name);
  return (parse(readFileSync(file, "utf8")) as string[][]).map((r) => [r[0], r[1], Number(r[2])]);
}

/** scikit-learn's TfidfVectorizer: counts (or 1 + ln count, sublinear), smoothed idf ln((1+n)/(1+df)) + 1, L2 rows. */
export function tfidfCosines(
  fit: string[],
  pairs: Row[],
  features: (text: string) => string[],
  sublinear = false,
): number[] {
  const df = new Map<string, number>();
  for (const text of fit) for (const f of new Set(features(text))) df.set(f, (df.get(f) ?? 0) + 1);
  const idf = (f: string) => Math.log((1 + fit.length) / (1 + (df.get(f) ?? 0))) + 1;
  const vector = (text: string) => {
    const v = new Map<string, number>();
    for (const f of features(text)) v.set(f, (v.get(f) ?? 0) + 1);
    let norm = 0;
    for (const [f, c] of v) {
      const x = (sublinear ? 1 + Math.log(c) : c) * idf(f);
      v.set(f, x);
      norm += x * x;
    }
    for (const [f, x] of v) v.set(f, x / Math.sqrt(norm || 1));
    return v;
  };
  return pairs.map(([a, b]) => {
    const [va, vb] = [vector(a), vector(b)];
    let dot = 0;
    for (const [f, x] of va) dot += x * (vb.get(f) ?? 0);
    return dot;
  });
}

/** Word unigrams as scikit-learn tokenises them: lowercase, runs of ≥ 2 word characters. */
export const words = (text: string) => text.toLowerCase().match(/\b\w\w+\b/gu) ?? [];
/** Character 2–4-grams within space-padded words (scikit-learn's analyzer="char_wb"). */
export function charGrams(text: string): string[] {
  const out: string[] = [];
  for (const word of text.toLowerCase().split(/\s+/).filter(Boolean)) {
    const padded = ` ${word} `;
    for (let n = 2; n <= 4; n++) for (let i = 0; i + n <= padded.length; i++) out.push(padded.slice(i, i + n));
  }
  return out;
}
