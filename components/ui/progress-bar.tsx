/** Props of {@link ProgressBar}. */
export interface ProgressBarProps {
  /** Fraction done, 0 to 1; `null` draws an indeterminate (striped, pulsing) bar. */
  value: number | null;
  /** Accessible name, e.g. "Upload of data.csv". */
  label: string;
  tone?: "accent" | "success" | "danger" | "muted";
  testId?: string;
}

const TONES = {
  accent: "bg-accent-600 dark:bg-accent-400",
  success: "bg-emerald-600 dark:bg-emerald-400",
  danger: "bg-red-600 dark:bg-red-400",
  muted: "bg-zinc-400 dark:bg-zinc-600",
} as const;

/** A thin horizontal progress bar with the ARIA progressbar role. */
export function ProgressBar({ value, label, tone = "accent", testId }: ProgressBarProps) {
  const percent = value === null ? null : Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
      data-testid={testId}
      data-value={percent ?? undefined}
      className="h-2 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
    >
      <div
        className={`h-full rounded-full transition-[width] duration-300 ${TONES[tone]} ${percent === null ? "w-1/3 animate-pulse" : ""}`}
        style={percent === null ? undefined : { width: `${percent}%` }}
      />
    </div>
  );
}
