/**
 * Child process for crash-during-save.test.ts: saves two different indexes in turn, forever,
 * printing "saved <size>" after each, until the parent kills it with SIGKILL.
 * Relative imports: this runs under plain `node --import tsx`, without the test alias.
 */
import { saveIndex } from "@/lib/index/index-store";
import { sampleIndex } from "@/tests/integration/index/index-fixtures";

const [indexDir, corpusId, modelVersionId] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const indexes = [sampleIndex(400, 1), sampleIndex(600, 2)];
for (let i = 0; ; i++) {
  const index = indexes[i % 2];
  await saveIndex(indexDir, { corpusId, modelVersionId }, index);
  process.stdout.write(`saved ${index.size}\n`);
}
