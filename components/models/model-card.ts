/**
 * A model version's stored metrics JSON read as a card for people: sentences with numbers and a
 * table of metrics before and after training, never raw keys (`baseline.retrieval_ndcg@10`,
 * `bestStep`) nor server paths (`curve`).
 */
import { formatCount, formatDuration } from "@/components/ui/format";
import type { Translate } from "@/components/ui/translate";
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

/** Metric and evaluation-set names that have messages (ModelCard.metric.*, ModelCard.set.*); others read as words. */
const METRICS = new Set(["spearman", "pearson", "nmi", "ari", "silhouette"]);
const SETS = new Set(["sts", "clustering", "retrieval"]);
/** Pair sources that have messages (ModelCard.source.*); others read as stored. */
const SOURCES = new Set(["title", "neighbours", "simcse", "augment", "file", "columns"]);

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

/**
 * "retrieval_ndcg@10" → "nDCG@10", "sts_spearman" → "sentence similarity (Spearman correlation)" in the
 * language of `t` (the ModelCard namespace); keys without a message read as words ("trainingSeconds" → "training seconds").
 */
export function metricLabel(key: string, t: Translate): string {
  const at = key.match(/^(?:retrieval_)?(ndcg|mrr|recall)@(\d+)$/);
  if (at) return t(`atK.${at[1]}`, { k: at[2] });
  const [set, ...rest] = key.split("_");
  const name = rest.join("_");
  if (SETS.has(set) && name) {
    const metric = METRICS.has(name) ? t(`metric.${name}`) : words(name);
    return set === "retrieval" ? metric : t("setMetric", { set: t(`set.${set}`), metric });
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

function headline(m: Record<string, unknown>, t: Translate): string | undefined {
  const primary = typeof m.primary === "string" ? m.primary : undefined;
  const after = primary ? num(m[primary]) : undefined;
  if (!primary || after === undefined) return undefined;
  const before = num((m.baseline as Record<string, unknown> | undefined)?.[primary]);
  const steps = num(m.steps);
  const best = num(m.bestStep);
  const change =
    before === undefined
      ? t("changeAfter", { after: value(after) })
      : t("changeBoth", { before: value(before), after: value(after) });
  const at =
    best === undefined
      ? ""
      : steps === undefined
        ? t("bestAt", { step: formatCount(best) })
        : t("bestAtOf", { step: formatCount(best), steps: formatCount(steps) });
  return t("headline", {
    metric: capitalise(metricLabel(primary, t)),
    change,
    best: at,
    early: m.stoppedEarly === true ? t("stoppedEarly") : "",
  });
}

function runFacts(m: Record<string, unknown>, t: Translate, locale: string): string | undefined {
  const steps = num(m.steps);
  if (steps === undefined) return undefined;
  const resumed = num(m.resumedFrom);
  const seconds = num(m.trainingSeconds);
  const workers = num(m.workers);
  const backend = typeof m.backend === "string" && m.backend ? m.backend : undefined;
  const sources = Array.isArray(m.sources) ? m.sources.filter((s): s is string => typeof s === "string") : [];
  return t("ran", {
    steps: formatCount(steps),
    resumed: resumed === undefined ? "" : t("resumed", { step: formatCount(resumed) }),
    time: seconds === undefined ? "" : t("time", { duration: formatDuration(seconds, locale) }),
    backend:
      backend === undefined
        ? ""
        : workers && workers > 1
          ? t("backendWorkers", { backend, workers })
          : t("backend", { backend }),
    sources: sources.length
      ? t("sources", {
          sources: sources.map((s) => (SOURCES.has(s) ? t(`source.${s}`) : s)).join(t("listSeparator")),
        })
      : "",
  });
}

function inProgress(m: Record<string, unknown>, t: Translate): string | undefined {
  const run = m.training as
    { step?: unknown; totalSteps?: unknown; best?: { step?: unknown; value?: unknown } } | undefined;
  const step = num(run?.step);
  if (!run || step === undefined || num(m.steps) !== undefined) return undefined;
  const total = num(run.totalSteps);
  const bestValue = num(run.best?.value);
  return t("training", {
    step: formatCount(step),
    total: total === undefined ? "" : t("trainingTotal", { total: formatCount(total) }),
    best:
      bestValue === undefined
        ? ""
        : t("trainingBest", { value: value(bestValue), step: formatCount(num(run.best?.step) ?? 0) }),
  });
}

function heldOut(m: Record<string, unknown>, t: Translate): string | undefined {
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
    t("semantic", { value: value(dense) }),
    ...(hybrid === undefined ? [] : [t("hybrid", { value: value(hybrid) })]),
    ...(bm25 === undefined ? [] : [t("keyword", { value: value(bm25) })]),
  ];
  return t("heldOut", {
    queries: queries === undefined ? "" : t("heldOutQueries", { queries: formatCount(queries) }),
    parts: parts.join(t("listSeparator")),
  });
}

function promotion(m: Record<string, unknown>): string | undefined {
  const p = m.promotion as { promoted?: unknown; reason?: unknown } | undefined;
  if (!p || typeof p.reason !== "string" || !p.reason) return undefined;
  // Reasons say the verdict themselves ("serves: …", "kept, not served: …"); like the recipe, they
  // come from the server's log and stay English.
  return `${capitalise(p.reason.replace(/\.$/, ""))}.`;
}

function rows(m: Record<string, unknown>, t: Translate): ModelCardRow[] {
  const baseline = (m.baseline ?? {}) as Record<string, unknown>;
  const out: ModelCardRow[] = [];
  for (const [key, v] of Object.entries(m)) {
    if (NOT_ROWS.has(key)) continue;
    const before = num(baseline[key]);
    if (typeof v === "number" && Number.isFinite(v))
      out.push({
        label: capitalise(metricLabel(key, t)),
        ...(before === undefined ? {} : { before: value(before) }),
        after: value(v),
      });
    else if (typeof v === "boolean") out.push({ label: capitalise(metricLabel(key, t)), after: t(v ? "yes" : "no") });
    else if (typeof v === "string" && v && !looksLikePath(v))
      out.push({ label: capitalise(metricLabel(key, t)), after: v });
  }
  return out;
}

/** The recipe's reasons as sentences ("Batch of 64 pairs: …."); English, as the server's log writes them. */
export function recipeLines(metrics: ModelMetrics): string[] {
  return Array.isArray(metrics.recipe)
    ? metrics.recipe.filter((r): r is string => typeof r === "string").map((r) => `${capitalise(r)}.`)
    : [];
}

/**
 * The card for a version's stored metrics, empty when they are empty; sentences and labels in the
 * language of `t` (the ModelCard namespace) and durations in `locale`.
 */
export function modelCard(metrics: ModelMetrics, t: Translate, locale: string): ModelCard {
  const sentences = [
    headline(metrics, t),
    runFacts(metrics, t, locale),
    inProgress(metrics, t),
    heldOut(metrics, t),
    promotion(metrics),
  ].filter((s): s is string => !!s);
  return { sentences, rows: rows(metrics, t), recipe: recipeLines(metrics) };
}
