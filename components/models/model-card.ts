/**
 * A model version's stored metrics JSON read as a card for people: sentences with numbers and a
 * table of metrics before and after training, never raw keys (`baseline.retrieval_ndcg@10`,
 * `bestStep`) nor server paths (`curve`).
 */
import { formatCount, formatDuration } from "@/components/ui/format";
import type { ModelMetrics } from "@/lib/db/stored-json";

/** One metric of the kept model, with its base's value before training when there is one. */
export interface ModelCardRow {
  label: string;
  before?: string;
  after: string;
}

/** What the card shows: sentences first, then the metric rows, and why each training setting was chosen. */
export interface ModelCard {
  sentences: string[];
  rows: ModelCardRow[];
  /** The recipe's reasons, one sentence per setting it chose (empty when every setting was given). */
  recipe: string[];
}

const METRIC_NAMES: Record<string, string> = {
  spearman: "Spearman correlation",
  pearson: "Pearson correlation",
  nmi: "NMI",
  ari: "adjusted Rand index",
  silhouette: "silhouette",
};

const SET_NAMES: Record<string, string> = { sts: "sentence similarity", clustering: "clustering", retrieval: "" };

const SOURCE_NAMES: Record<string, string> = {
  title: "title ↔ body",
  neighbours: "neighbouring passages",
  simcse: "SimCSE",
  augment: "augmentation",
  file: "the pair file",
  columns: "column pairs",
};

/** Keys that are read into sentences, or are not for people (paths, nested reports read elsewhere). */
const NOT_ROWS = new Set([
  "primary",
  "baseline",
  "steps",
  "bestStep",
  "stoppedEarly",
  "resumedFrom",
  "trainingSeconds",
  "backend",
  "workers",
  "sources",
  "curve",
  "training",
  "heldout",
  "promotion",
  "recipe",
]);

/** "retrieval_ndcg@10" → "nDCG@10", "sts_spearman" → "sentence similarity (Spearman correlation)", "trainingSeconds" → "training seconds". */
export function metricLabel(key: string): string {
  const at = key.match(/^(?:retrieval_)?(ndcg|mrr|recall)@(\d+)$/);
  if (at) return `${{ ndcg: "nDCG", mrr: "MRR", recall: "recall" }[at[1]]}@${at[2]}`;
  const [set, ...rest] = key.split("_");
  const name = rest.join("_");
  if (set in SET_NAMES && name) {
    const metric = METRIC_NAMES[name] ?? words(name);
    return SET_NAMES[set] ? `${SET_NAMES[set]} (${metric})` : metric;
  }
  return words(key);
}

function words(key: string): string {
  return key
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/[_.]+/g, " ")
    .toLowerCase()
    .trim();
}

/** First letter up, unless the word is written in mixed case ("nDCG@10"). */
function capitalise(s: string): string {
  return s && !/^[a-z][A-Z]/.test(s) ? s[0].toUpperCase() + s.slice(1) : s;
}

/** Scores to three decimals; counts as counts. */
function value(v: number): string {
  return Number.isInteger(v) && Math.abs(v) >= 10 ? formatCount(v) : v.toFixed(3);
}

/** A stored string that names a place on the server: never shown. */
function looksLikePath(s: string): boolean {
  return /^(\/|[A-Za-z]:\\|\.{1,2}\/|~\/)/.test(s) || /[\\/][^\\/\s]+[\\/][^\\/\s]+/.test(s);
}

function num(x: unknown): number | undefined {
  return typeof x === "number" && Number.isFinite(x) ? x : undefined;
}

function headline(m: Record<string, unknown>): string | undefined {
  const primary = typeof m.primary === "string" ? m.primary : undefined;
  const after = primary ? num(m[primary]) : undefined;
  if (!primary || after === undefined) return undefined;
  const before = num((m.baseline as Record<string, unknown> | undefined)?.[primary]);
  const steps = num(m.steps);
  const best = num(m.bestStep);
  const change =
    before === undefined ? `${value(after)} after training` : `${value(before)} → ${value(after)} after training`;
  const at =
    best === undefined
      ? ""
      : `, best at step ${formatCount(best)}${steps === undefined ? "" : ` of ${formatCount(steps)}`}`;
  return `${capitalise(metricLabel(primary))} on held-out data: ${change}${at}${m.stoppedEarly === true ? " (stopped early: no more gain)" : ""}.`;
}

