"use client";

import { useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState } from "react";
import { decodeMapPayload, type MapPayload } from "@/lib/cluster/map-payload";
import type { ClusterPassage } from "@/lib/db/queries/clusters";
import { Alert } from "@/components/ui/alert";
import { clusterColor } from "@/components/clusters/cluster-colors";
import { placeLabels } from "@/components/clusters/label-layout";
import { toScreen } from "@/components/clusters/map-geometry";
import type { MapPlot } from "@/components/clusters/map-scatterplot";
import { WebGlMissing } from "@/components/clusters/webgl-missing";
import { MapSelectionPanel, type MapSelection } from "@/components/clusters/map-selection";
import { MapToolbar } from "@/components/clusters/map-toolbar";
import { usePassages } from "@/components/clusters/use-passages";

/** A cluster as the map labels it. */
export interface MapCluster {
  id: number;
  displayName: string;
  x: number;
  y: number;
}

/** Props of {@link ClusterMap}; `clusters` largest first (their colours follow that order). */
export interface ClusterMapProps {
  corpusId: number;
  runId: number;
  clusters: MapCluster[];
}

const LABELS = 24;

/**
 * The corpus map: every passage a point coloured by cluster, drawn with WebGL; pan and zoom,
 * hover shows the passage, click or lasso lists passages, a search is highlighted. Cluster
 * names sit at the cluster centres and follow the camera.
 */
