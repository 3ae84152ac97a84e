import { z } from "zod";
import { parseModelSpec } from "@/lib/model/store/model-store";
import { trainerOptionsSchema } from "@/lib/train/trainer/trainer-options";

/**
 * Trainer options as the API takes them: every option of lib/train/trainer/trainer-options.ts
 * (same names, same defaults) except the ONNX export, which the index job needs and the
 * server always writes; with upper bounds on the batch size and the steps so one request cannot
 * tie up a worker for days. Unknown options are refused.
 */
export const trainOptionsBody = trainerOptionsSchema
  .omit({ exportOnnx: true })
  .extend({
    batchSize: z
      .number()
      .int()
      .min(2, "use at least 2 pairs per batch")
      .max(512, "use at most 512 pairs per batch")
      .default(32),
    steps: z
      .number()
      .int()
      .positive("give a positive number of steps")
      .max(100_000, "use at most 100,000 steps")
      .optional(),
    maxLength: z.number().int().min(8, "use at least 8 tokens").max(512, "use at most 512 tokens").default(128),
    workers: z.number().int().min(0).max(64, "use at most 64 worker threads").optional(),
  })
  .strict();

/** An uploaded pair file, sent as text: CSV or JSONL of anchor/positive(/negative) or sentence1/sentence2/score. */
export const pairFileBody = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/\.(csv|jsonl)$/i, "the pair file must be .csv or .jsonl"),
  content: z.string().min(1, "the pair file is empty"),
});

/** `POST /api/v1/corpora/{id}/train`: what to train. Every field is optional; `{}` trains with the defaults. */
export const trainBody = z
  .object({
    /** A name for the new model version; default from the base model. */
    name: z.string().trim().min(1, "give the model a name or leave it out").max(200).optional(),
    /** `hub:ID[@rev]`, `dir:PATH` or `scratch`; default the configured base model. */
    baseModel: z
      .string()
      .trim()
      .min(1, "write hub:ID, dir:PATH or scratch, or leave it out")
      .superRefine((spec, ctx) => {
        try {
          parseModelSpec(spec);
        } catch (err) {
          ctx.addIssue({ code: "custom", message: (err as Error).message });
        }
      })
      .optional(),
    pairFile: pairFileBody.optional(),
    options: trainOptionsBody.default(trainOptionsBody.parse({})),
  })
  .strict()
  .superRefine((body, ctx) => {
    const { sources, columns, learnTemperature, fullBatchNegatives } = body.options;
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
    if (learnTemperature && fullBatchNegatives)
      ctx.addIssue({
        code: "custom",
        path: ["options", "learnTemperature"],
        message: "a learnable temperature does not combine with full-batch negatives yet: drop one",
      });
  });

export type TrainBody = z.infer<typeof trainBody>;
