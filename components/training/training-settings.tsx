import { useTranslations } from "next-intl";
import type { TrainingSettings } from "@/lib/jobs/training-run-view";
import { baseModelLabel } from "@/components/models/model-labels";

function negativesText(n: TrainingSettings["options"]["negatives"]): string {
  if (n.mode === "none") return "in-batch";
  const count =
    n.perAnchor !== undefined ? `${n.perAnchor} per anchor` : n.ratio !== undefined ? `${n.ratio} per positive` : "";
  return `in-batch + ${n.mode === "hard" ? `hard (re-mined every ${n.remineEvery} steps)` : "random"}${count ? `, ${count}` : ""}`;
}

/** The settings a run trains with, as a definition list. */
export function TrainingSettingsList({ settings, scratch }: { settings: TrainingSettings; scratch: boolean }) {
  const t = useTranslations("Training");
  const o = settings.options;
  const rows: [string, string][] = [
    [t("baseModel"), settings.baseModel ? baseModelLabel(settings.baseModel) : t("configuredDefault")],
    [t("pairSources"), o.sources?.join(", ") ?? (settings.pairFile ? t("pairFile") : t("pairsAutomatic"))],
    [t("loss"), `${o.loss}${o.symmetric ? " (symmetric)" : ""}`],
    [t("similarity"), o.similarity],
    [t("temperature"), `${o.temperature}${o.learnTemperature ? " (learnt)" : ""}`],
    [t("negatives"), negativesText(o.negatives)],
    [
      t("peakLr"),
      o.lr !== undefined ? String(o.lr) : `automatic (${scratch ? "5e-4 from scratch" : "2e-5 for a pretrained base"})`,
    ],
    [t("schedule"), `${Math.round(o.warmupRatio * 100)}% warmup, ${o.decay} decay`],
    [t("batchSize"), `${o.batchSize} pairs${o.accumulation > 1 ? ` in ${o.accumulation} pieces` : ""}`],
    [t("steps"), o.steps !== undefined ? String(o.steps) : `automatic (${o.epochs} epoch${o.epochs === 1 ? "" : "s"})`],
    [t("maxLength"), `${o.maxLength} tokens`],
  ];
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2" data-testid="training-settings">
      {rows.map(([k, v]) => (
        <div key={k} className="flex justify-between gap-4 border-b border-zinc-100 py-1 dark:border-zinc-800">
          <dt className="text-zinc-600 dark:text-zinc-400">{k}</dt>
          <dd className="text-right font-mono text-xs text-zinc-900 dark:text-zinc-100">{v}</dd>
        </div>
      ))}
    </dl>
  );
}
