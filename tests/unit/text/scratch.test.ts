import { test } from "vitest";
import { splitPassages } from "@/lib/text/split-passages";
test("perf", () => {
  const words = Array.from({ length: 200000 }, (_, i) => (i % 17 === 0 ? `end${i}.` : `w${i}`));
  const doc = words.join(" ");
  for (const m of [2, 40, 600]) {
    const t = performance.now();
    const p = splitPassages(doc, { maxChars: m });
    console.log(m, doc.length, p.length, (performance.now() - t).toFixed(0), "ms");
  }
  const big = "x ".repeat(500000);
  let t = performance.now();
  console.log(splitPassages(big, { maxChars: 600 }).length, (performance.now() - t).toFixed(0), "ms");
  const paras = Array.from({ length: 20000 }, (_, i) => `Paragraph ${i} has words`).join("\n\n");
  t = performance.now();
  console.log(splitPassages(paras, { maxChars: 600 }).length, (performance.now() - t).toFixed(0), "ms");
});
