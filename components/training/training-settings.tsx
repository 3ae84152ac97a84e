import { useTranslations } from "next-intl";
import type { TrainingSettings } from "@/lib/jobs/training-run-view";
import type { Translate } from "@/components/ui/translate";
import { baseModelLabel } from "@/components/models/model-labels";

type Options = TrainingSettings["options"];

/** A translator that also says whether it has a message, as next-intl's do. */
type Lookup = Translate & { has: (key: string) => boolean };

/** The message of a named choice ("loss.infonce", "similarity.scaledSquaredL2"), or the name itself when it has none. */
function named(v: Lookup, group: string, name: string): string {
  const key = `${group}.${name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}`;
  return v.has(key) ? v(key) : name;
}

function negativesText(n: Options["negatives"], v: Translate): string {
  if (n.mode === "none") return v("inBatch");
  const count =
    n.perAnchor !== undefined
      ? v("perAnchor", { n: n.perAnchor })
      : n.ratio !== undefined
        ? v("perPositive", { n: n.ratio })
        : "";
  const kind = n.mode === "hard" ? v("hard", { steps: n.remineEvery }) : v("random");
  return v("inBatchPlus", { kind, count: count ? v("countSuffix", { count }) : "" });
}

/** The value column of the settings list, in the language of `v` (the Training.value namespace). */
function values(settings: TrainingSettings, scratch: boolean, v: Lookup, sources: Translate) {
  const o = settings.options;
  const loss = named(v, "loss", o.loss);
  const temperature = String(o.temperature);
  return {
    baseModel: settings.baseModel ? baseModelLabel(settings.baseModel, sources) : undefined,
    pairSources: o.sources?.map((s) => named(v, "source", s)).join(v("listSeparator")),
    loss: o.symmetric ? v("symmetric", { loss }) : loss,
    similarity: named(v, "similarity", o.similarity),
    temperature: o.learnTemperature ? v("learnt", { temperature }) : temperature,
    negatives: negativesText(o.negatives, v),
    peakLr: o.lr !== undefined ? String(o.lr) : v(scratch ? "lrScratch" : "lrPretrained"),
    schedule: v("schedule", { warmup: Math.round(o.warmupRatio * 100), decay: named(v, "decay", o.decay) }),
    batchSize:
      o.accumulation > 1
        ? v("batchPieces", { size: o.batchSize, pieces: o.accumulation })
        : v("batch", { size: o.batchSize }),
    steps: o.steps !== undefined ? String(o.steps) : v("stepsAuto", { epochs: o.epochs }),
    maxLength: v("tokens", { n: o.maxLength }),
  };
}

/** The settings a run trains with, as a definition list, in the reader's language. */
export function TrainingSettingsList({ settings, scratch }: { settings: TrainingSettings; scratch: boolean }) {
  const t = useTranslations("Training");
  // Passed to the helpers above, which the messages test cannot place; the component's tests render every value.
  const valueWords = useTranslations("Training.value");
  const sources = useTranslations("ModelSource");
  const x = values(settings, scratch, valueWords, sources);
  const rows: [string, string][] = [
    [t("baseModel"), x.baseModel ?? t("configuredDefault")],
    [t("pairSources"), x.pairSources ?? (settings.pairFile ? t("pairFile") : t("pairsAutomatic"))],
    [t("loss"), x.loss],
    [t("similarity"), x.similarity],
    [t("temperature"), x.temperature],
    [t("negatives"), x.negatives],
    [t("peakLr"), x.peakLr],
    [t("schedule"), x.schedule],
    [t("batchSize"), x.batchSize],
    [t("steps"), x.steps],
    [t("maxLength"), x.maxLength],
  ];
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2" data-testid="training-settings">
      {rows.map(([k, val]) => (
        <div key={k} className="flex justify-between gap-4 border-b border-zinc-100 py-1 dark:border-zinc-800">
          <dt className="text-zinc-600 dark:text-zinc-400">{k}</dt>
          <dd className="text-right font-mono text-xs text-zinc-900 dark:text-zinc-100">{val}</dd>
        </div>
      ))}
    </dl>
  );
}
