import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import type { ModelVersion } from "@/lib/db/schema";
import { TrainForm, type TrainFormProps } from "@/components/training/train-form";
import { formatDateTime, isoTime } from "@/components/ui/format";
import { linkClass, surfaceClass } from "@/components/ui/styles";
import { modelDisplayName, sourceLabel, sourceSentence } from "@/components/models/model-labels";
import { modelCard } from "@/components/models/model-card";
import { RecipeList } from "@/components/models/recipe-list";

const STATUS_STYLE: Record<string, string> = {
  live: "bg-emerald-50 text-emerald-700 ring-emerald-200 dark:bg-emerald-950 dark:text-emerald-300 dark:ring-emerald-800",
  ready: "bg-sky-50 text-sky-700 ring-sky-200 dark:bg-sky-950 dark:text-sky-300 dark:ring-sky-800",
  indexing: "bg-accent-50 text-accent-700 ring-accent-200 dark:bg-accent-950 dark:text-accent-300 dark:ring-accent-800",
  training: "bg-accent-50 text-accent-700 ring-accent-200 dark:bg-accent-950 dark:text-accent-300 dark:ring-accent-800",
  failed: "bg-red-50 text-red-700 ring-red-200 dark:bg-red-950 dark:text-red-300 dark:ring-red-800",
  pending: "bg-zinc-100 text-zinc-700 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700",
  cancelled: "bg-amber-50 text-amber-800 ring-amber-200 dark:bg-amber-950 dark:text-amber-300 dark:ring-amber-800",
  retired: "bg-zinc-100 text-zinc-500 ring-zinc-200 dark:bg-zinc-800/60 dark:text-zinc-400 dark:ring-zinc-700",
};

const STATUS_TITLE: Record<string, string> = {
  live: "serves search and similarity for this corpus",
  ready: "indexed; not serving (the live version scored better or was kept)",
  indexing: "embedding and indexing the corpus with this model",
  training: "being trained",
  pending: "waiting for its job",
  retired: "served earlier; replaced by a newer version",
  failed: "its job failed; see the Jobs page",
  cancelled: "its training was cancelled; it can be resumed from its last checkpoint",
};

