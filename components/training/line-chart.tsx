"use client";

import { useTranslations } from "next-intl";
import { useId, useState, type KeyboardEvent, type PointerEvent } from "react";
import { extent, formatTick, linearScale, linePath, nearestIndex, niceDomain } from "@/components/training/chart-scale";

/** One line of a chart. */
export interface ChartSeries {
  name: string;
  /** Tailwind stroke/fill classes, light and dark, e.g. `stroke-accent-600 dark:stroke-accent-400`. */
  strokeClass: string;
  fillClass?: string;
  points: readonly { x: number; y: number | null }[];
  /** Draw a dot at every point (sparse series such as evaluations). */
  dots?: boolean;
  /** A thin, pale line behind the others (the raw loss behind its smoothed curve). */
  faint?: boolean;
}

/** Props of {@link LineChart}. */
export interface LineChartProps {
  title: string;
  /** What the chart shows, for screen readers (the SVG's `<desc>`). */
  description: string;
  xLabel: string;
  yLabel: string;
  series: readonly ChartSeries[];
  /** Fixed x domain (e.g. 0 … total steps); default the data's. */
  xDomain?: [number, number];
  /** Formats values in the readout and tooltip; default {@link formatTick}. */
  format?: (y: number) => string;
  emptyText?: string;
  testId?: string;
}

const W = 600;
const H = 220;
const M = { top: 12, right: 16, bottom: 40, left: 56 };

function valueAt(series: ChartSeries, x: number): number | null {
  const xs = series.points.map((p) => p.x);
  const i = nearestIndex(xs, x);
  return i >= 0 && series.points[i].x === x ? series.points[i].y : null;
}

/**
 * A line chart in SVG with axes, gridlines and labels; pointer or arrow keys (after focusing it)
 * move a crosshair whose values show beside the chart. Colours follow light and dark mode.
 */
