"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import type { ClusterPassage } from "@/lib/db/queries/clusters";
import { Alert } from "@/components/ui/alert";
import { buttonClass, linkClass } from "@/components/ui/styles";

/** What is selected on the map and why. */
export interface MapSelection {
  /** Passage ids, in the order to list them (search: by rank). */
  passageIds: number[];
  source: "click" | "lasso" | "search";
  /** The search query, for source "search". */
  query?: string;
}

const SHOWN = 50;

/** The passages selected on the map (a click, a lasso or a search), fetched lazily, each linking to its document. */
export function MapSelectionPanel({
  selection,
  load,
  onClear,
}: {
  selection: MapSelection;
  load: (ids: number[]) => Promise<ClusterPassage[]>;
  onClear: () => void;
}) {
  const t = useTranslations("ClusterMap");
  const [passages, setPassages] = useState<ClusterPassage[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    load(selection.passageIds.slice(0, SHOWN))
      .then((rows) => live && (setPassages(rows), setError(null)))
      .catch((err: Error) => live && setError(err.message));
    return () => {
      live = false;
    };
  }, [selection, load]);
  const count = selection.passageIds.length;
  return (
    <section
      aria-labelledby="map-selection-heading"
      data-testid="map-selection"
      className="mt-4 rounded-lg border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="map-selection-heading" className="text-sm font-semibold">
          {t(`selection.${selection.source}`)}
          {selection.query && (
            <span className="font-normal text-zinc-600 dark:text-zinc-400">
              {" "}
              {t("for", { query: selection.query })}
            </span>
          )}
          <span className="ml-2 font-normal text-zinc-500">
            {t("passages", { count })}
            {count > SHOWN && t("firstShown", { shown: SHOWN })}
          </span>
        </h3>
        <button type="button" onClick={onClear} className={buttonClass("ghost")}>
          {t("clear")}
        </button>
      </div>
      {error && (
        <div className="mt-3">
          <Alert tone="error">{error}</Alert>
        </div>
      )}
      {!passages && !error && <p className="mt-3 text-sm text-zinc-500">{t("loadingPassages")}</p>}
      {passages && (
        <ol className="mt-3 max-h-96 space-y-3 overflow-y-auto pr-1">
          {passages.map((p) => (
            <li key={p.passageId} data-testid="map-selected-passage" className="text-sm">
              <Link href={`/documents/${p.documentId}#p-${p.passageId}`} className={linkClass}>
                {p.documentTitle}
              </Link>
              <p className="mt-0.5 text-zinc-700 dark:text-zinc-300">{p.text}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
