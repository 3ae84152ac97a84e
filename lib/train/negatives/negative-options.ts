import type { FalseNegativeRules } from "@/lib/train/negatives/false-negative-filter";

/** Where extra negatives come from: none (in-batch only), random texts of the pool, or mined. */
export const NEGATIVE_MODES = ["none", "random", "hard"] as const;
export type NegativeMode = (typeof NEGATIVE_MODES)[number];

/** How many extra negatives a batch gets, and from where. */
export interface NegativeOptions extends FalseNegativeRules {
  mode: NegativeMode;
  /** A fixed number per anchor (default 1 when mode is not none). */
  perAnchor?: number;
  /** A fixed ratio to the positives: round(ratio · pairs) negatives, shared by every anchor. Overrides perAnchor. */
  ratio?: number;
  /** Hard negatives: re-embed the pool with the current model every this many steps. Default 100. */
  remineEvery?: number;
  /** Hard negatives: nearest neighbours fetched per anchor before filtering. Default 30. */
  candidates?: number;
  /**
   * Hard negatives: at the start of training negatives are taken from this far down the
   * ranking (easier), moving to the top ranks (harder) by the end. Default 10.
   */
  easyOffset?: number;
}

/** What a batch of `pairs` gets: k per anchor, or a shared list. */
export interface NegativeCount {
  /** Negatives per anchor; 0 with a shared list. */
  perAnchor: number;
  /** Size of the shared list; 0 with per-anchor negatives. */
  shared: number;
}

/** Resolves perAnchor / ratio into counts for a batch of `pairs` examples. */
export function negativeCount(options: NegativeOptions, pairs: number): NegativeCount {
  if (options.mode === "none") return { perAnchor: 0, shared: 0 };
  if (options.ratio !== undefined) {
    if (!(options.ratio > 0)) throw new Error(`the negative ratio must be > 0, got ${options.ratio}`);
    return { perAnchor: 0, shared: Math.max(1, Math.round(options.ratio * pairs)) };
  }
  const k = options.perAnchor ?? 1;
  if (!(Number.isInteger(k) && k >= 1)) throw new Error(`negatives per anchor must be a positive integer, got ${k}`);
  return { perAnchor: k, shared: 0 };
}
