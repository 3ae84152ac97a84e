"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { formatCount } from "@/components/ui/format";
import { buttonClass, surfaceClass } from "@/components/ui/styles";
import { clusterColor } from "@/components/clusters/cluster-colors";
import { sendJson } from "@/components/clusters/post-json";

/** A row of the cluster list. */
export interface ClusterListItem {
  id: number;
  displayName: string;
  keywords: string[];
  size: number;
}

const th = "px-4 py-2.5 text-left text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400";

/**
 * The clusters, largest first: colour, name (linking to the cluster page), keywords, size and
 * share; tick two or more to merge them into the first ticked.
 */
export function ClusterTable({
  corpusId,
  clusters,
  total,
  outliers,
  editable,
}: {
  corpusId: number;
  clusters: ClusterListItem[];
  total: number;
  outliers: number;
  editable: boolean;
}) {
  const t = useTranslations("Clusters");
  const requests = useTranslations("Requests");
  const [picked, setPicked] = useState<number[]>([]);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const toggle = (id: number) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  const merge = async () => {
    setMessage(null);
    try {
      await sendJson(`/api/v1/corpora/${corpusId}/clusters/merge`, "POST", { clusterIds: picked }, requests);
      setMessage({ tone: "success", text: t("mergeQueued") });
      setPicked([]);
    } catch (err) {
      setMessage({ tone: "error", text: (err as Error).message });
    }
  };
  return (
    <div>
      <div className={`${surfaceClass} overflow-x-auto`}>
        <table className="min-w-full divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
          <caption className="sr-only">{t("tableCaption")}</caption>
          <thead className="bg-zinc-50 dark:bg-zinc-900">
            <tr>
              <th scope="col" className={`${th} w-10`}>
                <span className="sr-only">{t("merge")}</span>
              </th>
              <th scope="col" className={th}>
                {t("cluster")}
              </th>
              <th scope="col" className={th}>
                {t("keywords")}
              </th>
              <th scope="col" className={`${th} text-right`}>
                {t("passages")}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {clusters.map((c, i) => (
              <tr key={c.id} data-testid="cluster-row" className="hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
                <td className="px-4 py-2.5">
                  {editable && (
                    <input
                      type="checkbox"
                      checked={picked.includes(c.id)}
                      onChange={() => toggle(c.id)}
                      aria-label={t("selectToMerge", { name: c.displayName })}
                      className="size-4 accent-accent-600"
                    />
                  )}
                </td>
                <td className="px-4 py-2.5">
                  <span className="flex items-center gap-2">
                    <span
                      aria-hidden="true"
                      className="inline-block size-3 shrink-0 rounded-full"
                      style={{ background: clusterColor(i) }}
                    />
                    <Link
                      href={`/corpora/${corpusId}/clusters/${c.id}`}
                      data-testid="cluster-link"
                      className="font-medium text-accent-700 underline-offset-2 hover:underline dark:text-accent-300"
                    >
                      {c.displayName}
                    </Link>
                  </span>
                </td>
                <td className="max-w-lg px-4 py-2.5 text-zinc-600 dark:text-zinc-400">
                  {c.keywords.slice(0, 8).join(" · ")}
                </td>
                <td className="px-4 py-2.5 text-right whitespace-nowrap tabular-nums">
                  {formatCount(c.size)}{" "}
                  <span className="text-zinc-400">({((100 * c.size) / Math.max(1, total)).toFixed(1)}%)</span>
                </td>
              </tr>
            ))}
            {outliers > 0 && (
              <tr data-testid="cluster-row" className="hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
                <td />
                <td className="px-4 py-2.5">
                  <span className="flex items-center gap-2">
                    <span aria-hidden="true" className="inline-block size-3 shrink-0 rounded-full bg-zinc-400" />
                    <Link
                      href={`/corpora/${corpusId}/clusters/-1`}
                      className="font-medium text-accent-700 underline-offset-2 hover:underline dark:text-accent-300"
                    >
                      {t("outliers")}
                    </Link>
                  </span>
                </td>
                <td className="px-4 py-2.5 text-zinc-500">{t("outliersRow")}</td>
                <td className="px-4 py-2.5 text-right tabular-nums">{formatCount(outliers)}</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {editable && (
        <div className="mt-3 flex flex-wrap items-center gap-3">
          <button type="button" onClick={merge} disabled={picked.length < 2} className={buttonClass("secondary")}>
            {picked.length >= 2 ? t("mergeN", { count: picked.length }) : t("mergeSelected")}
          </button>
          <span className="text-xs text-zinc-500">{t("mergeHint")}</span>
        </div>
      )}
      {message && (
        <div className="mt-3">
          <Alert tone={message.tone}>{message.text}</Alert>
        </div>
      )}
    </div>
  );
}
