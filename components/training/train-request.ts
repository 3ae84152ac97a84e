import type { LossName } from "@/lib/train/losses/loss-names";
import type { NegativeMode } from "@/lib/train/negatives/negative-options";
import type { SourceName } from "@/lib/train/pairs/source-plan";
import type { TrainerOptionsInput } from "@/lib/train/trainer/trainer-options";

type SimilarityOption = NonNullable<TrainerOptionsInput["similarity"]>;

/** The pair sources the form offers, with what each needs of the corpus. */
export const SOURCE_CHOICES: readonly { value: SourceName; label: string; hint: string }[] = [
  { value: "title", label: "Title ↔ body", hint: "a document's title and its passages (needs informative titles)" },
  {
    value: "neighbours",
    label: "Neighbouring passages",
    hint: "consecutive passages of one document (needs documents of several passages)",
  },
  {
    value: "simcse",
    label: "SimCSE",
    hint: "each passage against itself under another dropout mask (works on any text)",
  },
  {
    value: "augment",
    label: "Augmentation",
    hint: "a passage against a cropped copy with words dropped (works on any text)",
  },
];

export const LOSS_CHOICES: Record<LossName, string> = {
  infonce: "InfoNCE (softmax contrastive)",
  cosent: "CoSENT (graded pairs)",
  triplet: "Triplet",
  margin: "Margin contrastive",
};

export const SIMILARITY_CHOICES: Record<SimilarityOption, string> = {
  cosine: "Cosine",
  dot: "Dot product",
  l2: "Negative scaled squared L2",
  euclidean: "Euclidean",
  "scaled-squared-l2": "Scaled squared L2 (same as l2)",
};

export const NEGATIVE_CHOICES: Record<NegativeMode, string> = {
  none: "In-batch only",
  hard: "In-batch + hard negatives (mined from the corpus)",
  random: "In-batch + random extra negatives",
};

/** What the form holds: strings as typed, so an empty field means "the default". */
export interface TrainFormValues {
  base: "default" | "scratch" | "custom";
  customBase: string;
  name: string;
  sourceMode: "auto" | "choose";
  sources: SourceName[];
  pairFile: { name: string; content: string } | null;
  loss: LossName;
  similarity: SimilarityOption;
  negatives: NegativeMode;
  temperature: string;
  lr: string;
  batchSize: string;
  steps: string;
}

/** The form untouched: the configured base, automatic sources, the trainer's defaults. */
export const DEFAULT_TRAIN_FORM: TrainFormValues = {
  base: "default",
  customBase: "",
  name: "",
  sourceMode: "auto",
  sources: ["title", "neighbours"],
  pairFile: null,
  loss: "infonce",
  similarity: "cosine",
  negatives: "none",
  temperature: "",
  lr: "",
  batchSize: "",
  steps: "",
};

/**
 * The form's first values: the defaults, starting on scratch when the configured base cannot run
 * here now (not in the model store and the hub does not answer), so the first "Start training" works offline.
 */
export function initialTrainForm(baseAvailability?: { choice: "default" | "scratch" }): TrainFormValues {
  return { ...DEFAULT_TRAIN_FORM, base: baseAvailability?.choice ?? DEFAULT_TRAIN_FORM.base };
}

/** A number field: empty is left out; anything else is sent as typed so the server names what is wrong. */
function numberField(raw: string): number | string | undefined {
  const s = raw.trim();
  if (s === "") return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : s;
}

/**
 * The `POST /api/v1/corpora/{id}/train` body for the form's values; only what differs from the
 * defaults is sent, so the server's defaults (which depend on the base) apply to the rest.
 */
export function trainRequestBody(v: TrainFormValues): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  if (v.loss !== "infonce") options.loss = v.loss;
  if (v.similarity !== "cosine") options.similarity = v.similarity;
  if (v.negatives !== "none") options.negatives = { mode: v.negatives, perAnchor: 1 };
  for (const key of ["temperature", "lr", "batchSize", "steps"] as const) {
    const value = numberField(v[key]);
    if (value !== undefined) options[key] = value;
  }
  if (v.sourceMode === "choose") options.sources = [...v.sources, ...(v.pairFile ? ["file"] : [])];
  const body: Record<string, unknown> = { options };
  if (v.base === "scratch") body.baseModel = "scratch";
  if (v.base === "custom") body.baseModel = v.customBase;
  if (v.name.trim()) body.name = v.name.trim();
  if (v.pairFile) body.pairFile = v.pairFile;
  return body;
}

/** The form field an API error's path points at (`options.batchSize` → `batchSize`, `baseModel` → `customBase`). */
export function fieldOfPath(path: string): keyof TrainFormValues | "form" {
  const [head, second] = path.split(".");
  if (head === "baseModel") return "customBase";
  if (head === "pairFile") return "pairFile";
  if (head === "name") return "name";
  if (head === "options" && second) {
    if (second === "negatives") return "negatives";
    if (second === "sources" || second === "columns") return "sources";
    if (["loss", "similarity", "temperature", "lr", "batchSize", "steps"].includes(second))
      return second as keyof TrainFormValues;
  }
  return "form";
}