function runFacts(m: Record<string, unknown>): string | undefined {
  const steps = num(m.steps);
  if (steps === undefined) return undefined;
  const parts = [`Trained for ${formatCount(steps)} steps`];
  const resumed = num(m.resumedFrom);
  if (resumed !== undefined) parts.push(` (resumed from step ${formatCount(resumed)})`);
  const seconds = num(m.trainingSeconds);
  if (seconds !== undefined) parts.push(` in ${formatDuration(seconds)}`);
  const workers = num(m.workers);
  if (typeof m.backend === "string" && m.backend)
    parts.push(` on ${m.backend}${workers && workers > 1 ? ` with ${workers} workers` : ""}`);
  const sources = Array.isArray(m.sources) ? m.sources.filter((s): s is string => typeof s === "string") : [];
  if (sources.length) parts.push(`, on pairs from ${sources.map((s) => SOURCE_NAMES[s] ?? s).join(", ")}`);
  return `${parts.join("")}.`;
}

function inProgress(m: Record<string, unknown>): string | undefined {
  const t = m.training as
    { step?: unknown; totalSteps?: unknown; best?: { step?: unknown; value?: unknown } } | undefined;
  const step = num(t?.step);
  if (!t || step === undefined || num(m.steps) !== undefined) return undefined;
  const total = num(t.totalSteps);
  const bestValue = num(t.best?.value);
  const best =
    bestValue === undefined
      ? ""
      : `; best held-out score so far ${value(bestValue)} at step ${formatCount(num(t.best?.step) ?? 0)}`;
  return `Training: step ${formatCount(step)}${total === undefined ? "" : ` of ${formatCount(total)}`}${best}.`;
}

function heldOut(m: Record<string, unknown>): string | undefined {
  const h = m.heldout as
    | {
        split?: { queries?: unknown };
        baselines?: { retrieval?: { bm25?: { ndcg?: unknown } } };
        trained?: { retrieval?: { dense?: { ndcg?: unknown }; hybrid?: { ndcg?: unknown } } };
      }
    | undefined;
  const dense = num(h?.trained?.retrieval?.dense?.ndcg);
  if (dense === undefined) return undefined;
  const queries = num(h?.split?.queries);
  const hybrid = num(h?.trained?.retrieval?.hybrid?.ndcg);
  const bm25 = num(h?.baselines?.retrieval?.bm25?.ndcg);
  const parts = [
    `semantic ${value(dense)}`,
    ...(hybrid === undefined ? [] : [`hybrid ${value(hybrid)}`]),
    ...(bm25 === undefined ? [] : [`keyword (BM25) ${value(bm25)}`]),
  ];
  return `nDCG@10 on the held-out split${queries === undefined ? "" : ` (${formatCount(queries)} queries)`}: ${parts.join(", ")}.`;
}

function promotion(m: Record<string, unknown>): string | undefined {
  const p = m.promotion as { promoted?: unknown; reason?: unknown } | undefined;
  if (!p || typeof p.reason !== "string" || !p.reason) return undefined;
  // Reasons say the verdict themselves ("serves: …", "kept, not served: …").
  return `${capitalise(p.reason.replace(/\.$/, ""))}.`;
}

function rows(m: Record<string, unknown>): ModelCardRow[] {
  const baseline = (m.baseline ?? {}) as Record<string, unknown>;
  const out: ModelCardRow[] = [];
  for (const [key, v] of Object.entries(m)) {
    if (NOT_ROWS.has(key)) continue;
    const before = num(baseline[key]);
    if (typeof v === "number" && Number.isFinite(v))
      out.push({
        label: capitalise(metricLabel(key)),
        ...(before === undefined ? {} : { before: value(before) }),
        after: value(v),
      });
    else if (typeof v === "boolean") out.push({ label: capitalise(metricLabel(key)), after: v ? "yes" : "no" });
    else if (typeof v === "string" && v && !looksLikePath(v))
      out.push({ label: capitalise(metricLabel(key)), after: v });
  }
  return out;
}

/** The card for a version's stored metrics; empty when they are empty. */
export function modelCard(metrics: ModelMetrics): ModelCard {
  const sentences = [
    headline(metrics),
    runFacts(metrics),
    inProgress(metrics),
    heldOut(metrics),
    promotion(metrics),
  ].filter((s): s is string => !!s);
  const recipe = Array.isArray(metrics.recipe)
    ? metrics.recipe.filter((r): r is string => typeof r === "string").map((r) => `${capitalise(r)}.`)
    : [];
  return { sentences, rows: rows(metrics), recipe };
}
