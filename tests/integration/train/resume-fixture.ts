import type { TrainerOptionsInput } from "@/lib/train/trainer/trainer-options";

/** The run that resume-after-kill.test.ts interrupts: 30 steps, a checkpoint every 3, negatives, dropout. */
export const trainingOptions: TrainerOptionsInput = {
  steps: 30,
  batchSize: 12,
  lr: 3e-3,
  workers: 0,
  evalEvery: 10,
  checkpointEvery: 3,
  patience: 0,
  exportOnnx: false,
  negatives: { mode: "random", perAnchor: 1 },
};