function VersionStatus({ status }: { status: string }) {
  const t = useTranslations("ModelStatus");
  return (
    <span
      title={t.has(`title.${status}`) ? t(`title.${status}`) : STATUS_TITLE[status]}
      data-testid="model-version-status"
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATUS_STYLE[status] ?? STATUS_STYLE.pending}`}
    >
      {status === "live" ? t("serving") : t.has(`label.${status}`) ? t(`label.${status}`) : status}
    </span>
  );
}

function ServingSentence({ live, preparing }: { live: ModelVersion | undefined; preparing: boolean }) {
  const t = useTranslations("Models");
  const sources = useTranslations("ModelSource");
  if (!live) {
    return (
      <p className="text-sm text-zinc-700 dark:text-zinc-300" data-testid="serving-sentence">
        {t.rich(preparing ? "noModelPreparing" : "noModel", {
          jobs: (chunks) => (
            <Link href="/jobs" className={linkClass}>
              {chunks}
            </Link>
          ),
        })}
      </p>
    );
  }
  return (
    <p className="text-sm text-zinc-700 dark:text-zinc-300" data-testid="serving-sentence">
      {t.rich("serving", {
        model: () => (
          <span className="font-semibold text-zinc-900 dark:text-zinc-100">{modelDisplayName(live.name)}</span>
        ),
        source: sources.has(`sentence.${live.source}`)
          ? sources(`sentence.${live.source}`)
          : sourceSentence(live.source),
      })}
    </p>
  );
}

function MetricsTable({ version }: { version: ModelVersion }) {
  const t = useTranslations("Models");
  const card = useTranslations("ModelCard");
  const locale = useLocale();
  const { sentences, rows, recipe } = modelCard(version.metrics, card, locale);
  if (!sentences.length && !rows.length)
    return <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">{t("noResults")}</p>;
  const hasBefore = rows.some((r) => r.before !== undefined);
  return (
    <div className="mt-3 space-y-2" data-testid="model-card">
      {sentences.map((s) => (
        <p key={s} className="text-sm text-zinc-700 dark:text-zinc-300">
          {s}
        </p>
      ))}
      {rows.length > 0 && (
        <table className="w-full text-sm" data-testid="model-metrics">
          <caption className="sr-only">{t("metricsOf", { name: modelDisplayName(version.name) })}</caption>
          <thead className="text-xs text-zinc-500 dark:text-zinc-400">
            <tr>
              <th scope="col" className="py-1 pr-4 text-left font-normal">
                {t("metric")}
              </th>
              {hasBefore && (
                <th scope="col" className="py-1 pr-4 text-right font-normal">
                  {t("before")}
                </th>
              )}
              <th scope="col" className="py-1 text-right font-normal">
                {hasBefore ? t("after") : t("value")}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {rows.map((r) => (
              <tr key={r.label}>
                <th scope="row" className="py-1 pr-4 text-left text-xs font-normal text-zinc-600 dark:text-zinc-400">
                  {r.label}
                </th>
                {hasBefore && (
                  <td className="py-1 pr-4 text-right font-mono text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
                    {r.before ?? "–"}
                  </td>
                )}
                <td className="py-1 text-right font-mono text-xs tabular-nums text-zinc-900 dark:text-zinc-100">
                  {r.after}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <RecipeList recipe={recipe} />
    </div>
  );
}

/** Props of {@link ModelVersionsSection}. */
export interface ModelVersionsSectionProps {
  /** The corpus's versions, newest first. */
  versions: ModelVersion[];
  /** The corpus's `liveModelVersionId`. */
  liveId: number | null;
  /** True while a job that prepares, trains or indexes a model for the corpus is queued or running. */
  preparing: boolean;
  /** Ids of the versions that have a training run to show (a train job). */
  trainedIds?: ReadonlySet<number>;
  /** The "Train a model" form's settings; no form without them. */
  train?: Omit<TrainFormProps, "corpusId"> & { corpusId: number };
}

function TrainPanel({ train }: { train: NonNullable<ModelVersionsSectionProps["train"]> }) {
  const t = useTranslations("Models");
  return (
    <details className={`${surfaceClass} mt-4 p-4`} data-testid="train-panel">
      <summary className="cursor-pointer text-sm font-semibold text-zinc-900 dark:text-zinc-100">{t("train")}</summary>
      <p className="mt-2 mb-4 text-sm text-zinc-600 dark:text-zinc-400">{t("trainText")}</p>
      <TrainForm {...train} />
    </details>
  );
}

/**
 * A corpus's model versions, newest first: which one serves search (marked "Serving"), where each
 * came from, its status and its evaluation metrics; with a plain sentence on what serves search.
 */
export function ModelVersionsSection({ versions, liveId, preparing, trainedIds, train }: ModelVersionsSectionProps) {
  const t = useTranslations("Models");
  const sources = useTranslations("ModelSource");
  const locale = useLocale();
  const live = versions.find((v) => v.id === liveId);
  // The serving version first, then the rest newest first.
  const ordered = live ? [live, ...versions.filter((v) => v !== live)] : versions;
  return (
    <section id="models" aria-labelledby="models-heading" className="mt-10 scroll-mt-20" data-testid="model-versions">
      <h2 id="models-heading" className="mb-1 text-lg font-semibold">
        {t("title")}
      </h2>
      <ServingSentence live={live} preparing={preparing} />
      {train && <TrainPanel train={train} />}
      {versions.length > 0 && (
        <ul className="mt-4 grid gap-3 sm:grid-cols-2">
          {ordered.map((v) => (
            <li
              key={v.id}
              data-testid="model-version"
              data-live={v.id === liveId || undefined}
              className={`${surfaceClass} p-4 ${v.id === liveId ? "border-emerald-300 ring-1 ring-emerald-300 dark:border-emerald-800 dark:ring-emerald-800" : ""}`}
            >
              <div className="flex items-start justify-between gap-3">
                <div className="min-w-0">
                  <p className="truncate font-medium" title={v.name}>
                    {modelDisplayName(v.name)}
                  </p>
                  <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
                    {t("version", { id: v.id })} ·{" "}
                    {sources.has(`short.${v.source}`) ? sources(`short.${v.source}`) : sourceLabel(v.source)} ·{" "}
                    <time dateTime={isoTime(v.createdAt)}>{formatDateTime(v.createdAt, locale)}</time>
                  </p>
                </div>
                <VersionStatus status={v.id === liveId ? "live" : v.status} />
              </div>
              <MetricsTable version={v} />
              {trainedIds?.has(v.id) && (
                <p className="mt-3 text-sm">
                  <Link href={`/models/${v.id}`} className={linkClass} data-testid="training-run-link">
                    {v.status === "training" || v.status === "pending" ? t("followRun") : t("runLink")}
                  </Link>
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
