import type { SamplerState } from "@/lib/train/pairs/batch-sampler";

/** One point of the training curve, for charts: loss and learning rate at every step. */
export interface CurvePoint {
  step: number;
  loss: number;
  lr: number;
  gradNorm: number;
  /** Seconds since the run started (resumed runs continue the count). */
  seconds: number;
  /** The source the step's batch came from. */
  source: string;
}

/** One evaluation: every metric, and the primary one that early stopping watches. */
export interface EvaluationPoint {
  step: number;
  metrics: Record<string, number>;
  primary: string;
  value: number;
}

/**
 * Everything besides weights and optimiser moments that a resumed run needs to continue
 * exactly: the step, where the sampler stands, early-stopping bookkeeping, the curve so far.
 * Plain JSON.
 */
export interface TrainingState {
  version: 1;
  /** Optimiser steps done. */
  step: number;
  totalSteps: number;
  seed: number;
  sampler: SamplerState;
  curve: CurvePoint[];
  evaluations: EvaluationPoint[];
  best?: { step: number; value: number };
  /** Evaluations since the last improvement. */
  sinceBest: number;
  /** True once early stopping has fired. */
  stopped: boolean;
  elapsedSeconds: number;
  /** Fingerprint of the options that shape the run; a resume with different ones is refused. */
  fingerprint: string;
}
