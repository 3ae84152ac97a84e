import type { HeldOutBar } from "@/components/models/held-out-summary";

const FILL: Record<HeldOutBar["kind"], string> = {
  keyword: "fill-zinc-400 dark:fill-zinc-500",
  before: "fill-sky-300 dark:fill-sky-700",
  after: "fill-accent-600 dark:fill-accent-400",
  live: "fill-amber-400 dark:fill-amber-600",
};

const ROW = 22;
const LABEL_W = 210;
const BAR_W = 260;
const VALUE_W = 44;

/**
 * A small horizontal bar chart of held-out scores on a 0–1 scale (plain SVG): one row per
 * method, keyword baselines grey, before training light, after training in the accent colour.
 * Negative values (a correlation) draw no bar but keep their number.
 */
export function HeldOutChart({ bars, title }: { bars: HeldOutBar[]; title: string }) {
  if (!bars.length) return null;
  const height = bars.length * ROW;
  return (
    <figure className="mt-3">
      <svg
        viewBox={`0 0 ${LABEL_W + BAR_W + VALUE_W} ${height}`}
        className="w-full max-w-xl"
        role="img"
        aria-label={`${title}: ${bars.map((b) => `${b.label} ${b.value.toFixed(2)}`).join("; ")}`}
        data-testid="held-out-chart"
      >
        {bars.map((b, i) => {
          const y = i * ROW;
          const width = Math.max(0, Math.min(1, b.value)) * BAR_W;
          return (
            <g key={b.label}>
              <text
                x={LABEL_W - 8}
                y={y + ROW / 2}
                dominantBaseline="middle"
                textAnchor="end"
                className="fill-zinc-700 text-[11px] dark:fill-zinc-300"
              >
                {b.label}
              </text>
              <rect
                x={LABEL_W}
                y={y + 4}
                width={BAR_W}
                height={ROW - 8}
                className="fill-zinc-100 dark:fill-zinc-800"
                rx={2}
              />
              <rect x={LABEL_W} y={y + 4} width={width} height={ROW - 8} className={FILL[b.kind]} rx={2} />
              <text
                x={LABEL_W + BAR_W + 6}
                y={y + ROW / 2}
                dominantBaseline="middle"
                className="fill-zinc-900 text-[11px] tabular-nums dark:fill-zinc-100"
              >
                {b.value.toFixed(2)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">{title}</figcaption>
    </figure>
  );
}
