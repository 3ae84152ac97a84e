/** An option combination the trainer cannot run, with the option to point at and what to do. */
export interface OptionConflict {
  option: "learnTemperature";
  message: string;
}

/**
 * The combinations of trainer options that do not work together (written once: the train service
 * refuses them up front, the trainer refuses them again for callers that skip the service).
 */
export function trainerOptionConflicts(options: {
  learnTemperature?: boolean;
  fullBatchNegatives?: boolean;
}): OptionConflict[] {
  const conflicts: OptionConflict[] = [];
  if (options.learnTemperature && options.fullBatchNegatives)
    conflicts.push({
      option: "learnTemperature",
      message:
        "a learnable temperature does not combine with full-batch negatives (GradCache) yet: drop one of learnTemperature and fullBatchNegatives",
    });
  return conflicts;
}
