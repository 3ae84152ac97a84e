/**
 * Child process for search-thread.test.ts: writes a small index, reads it with a search thread,
 * awaits one search with nothing else keeping the process alive, prints the hits, and ends
 * without releasing the thread. The parent checks that the answer came (a batch in flight keeps
 * the process alive) and that the process then exits by itself (an idle thread does not).
 */
import path from "node:path";
import { structuredUnitVectors } from "@/lib/index/structured-unit-vectors";
import { VectorIndex } from "@/lib/index/vector-index";

const dim = 16;
const file = path.join(process.argv[2], "exit.bin");
const index = VectorIndex.create({ dim, maxElements: 50 });
index.add(
  Array.from({ length: 50 }, (_, i) => i + 1),
  structuredUnitVectors(50, dim, { seed: 3 }),
);
await index.writeFile(file);
const read = await VectorIndex.readFile(file, dim, index.params, [], { searchThread: "always" });
const hits = await read.searchAsync(structuredUnitVectors(1, dim, { seed: 4 }), 3);
process.stdout.write(`${read.searchThreadChoice.offThread} ${JSON.stringify(hits.map((h) => h.id))}\n`);