export function ClusterMap({ corpusId, runId, clusters }: ClusterMapProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const frameRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<MapPlot | null>(null);
  const mapRef = useRef<MapPayload | null>(null);
  const t = useTranslations("ClusterMap");
  const requests = useTranslations("Requests");
  const [status, setStatus] = useState<"loading" | "ready" | { error: string }>("loading");
  const [camera, setCamera] = useState<{ view: Float32Array; width: number; height: number } | null>(null);
  const [hover, setHover] = useState<{ index: number; x: number; y: number; passage?: ClusterPassage } | null>(null);
  const [selection, setSelection] = useState<MapSelection | null>(null);
  const [lasso, setLasso] = useState(false);
  const [searching, setSearching] = useState(false);
  const [searchError, setSearchError] = useState<string | null>(null);
  const load = usePassages(corpusId);
  const selectionSource = useRef<MapSelection["source"]>("click");

  const onHover = useCallback(
    (index: number | null) => {
      if (index === null) return setHover(null);
      const map = mapRef.current!;
      setHover({ index, x: map.xy[index * 2], y: map.xy[index * 2 + 1] });
      load([map.passageIds[index]])
        .then(([passage]) => setHover((h) => (h?.index === index ? { ...h, passage } : h)))
        .catch(() => undefined);
    },
    [load],
  );

  useEffect(() => {
    let cancelled = false;
    let plot: MapPlot | null = null;
    (async () => {
      const res = await fetch(`/api/v1/corpora/${corpusId}/clusters/map?run=${runId}`);
      if (!res.ok)
        throw new Error(
          ((await res.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ??
            requests("mapFailed", { status: res.status }),
        );
      const map = decodeMapPayload(await res.arrayBuffer());
      if (cancelled) return;
      mapRef.current = map;
      const { createMapPlot } = await import("@/components/clusters/map-scatterplot");
      plot = await createMapPlot(
        canvasRef.current!,
        map,
        clusters.map((c) => c.id),
        {
          onHover,
          onView: (v) => {
            const box = frameRef.current?.getBoundingClientRect();
            if (box) setCamera({ view: Float32Array.from(v), width: box.width, height: box.height });
          },
          onSelect: (indices) => {
            const ids = indices.map((i) => map.passageIds[i]);
            const source = selectionSource.current;
            selectionSource.current = "click";
            if (source === "search") return;
            setSelection(ids.length ? { passageIds: ids, source: ids.length === 1 ? "click" : "lasso" } : null);
          },
        },
      );
      if (cancelled) return plot.destroy();
      plotRef.current = plot;
      setStatus("ready");
    })().catch(
      (err: Error) =>
        !cancelled && setStatus({ error: err instanceof WebGlMissing ? requests("noWebGl") : err.message }),
    );
    return () => {
      cancelled = true;
      plot?.destroy();
      plotRef.current = null;
    };
  }, [corpusId, runId, clusters, onHover, requests]);

  const search = async (query: string) => {
    setSearching(true);
    setSearchError(null);
    try {
      const res = await fetch(`/api/v1/search?q=${encodeURIComponent(query)}&corpusId=${corpusId}&k=100`);
      const body = (await res.json()) as { results?: { passageId: number }[]; error?: { message: string } };
      if (!res.ok) throw new Error(body.error?.message ?? requests("searchFailed", { status: res.status }));
      const ids = (body.results ?? []).map((r) => r.passageId);
      const index = new Map(Array.from(mapRef.current?.passageIds ?? [], (id, i) => [id, i]));
      const indices = ids.map((id) => index.get(id)).filter((i): i is number => i !== undefined);
      selectionSource.current = "search";
      plotRef.current?.select(indices);
      if (indices.length) plotRef.current?.zoomToPoints(indices);
      setSelection({ passageIds: ids.filter((id) => index.has(id)), source: "search", query });
    } catch (err) {
      setSearchError((err as Error).message);
    } finally {
      setSearching(false);
    }
  };

  const frame = camera;
  const place = (x: number, y: number) => (camera ? toScreen(camera.view, camera.width, camera.height, x, y) : null);
  const hoverAt = hover ? place(hover.x, hover.y) : null;

  return (
    <div>
      <MapToolbar
        lasso={lasso}
        onLasso={(on) => {
          setLasso(on);
          plotRef.current?.setLasso(on);
        }}
        onZoom={(f) => plotRef.current?.zoomBy(f)}
        onReset={() => plotRef.current?.reset()}
        onSearch={search}
        searching={searching}
      />
      {searchError && (
        <div className="mb-3">
          <Alert tone="error">{searchError}</Alert>
        </div>
      )}
      <div
        ref={frameRef}
        className="relative h-[560px] overflow-hidden rounded-lg border border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-950"
        data-testid="cluster-map"
        data-state={typeof status === "object" ? "error" : status}
      >
        <canvas
          ref={canvasRef}
          className="absolute inset-0 h-full w-full"
          data-testid="cluster-map-canvas"
          aria-label={t("label")}
          role="img"
        />
        {status === "ready" &&
          camera &&
          placeLabels(
            clusters.slice(0, LABELS).map((c, i) => {
              const [x, y] = toScreen(camera.view, camera.width, camera.height, c.x, c.y);
              return { key: i, text: c.displayName, x, y };
            }),
            camera.width,
            camera.height,
          ).map((label) => (
            <span
              key={clusters[label.key].id}
              className="pointer-events-none absolute max-w-48 -translate-x-1/2 -translate-y-1/2 truncate rounded bg-white/85 px-1.5 py-0.5 text-xs font-semibold shadow-sm dark:bg-zinc-900/85"
              style={{ left: label.x, top: label.y, color: clusterColor(label.key) }}
            >
              {label.text}
            </span>
          ))}
        {hover && hoverAt && (
          <div
            role="tooltip"
            data-testid="map-hover"
            className="pointer-events-none absolute z-10 w-72 rounded-md border border-zinc-200 bg-white p-2 text-xs shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
            style={{ left: Math.min(hoverAt[0] + 12, (frame?.width ?? 300) - 300), top: Math.max(4, hoverAt[1] - 12) }}
          >
            {hover.passage ? (
              <>
                <p className="font-semibold text-zinc-900 dark:text-zinc-100">{hover.passage.documentTitle}</p>
                <p className="mt-1 line-clamp-6 text-zinc-700 dark:text-zinc-300">{hover.passage.text}</p>
              </>
            ) : (
              <p className="text-zinc-500">{t("loading")}</p>
            )}
          </div>
        )}
        {status === "loading" && (
          <p className="absolute inset-0 grid place-items-center text-sm text-zinc-500">{t("loadingMap")}</p>
        )}
        {typeof status === "object" && (
          <div className="absolute inset-x-4 top-4">
            <Alert tone="error" title={t("failed")}>
              {status.error}
            </Alert>
          </div>
        )}
      </div>
      <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">{t("help")}</p>
      {selection && (
        <MapSelectionPanel
          selection={selection}
          load={load}
          onClear={() => {
            setSelection(null);
            plotRef.current?.deselect();
          }}
        />
      )}
    </div>
  );
}
