"use client";

import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { buttonClass, fieldClass, labelClass } from "@/components/ui/styles";
import { sendJson } from "@/components/clusters/post-json";

/** Props of {@link ReclusterForm}: the current run's settings as defaults. */
export interface ReclusterFormProps {
  corpusId: number;
  defaults: { method?: string; k?: number; minClusterSize?: number; assignOutliers?: boolean };
  /** Clusters in the current run (bounds the reduce form); 0 when there is none. */
  clusterCount: number;
}

const optionalInt = (raw: string) => (raw.trim() === "" ? undefined : Number(raw));

/** Re-run the clustering (method, k or automatic, minimum cluster size, outliers) or reduce it to N topics. */
export function ReclusterForm({ corpusId, defaults, clusterCount }: ReclusterFormProps) {
  const t = useTranslations("Clusters");
  const requests = useTranslations("Requests");
  const [method, setMethod] = useState(defaults.method === "density" ? "density" : "kmeans");
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit =
    (build: (form: FormData) => { url: string; body: unknown; done: string }) =>
    async (e: FormEvent<HTMLFormElement>) => {
      e.preventDefault();
      setBusy(true);
      setMessage(null);
      try {
        const { url, body, done } = build(new FormData(e.currentTarget));
        await sendJson(url, "POST", body, requests);
        setMessage({ tone: "success", text: done });
      } catch (err) {
        setMessage({ tone: "error", text: (err as Error).message });
      } finally {
        setBusy(false);
      }
    };

  const recluster = submit((form) => ({
    url: `/api/v1/corpora/${corpusId}/clusters`,
    body:
      method === "density"
        ? {
            method,
            minClusterSize: optionalInt(String(form.get("minClusterSize"))),
            assignOutliers: form.get("assignOutliers") === "on",
          }
        : { method, k: optionalInt(String(form.get("k"))) },
    done: t("clusterQueued"),
  }));
  const reduce = submit((form) => ({
    url: `/api/v1/corpora/${corpusId}/clusters/reduce`,
    body: { topics: Number(form.get("topics")) },
    done: t("reduceQueued"),
  }));

  return (
    <div className="grid gap-6 md:grid-cols-2">
      <form onSubmit={recluster} className="space-y-3" aria-labelledby="recluster-heading">
        <h3 id="recluster-heading" className="text-sm font-semibold">
          {t("again")}
        </h3>
        <div>
          <label htmlFor="cluster-method" className={labelClass}>
            {t("methodLabel")}
          </label>
          <select
            id="cluster-method"
            name="method"
            value={method}
            onChange={(e) => setMethod(e.target.value)}
            className={`${fieldClass} mt-1`}
          >
            <option value="kmeans">{t("method.kmeans")}</option>
            <option value="density">{t("densityOption")}</option>
          </select>
        </div>
        {method === "kmeans" ? (
          <div>
            <label htmlFor="cluster-k" className={labelClass}>
              {t("k")}
            </label>
            <input
              id="cluster-k"
              name="k"
              type="number"
              min={1}
              max={500}
              defaultValue={defaults.k}
              placeholder={t("kAuto")}
              className={`${fieldClass} mt-1`}
            />
          </div>
        ) : (
          <>
            <div>
              <label htmlFor="cluster-min-size" className={labelClass}>
                {t("minSize")}
              </label>
              <input
                id="cluster-min-size"
                name="minClusterSize"
                type="number"
                min={2}
                defaultValue={defaults.minClusterSize}
                placeholder={t("auto")}
                className={`${fieldClass} mt-1`}
              />
            </div>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="assignOutliers"
                defaultChecked={defaults.assignOutliers}
                className="size-4 accent-accent-600"
              />
              {t("assignOutliers")}
            </label>
          </>
        )}
        <button type="submit" disabled={busy} className={buttonClass("primary")}>
          {t("again")}
        </button>
      </form>
      {clusterCount > 1 && (
        <form onSubmit={reduce} className="space-y-3" aria-labelledby="reduce-heading">
          <h3 id="reduce-heading" className="text-sm font-semibold">
            {t("reduceTitle")}
          </h3>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("reduceText")}</p>
          <div>
            <label htmlFor="reduce-topics" className={labelClass}>
              {t("topics")}
            </label>
            <input
              id="reduce-topics"
              name="topics"
              type="number"
              required
              min={1}
              max={clusterCount - 1}
              defaultValue={Math.max(1, Math.round(clusterCount / 2))}
              className={`${fieldClass} mt-1`}
            />
          </div>
          <button type="submit" disabled={busy} className={buttonClass("secondary")}>
            {t("reduce")}
          </button>
        </form>
      )}
      {message && (
        <div className="md:col-span-2">
          <Alert tone={message.tone}>{message.text}</Alert>
        </div>
      )}
    </div>
  );
}
