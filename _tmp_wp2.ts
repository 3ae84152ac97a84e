import { readFileSync, mkdtempSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { trainWordPiece, bertPreTokenize } from "@/lib/text/wordpiece-trainer";
import { writeTokenizerFiles } from "@/lib/model/tokenizer-files";
import { loadTokenizer } from "@/lib/model/tokenizer";
const sents: string[] = [];
for (const f of ["train", "dev"]) for (const r of parse(readFileSync(`../shared/data/stsb-en-${f}.csv`, "utf8")) as string[][]) sents.push(r[0], r[1]);
const counts = new Map<string, number>();
for (const s of sents) for (const w of bertPreTokenize(s)) counts.set(w, (counts.get(w) ?? 0) + 1);
const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 300).map(x => x[0]);
for (const size of [4000, 8000]) {
  const v = trainWordPiece(sents, { vocabSize: size });
  const set = new Set(v);
  const missing = top.filter(w => !set.has(w));
  const dir = mkdtempSync("/tmp/cg/v-"); writeTokenizerFiles(dir, v);
  const tok = await loadTokenizer(dir);
  let words = 0, toks = 0, unk = 0;
  for (const s of sents) { words += bertPreTokenize(s).length; const t = tok.tokenize(s); toks += t.length; unk += t.filter(x => x === "[UNK]").length; }
  console.log(size, "missing of top300:", missing.length, missing.slice(0, 30).join(" "), "fertility", (toks / words).toFixed(3), "unk", unk);
}
