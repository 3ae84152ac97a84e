import { z } from "zod";
import { givenTrainerOptions } from "@/lib/train/trainer/given-options";
import type { TrainerOptionsInput } from "@/lib/train/trainer/trainer-options";

/**
 * The payload of a train job. Kept apart from the handler, which loads the trainer: the pages and
 * views that read a job's payload must not pull TensorFlow.js and the trainer's worker threads in.
 */
export const trainPayload = z.object({
  corpusId: z.number().int(),
  modelVersionId: z.number().int(),
  /** `hub:ID[@rev]`, `dir:PATH` or `scratch`; default: the configured base model. */
  baseModel: z.string().optional(),
  /** The run folder (model in `model/`); default `<dataDir>/models/trained/version-<id>`. */
  outputDir: z.string().optional(),
  /**
   * The run's pair file on the worker's disk: as the train service stored it, parsed
   * (`*.pairs.json`, see savePairFile), or an upload as sent (CSV or JSONL), parsed by the job.
   */
  pairsFile: z.string().optional(),
  /** Scored pairs (STS CSV) to evaluate on. */
  evalPairsFile: z.string().optional(),
  /**
   * Trainer options as given (checked by the train service's schema): the options left out are
   * chosen by the run's recipe from the corpus (see chooseRecipe).
   */
  options: givenTrainerOptions.optional().transform((given) => (given ?? {}) as TrainerOptionsInput),
});
export type TrainPayload = z.infer<typeof trainPayload>;
