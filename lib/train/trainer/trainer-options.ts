import { z } from "zod";
import { NEGATIVE_MODES } from "@/lib/train/negatives/negative-options";
import { SOURCE_NAMES } from "@/lib/train/pairs/source-plan";
import { DECAY_KINDS } from "@/lib/train/schedules/learning-rate-schedule";
import { LOSS_NAMES } from "@/lib/train/losses/loss-names";

/** `--similarity` names; `l2` is the negative scaled squared L2 distance −‖x − y‖²/d. */
export const SIMILARITY_OPTIONS = ["cosine", "dot", "l2", "euclidean", "scaled-squared-l2"] as const;

const negativesSchema = z
  .object({
    mode: z.enum(NEGATIVE_MODES).default("none"),
    perAnchor: z.number().int().positive().optional(),
    ratio: z.number().positive().optional(),
    remineEvery: z.number().int().positive().default(100),
    candidates: z.number().int().positive().default(30),
    easyOffset: z.number().int().min(0).default(10),
    maxOverlap: z.number().min(0).max(1).default(0.8),
    ceiling: z.number().positive().default(0.95),
    poolLimit: z.number().int().positive().default(20_000),
  })
  .default({
    mode: "none",
    remineEvery: 100,
    candidates: 30,
    easyOffset: 10,
    maxOverlap: 0.8,
    ceiling: 0.95,
    poolLimit: 20_000,
  });

const scratchSchema = z
  .object({
    vocabSize: z.number().int().min(100).default(8000),
    hidden: z.number().int().positive().optional(),
    layers: z.number().int().min(1).optional(),
    heads: z.number().int().positive().optional(),
    intermediate: z.number().int().positive().optional(),
    /** Initialise the word embeddings from PPMI + SVD of the corpus (see lib/train/warm-start). */
    warmStart: z.boolean().default(true),
    /** Mean L2 norm of the warm-started rows (smaller lets training move them sooner). */
    warmStartScale: z.number().positive().default(1),
    /** With the warm start: zero every residual branch so the encoder starts as a mean of word vectors. */
    zeroResidual: z.boolean().default(true),
    /**
     * With the warm start: dimensions of each word row that only absorb norm, so that mean pooling
     * starts IDF-weighted (see idfSinkTable); default hidden / 8; 0 starts from plain PPMI rows.
     */
    sinkDims: z.number().int().min(0).optional(),
    /** With `sinkDims`: exponent of the (idf / max idf) token weights. */
    idfPower: z.number().min(0).default(1.5),
    /** With `sinkDims`: share of the PPMI vectors in the rows' meaning dimensions, the rest random; default chosen on held-out data. */
    corpusShare: z.number().min(0).max(1).optional(),
  })
  .default({ vocabSize: 8000, warmStart: true, warmStartScale: 1, zeroResidual: true, idfPower: 1.5 });

/**
 * Every trainer option with a default that works untouched; the job payload, the CLI and
 * the benchmarks all go through this schema.
 */
export const trainerOptionsSchema = z.object({
  loss: z.enum(LOSS_NAMES).default("infonce"),
  similarity: z.enum(SIMILARITY_OPTIONS).default("cosine"),
  temperature: z.number().positive().default(0.05),
  learnTemperature: z.boolean().default(false),
  symmetric: z.boolean().default(false),
  shareNegatives: z.boolean().default(true),
  margin: z.number().positive().optional(),
  batchSize: z.number().int().min(2).default(32),
  /** Optimiser steps; default: `epochs` passes over the largest source, at least 20, fewer when `budgetMinutes` ends first. */
  steps: z.number().int().positive().optional(),
  /**
   * Time the run may take, in minutes: without `steps`, the steps are fitted to it from the measured
   * speed of a step, and the run stops (keeping the best evaluation) when it is spent.
   */
  budgetMinutes: z
    .number()
    .positive()
    .max(7 * 24 * 60)
    .optional(),
  epochs: z.number().positive().default(1),
  /** Peak learning rate; default 2e-5 for a pretrained base, 5e-4 from scratch. */
  lr: z.number().positive().optional(),
  warmupRatio: z.number().min(0).max(1).default(0.1),
  decay: z.enum(DECAY_KINDS).default("linear"),
  weightDecay: z.number().min(0).default(0.01),
  maxGradNorm: z.number().positive().default(1),
  accumulation: z.number().int().min(1).default(1),
  /**
   * Memory one replica may use, in MiB: larger batches are computed in pieces (GradCache, so
   * in-batch negatives still span the whole batch). Default 1024 on the WASM and CPU backends, none on GPU backends.
   */
  memoryBudgetMb: z.number().min(128).max(16_384).optional(),
  /** In-batch negatives across every shard and accumulation step (GradCache) instead of per shard. */
  fullBatchNegatives: z.boolean().default(false),
  maxLength: z.number().int().min(8).default(128),
  seed: z.number().int().default(42),
  /** Worker threads for data parallelism; default one per core on WASM, none on GPU backends. */
  workers: z.number().int().min(0).optional(),
  evalEvery: z.number().int().positive().optional(),
  checkpointEvery: z.number().int().positive().optional(),
  /** Evaluations without improvement before stopping; 0 never stops early. */
  patience: z.number().int().min(0).default(5),
  minDelta: z.number().min(0).default(0),
  /** Share of the data held out for evaluation, at most `evalMaxPairs` pairs. */
  evalFraction: z.number().min(0).max(0.5).default(0.1),
  evalMaxPairs: z.number().int().min(0).default(500),
  /** Metadata column with class labels: adds a clustering evaluation (k-means, NMI). */
  evalLabelColumn: z.string().optional(),
  negatives: negativesSchema,
  sources: z.array(z.enum(SOURCE_NAMES)).optional(),
  columns: z.tuple([z.string(), z.string()]).optional(),
  /** How sources share batches: in turn, by `sourceWeights`, or in proportion to their sizes. */
  mixing: z.enum(["round-robin", "weighted", "proportional"]).default("round-robin"),
  sourceWeights: z.record(z.string(), z.number().positive()).optional(),
  positiveThreshold: z.number().optional(),
  scratch: scratchSchema,
  exportOnnx: z.boolean().default(true),
});

export type TrainerOptions = z.infer<typeof trainerOptionsSchema>;
export type TrainerOptionsInput = z.input<typeof trainerOptionsSchema>;

/** Parses options, filling every default. @throws zod's error naming the bad field */
export function parseTrainerOptions(input: unknown = {}): TrainerOptions {
  return trainerOptionsSchema.parse(input ?? {});
}

/** The similarity registry's name for an option value. */
export function similarityName(
  option: TrainerOptions["similarity"],
): "cosine" | "dot" | "scaled-squared-l2" | "euclidean" {
  return option === "l2" ? "scaled-squared-l2" : option;
}