export function LineChart({
  title,
  description,
  xLabel,
  yLabel,
  series,
  xDomain,
  format = formatTick,
  emptyText,
  testId,
}: LineChartProps) {
  const id = useId();
  const tr = useTranslations("Charts");
  const [active, setActive] = useState<number | null>(null);
  const xs = [...new Set(series.flatMap((s) => s.points.filter((p) => p.y !== null).map((p) => p.x)))].sort(
    (a, b) => a - b,
  );
  const yExtent = extent(series.flatMap((s) => s.points.map((p) => p.y)));
  const xExtent = xDomain ?? extent(xs);
  if (!yExtent || !xExtent) {
    return (
      <figure
        className="rounded-md border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-500 dark:border-zinc-700 dark:text-zinc-400"
        data-testid={testId}
        data-points={0}
      >
        <figcaption>
          <span className="font-medium text-zinc-700 dark:text-zinc-300">{title}</span>: {emptyText ?? tr("noData")}
        </figcaption>
      </figure>
    );
  }
  const x = niceDomain(xExtent[0], xExtent[1], 6);
  const y = niceDomain(yExtent[0], yExtent[1], 4);
  const sx = linearScale(x.domain, [M.left, W - M.right]);
  const sy = linearScale(y.domain, [H - M.bottom, M.top]);
  const activeX = active !== null ? xs[Math.min(active, xs.length - 1)] : undefined;
  const readout = (at: number | undefined) =>
    series
      .map((s) => {
        const v = at === undefined ? [...s.points].reverse().find((p) => p.y !== null)?.y : valueAt(s, at);
        return v === null || v === undefined ? null : `${s.name} ${format(v)}`;
      })
      .filter(Boolean)
      .join(" · ");

  function onPointer(e: PointerEvent<SVGSVGElement>) {
    const box = e.currentTarget.getBoundingClientRect();
    const px = ((e.clientX - box.left) / box.width) * W;
    const dataX = linearScale([M.left, W - M.right], x.domain)(px);
    setActive(nearestIndex(xs, dataX));
  }
  function onKey(e: KeyboardEvent<SVGSVGElement>) {
    const last = xs.length - 1;
    if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
      e.preventDefault();
      const delta = e.key === "ArrowRight" ? 1 : -1;
      setActive((a) => Math.min(last, Math.max(0, (a ?? (delta > 0 ? -1 : last + 1)) + delta)));
    } else if (e.key === "Home") setActive(0);
    else if (e.key === "End") setActive(last);
    else if (e.key === "Escape") setActive(null);
  }

  return (
    <figure data-testid={testId} data-points={xs.length}>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="h-auto w-full touch-none rounded-md text-zinc-500 focus-visible:outline-2 focus-visible:outline-accent-500 dark:text-zinc-400"
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        tabIndex={0}
        onPointerMove={onPointer}
        onPointerLeave={() => setActive(null)}
        onKeyDown={onKey}
        onBlur={() => setActive(null)}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{`${description} ${tr("latest", { value: readout(undefined) || tr("none") })}`}</desc>
        {y.ticks.map((t) => (
          <g key={`y${t}`}>
            <line
              x1={M.left}
              x2={W - M.right}
              y1={sy(t)}
              y2={sy(t)}
              className="stroke-zinc-200 dark:stroke-zinc-800"
              strokeWidth={1}
            />
            <text x={M.left - 6} y={sy(t)} dy="0.32em" textAnchor="end" className="fill-current text-[11px]">
              {formatTick(t)}
            </text>
          </g>
        ))}
        {x.ticks.map((t) => (
          <text key={`x${t}`} x={sx(t)} y={H - M.bottom + 16} textAnchor="middle" className="fill-current text-[11px]">
            {formatTick(t)}
          </text>
        ))}
        <line
          x1={M.left}
          x2={W - M.right}
          y1={H - M.bottom}
          y2={H - M.bottom}
          className="stroke-zinc-400 dark:stroke-zinc-600"
        />
        <text
          x={(M.left + W - M.right) / 2}
          y={H - 4}
          textAnchor="middle"
          className="fill-current text-[11px] font-medium"
        >
          {xLabel}
        </text>
        <text
          transform={`translate(12 ${(M.top + H - M.bottom) / 2}) rotate(-90)`}
          textAnchor="middle"
          className="fill-current text-[11px] font-medium"
        >
          {yLabel}
        </text>
        {series.map((s) => (
          <g key={s.name} data-series={s.name}>
            <path
              d={linePath(s.points.map((p) => ({ x: sx(p.x), y: p.y === null ? null : sy(p.y) })))}
              fill="none"
              strokeWidth={s.faint ? 1 : 2}
              strokeLinejoin="round"
              className={`${s.strokeClass} ${s.faint ? "opacity-35" : ""}`}
            />
            {s.dots &&
              s.points.map((p) =>
                p.y === null ? null : (
                  <circle
                    key={p.x}
                    cx={sx(p.x)}
                    cy={sy(p.y)}
                    r={3.5}
                    className={`${s.fillClass ?? ""} ${s.strokeClass}`}
                    strokeWidth={1}
                  />
                ),
              )}
          </g>
        ))}
        {activeX !== undefined && (
          <line
            x1={sx(activeX)}
            x2={sx(activeX)}
            y1={M.top}
            y2={H - M.bottom}
            className="stroke-zinc-400 dark:stroke-zinc-500"
            strokeDasharray="3 3"
          />
        )}
      </svg>
      <figcaption className="mt-1 flex flex-wrap justify-between gap-2 text-xs text-zinc-600 dark:text-zinc-400">
        <span className="flex flex-wrap gap-3">
          {series.map((s) => (
            <span key={s.name} className="inline-flex items-center gap-1.5">
              <svg aria-hidden="true" width="14" height="4" className="overflow-visible">
                <line
                  x1="0"
                  x2="14"
                  y1="2"
                  y2="2"
                  strokeWidth={s.faint ? 1.5 : 3}
                  className={`${s.strokeClass} ${s.faint ? "opacity-40" : ""}`}
                />
              </svg>
              {s.name}
            </span>
          ))}
        </span>
        <output
          aria-live="polite"
          className="font-mono tabular-nums text-zinc-800 dark:text-zinc-200"
          data-testid={testId ? `${testId}-readout` : undefined}
        >
          {activeX !== undefined ? `${xLabel} ${formatTick(activeX)}: ${readout(activeX)}` : readout(undefined)}
        </output>
      </figcaption>
    </figure>
  );
}
