import { z } from "zod";
import { parseModelSpec, type ModelSpec } from "@/lib/model/store/model-store";
import { givenTrainerOptions } from "@/lib/train/trainer/given-options";
import { trainerOptionConflicts } from "@/lib/train/trainer/option-conflicts";
import type { TrainerOptionsInput } from "@/lib/train/trainer/trainer-options";

/** A model spec (`hub:ID[@rev]`, `dir:PATH` or `scratch`), parsed once into what it names. */
export const modelSpecField = z
  .string()
  .trim()
  .min(1, "write hub:ID, dir:PATH or scratch, or leave it out")
  .transform((spec, ctx): { spec: string; model: ModelSpec } => {
    try {
      return { spec, model: parseModelSpec(spec) };
    } catch (err) {
      ctx.addIssue({ code: "custom", message: (err as Error).message });
      return z.NEVER;
    }
  });

/**
 * Trainer options as the API takes them: every option of lib/train/trainer/trainer-options.ts
 * (same names, same defaults, filled in by the run, not here) except the ONNX export, which the
 * index job needs and the server always writes; with upper bounds on the batch size and the steps
 * so one request cannot tie up a worker for days. Unknown options are refused.
 */
export const trainOptionsRequest = givenTrainerOptions
  .omit({ exportOnnx: true })
  .extend({
    batchSize: z
      .number()
      .int()
      .min(2, "use at least 2 pairs per batch")
      .max(512, "use at most 512 pairs per batch")
      .optional()
      .meta({ default: 32 }),
    steps: z
      .number()
      .int()
      .positive("give a positive number of steps")
      .max(100_000, "use at most 100,000 steps")
      .optional(),
    maxLength: z
      .number()
      .int()
      .min(8, "use at least 8 tokens")
      .max(512, "use at most 512 tokens")
      .optional()
      .meta({ default: 128 }),
    workers: z.number().int().min(0).max(64, "use at most 64 worker threads").optional(),
  })
  .strict();

/** An uploaded pair file, sent as text: CSV or JSONL of anchor/positive(/negative) or sentence1/sentence2/score. */
export const pairFileRequest = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/\.(csv|jsonl)$/i, "the pair file must be .csv or .jsonl"),
  content: z.string().min(1, "the pair file is empty"),
});

/** Adds an issue for each option combination the trainer cannot run (see trainerOptionConflicts). */
export function refineOptionConflicts(options: TrainerOptionsInput, ctx: z.RefinementCtx, at: string[] = []) {
  for (const conflict of trainerOptionConflicts(options))
    ctx.addIssue({ code: "custom", path: [...at, conflict.option], message: conflict.message });
}

/** `POST /api/v1/corpora/{id}/train`: what to train. Every field is optional; `{}` trains with the defaults. */
export const trainRequest = z
  .object({
    /** A name for the new model version; default from the base model. */
    name: z.string().trim().min(1, "give the model a name or leave it out").max(200).optional(),
    /** `hub:ID[@rev]`, `dir:PATH` or `scratch`; default the configured base model. */
    baseModel: modelSpecField.optional(),
    pairFile: pairFileRequest.optional(),
    /** The options given; those left out are chosen by the run's recipe. */
    options: trainOptionsRequest.default({}),
  })
  .strict()
  .superRefine((body, ctx) => {
    const options = body.options as TrainerOptionsInput;
    const { sources, columns } = options;
    if (sources?.includes("file") && !body.pairFile)
      ctx.addIssue({
        code: "custom",
        path: ["options", "sources"],
        message: 'the "file" source needs a pair file: add pairFile or drop "file"',
      });
    if (sources?.includes("columns") && !columns)
      ctx.addIssue({
        code: "custom",
        path: ["options", "columns"],
        message: 'the "columns" source needs two column names, e.g. ["question", "answer"]',
      });
    if (sources && sources.length === 0)
      ctx.addIssue({
        code: "custom",
        path: ["options", "sources"],
        message: "choose at least one pair source, or leave sources out to choose automatically",
      });
    refineOptionConflicts(options, ctx, ["options"]);
  });

export type TrainRequest = z.infer<typeof trainRequest>;

/** What `cli train` asks for: options as its flags set them (no API bounds), files by path on this machine. */
export const foregroundTrainRequest = z.object({
  /** The corpus to train on, by name; without it the pair file is all the data. */
  corpusName: z.string().optional(),
  baseModel: modelSpecField.optional(),
  pairsPath: z.string().optional(),
  evalPairsPath: z.string().optional(),
  /** The run folder (model in `runDir/model`); running again with the same folder resumes. */
  runDir: z.string(),
  options: givenTrainerOptions.superRefine((o, ctx) => refineOptionConflicts(o as TrainerOptionsInput, ctx)),
});

export type ForegroundTrainRequest = z.input<typeof foregroundTrainRequest>;
