/**
 * Child process for resume-after-kill.test.ts: trains a tiny model on synthetic pairs into
 * `runDir`, printing "checkpoint <step>" after each checkpoint (then pausing, so that the
 * parent can SIGKILL it right there), "step <n>" after each step, and "done <json>" at the end.
 */
import { runTraining } from "@/lib/train/trainer/train-run";
import { syntheticPairs, syntheticScoredPairs } from "@/tests/unit/train/trainer/synthetic-task";
import { trainingOptions } from "@/tests/integration/train/resume-fixture";

const [baseDir, runDir, pauseMs] = [process.argv[2], process.argv[3], Number(process.argv[4] ?? 0)];
const result = await runTraining(
  {
    base: { kind: "dir", dir: baseDir },
    documents: [],
    pairFile: { examples: syntheticPairs(200, 1), shape: "pairs", skipped: 0 },
    evalPairs: { examples: syntheticScoredPairs(60, 2), shape: "scored", skipped: 0 },
    runDir,
    options: trainingOptions,
  },
  {
    log: (line) => process.stdout.write(`log ${line}\n`),
    onStep: (p) => process.stdout.write(`step ${p.step}\n`),
    onCheckpoint: async (state) => {
      process.stdout.write(`checkpoint ${state.step}\n`);
      if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
    },
  },
);
process.stdout.write(`done ${JSON.stringify(result)}\n`);
