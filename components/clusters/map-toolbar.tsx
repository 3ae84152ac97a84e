"use client";

import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { buttonClass, fieldClass } from "@/components/ui/styles";

/** Props of {@link MapToolbar}. */
export interface MapToolbarProps {
  lasso: boolean;
  onLasso(on: boolean): void;
  onZoom(factor: number): void;
  onReset(): void;
  onSearch(query: string): void;
  searching: boolean;
}

/** Buttons for the map (zoom, reset, lasso mode) and a search whose hits are highlighted on it; all keyboard-usable. */
export function MapToolbar({ lasso, onLasso, onZoom, onReset, onSearch, searching }: MapToolbarProps) {
  const t = useTranslations("ClusterMap");
  const [query, setQuery] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (query.trim()) onSearch(query.trim());
  };
  return (
    <div className="mb-3 flex flex-wrap items-center gap-2">
      <div role="group" aria-label={t("view")} className="flex items-center gap-1">
        <button
          type="button"
          className={buttonClass("secondary", "px-3")}
          onClick={() => onZoom(1.5)}
          aria-label={t("zoomIn")}
        >
          +
        </button>
        <button
          type="button"
          className={buttonClass("secondary", "px-3")}
          onClick={() => onZoom(1 / 1.5)}
          aria-label={t("zoomOut")}
        >
          −
        </button>
        <button type="button" className={buttonClass("secondary")} onClick={onReset}>
          {t("reset")}
        </button>
        <button
          type="button"
          className={buttonClass(lasso ? "primary" : "secondary")}
          aria-pressed={lasso}
          onClick={() => onLasso(!lasso)}
          title={t("lassoHint")}
        >
          {t("lasso")}
        </button>
      </div>
      <form role="search" onSubmit={submit} className="flex min-w-60 flex-1 items-center gap-2">
        <label htmlFor="map-search" className="sr-only">
          {t("searchLabel")}
        </label>
        <input
          id="map-search"
          data-testid="map-search"
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t("searchPlaceholder")}
          className={fieldClass}
        />
        <button type="submit" className={buttonClass("secondary")} disabled={searching || !query.trim()}>
          {searching ? t("searching") : t("highlight")}
        </button>
      </form>
    </div>
  );
}
