/** Number, date and duration formatting shared by server and client components, in the reader's language. */

const INTEGER = new Intl.NumberFormat("en-US");

/**
 * The Intl locale that dates are written in for an interface locale: English reads day-first
 * ("3 Mar 2026", as en-GB writes it), Chinese as zh-CN ("2026年3月3日"); any other tag as given.
 */
function dateLocale(locale: string): string {
  return locale === "en" || locale.startsWith("en-") ? "en-GB" : locale;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** One cached formatter per locale and style (building an Intl.DateTimeFormat is slow). */
function dateFormat(locale: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${withTime}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(
      dateLocale(locale),
      withTime ? { dateStyle: "medium", timeStyle: "short" } : { dateStyle: "medium" },
    );
    dateFormats.set(key, format);
  }
  return format;
}

/** "1,234". */
export function formatCount(n: number): string {
  return INTEGER.format(n);
}

/** "3 Mar 2026, 14:05" (en) or "2026年3月3日 14:05" (zh-CN), in the viewer's time zone. */
export function formatDateTime(ms: number, locale: string): string {
  return dateFormat(locale, true).format(new Date(ms));
}

/** "3 Mar 2026" (en) or "2026年3月3日" (zh-CN). */
export function formatDate(ms: number, locale: string): string {
  return dateFormat(locale, false).format(new Date(ms));
}

/** ISO string for a `<time dateTime>` attribute. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** Units of a duration per language: English abbreviates, Chinese writes the word ("3 分钟"). */
const DURATION_UNITS: Record<string, { s: string; min: string; h: string }> = {
  en: { s: "s", min: "min", h: "h" },
  zh: { s: "秒", min: "分钟", h: "小时" },
};

/**
 * A duration a person reads at a glance: "12 s", "3 min", "1 h 20 min" in English,
 * "12 秒", "3 分钟", "1 小时 20 分钟" in Chinese (other locales read English units).
 */
export function formatDuration(seconds: number, locale: string): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "–";
  const unit = DURATION_UNITS[locale.split("-")[0].toLowerCase()] ?? DURATION_UNITS.en;
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} ${unit.s}`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} ${unit.min}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} ${unit.h} ${rest} ${unit.min}` : `${hours} ${unit.h}`;
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
