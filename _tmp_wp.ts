import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { trainWordPiece } from "@/lib/text/wordpiece-trainer";
const sents: string[] = [];
for (const f of ["train", "dev"]) for (const r of parse(readFileSync(`../shared/data/stsb-en-${f}.csv`, "utf8")) as string[][]) sents.push(r[0], r[1]);
const texts = [...sents, ...sents].slice(0, 20000);
console.log("sentences", texts.length);
for (const size of [8000, 30522]) {
const t0 = performance.now();
const v = trainWordPiece(texts, { vocabSize: size });
console.log(size, "->", v.length, "in", ((performance.now() - t0) / 1000).toFixed(2), "s");
console.log(v.slice(200, 230).join(" "), "|", v.slice(-20).join(" "));
const set = new Set(v);
console.log(["the", "man", "woman", "playing", "is", "a", "guitar", "dog", "president", "police"].map(w => w + ":" + set.has(w)).join(" "));
}
