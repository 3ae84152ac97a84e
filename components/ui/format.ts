/** Number and time formatting shared by server and client components. */

const DATE_TIME = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });
const DATE = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium" });
const INTEGER = new Intl.NumberFormat("en-US");

/** "1,234". */
export function formatCount(n: number): string {
  return INTEGER.format(n);
}

/** "3 Mar 2026, 14:05" in the viewer's time zone. */
export function formatDateTime(ms: number): string {
  return DATE_TIME.format(new Date(ms));
}

/** "3 Mar 2026". */
export function formatDate(ms: number): string {
  return DATE.format(new Date(ms));
}

/** ISO string for a `<time dateTime>` attribute. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** A duration a person reads at a glance: "12 s", "3 min", "1 h 20 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "–";
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

/** "1,250 items/s", with one decimal below 10 so slow jobs do not read "0 items/s"; `unit` in the reader's language. */
export function formatRate(perSecond: number, unit = "items/s"): string {
  const value = perSecond < 10 ? perSecond.toFixed(1) : INTEGER.format(Math.round(perSecond));
  return `${value} ${unit}`;
}

/** Progress in [0, 1] as "42%". */
export function formatPercent(progress: number): string {
  return `${Math.round(Math.min(1, Math.max(0, progress)) * 100)}%`;
}

/** "1.5 MB"-style size in binary units, for file sizes shown to users. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
