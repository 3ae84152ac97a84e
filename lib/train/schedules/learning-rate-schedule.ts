/** The decay shapes {@link learningRateAt} knows. */
export const DECAY_KINDS = ["linear", "cosine", "constant"] as const;

/** What follows the warmup: a straight line or a half cosine down to the floor, or a plateau. */
export type DecayKind = (typeof DECAY_KINDS)[number];

export interface LearningRateSchedule {
  /** The rate reached at the end of the warmup. */
  peak: number;
  /** Steps in the whole run; the floor is reached at this step. */
  totalSteps: number;
  /** Warmup length in steps; give this or `warmupRatio`, not both. Default 0. */
  warmupSteps?: number;
  /** Warmup length as a share of `totalSteps` (0.1 = 10 %, rounded up, as Hugging Face does). */
  warmupRatio?: number;
  /** Default linear. */
  decay?: DecayKind;
  /** The rate at the last step (linear and cosine). Default 0. */
  floor?: number;
}

/**
 * Warmup length in steps of a schedule.
 * @throws when the schedule is inconsistent (see {@link learningRateAt})
 */
export function warmupStepsOf(schedule: LearningRateSchedule): number {
  const { totalSteps, warmupSteps, warmupRatio } = schedule;
  if (!(Number.isInteger(totalSteps) && totalSteps >= 1)) {
    throw new Error(`A learning-rate schedule needs totalSteps ≥ 1 (an integer), got ${totalSteps}`);
  }
  if (warmupSteps !== undefined && warmupRatio !== undefined) {
    throw new Error("Give warmupSteps or warmupRatio, not both");
  }
  if (warmupRatio !== undefined && !(warmupRatio >= 0 && warmupRatio <= 1)) {
    throw new Error(`warmupRatio must be in [0, 1], got ${warmupRatio}`);
  }
  const steps = warmupRatio !== undefined ? Math.ceil(warmupRatio * totalSteps) : (warmupSteps ?? 0);
  if (!(Number.isInteger(steps) && steps >= 0 && steps <= totalSteps)) {
    throw new Error(`warmupSteps must be an integer in [0, totalSteps = ${totalSteps}], got ${steps}`);
  }
  return steps;
}

/**
 * The learning rate at an optimiser step (0-based: step 0 is the first update). Pure, so a
 * resumed run picks up the exact rate from the step counter alone. Linear warmup from 0 at
 * step 0 to `peak` at step `warmup`; then linear or cosine decay reaching `floor` at
 * `totalSteps` (and staying there after), or `peak` throughout for `constant`.
 * @throws when the schedule is inconsistent (negative rates, floor above peak, bad warmup)
 */
export function learningRateAt(schedule: LearningRateSchedule, step: number): number {
  const { peak, totalSteps, decay = "linear", floor = 0 } = schedule;
  if (!(peak >= 0 && floor >= 0 && floor <= peak)) {
    throw new Error(`A learning-rate schedule needs 0 ≤ floor ≤ peak, got floor ${floor} and peak ${peak}`);
  }
  if (!(step >= 0)) throw new Error(`The step must be ≥ 0, got ${step}`);
  if (!DECAY_KINDS.includes(decay)) throw new Error(`Unknown decay "${decay}": use ${DECAY_KINDS.join(", ")}`);
  const warmup = warmupStepsOf(schedule);
  if (step < warmup) return (peak * step) / warmup;
  if (decay === "constant") return peak;
  if (totalSteps === warmup) return peak; // all warmup, nothing left to decay
  const progress = Math.min((step - warmup) / (totalSteps - warmup), 1);
  const shape = decay === "cosine" ? 0.5 * (1 + Math.cos(Math.PI * progress)) : 1 - progress;
  return floor + (peak - floor) * shape;
}
