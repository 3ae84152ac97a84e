/** Reading the metrics JSON a model version stores (`{"sts_spearman": 0.81, ...}`) into rows to show. */

/** One metric to show: its name (nested keys joined by dots) and its value as text. */
export interface MetricRow {
  name: string;
  value: string;
}

function formatValue(value: unknown): string {
  if (typeof value === "number") {
    if (Number.isInteger(value)) return value.toLocaleString("en-US");
    return Math.abs(value) < 10 ? value.toFixed(3) : value.toFixed(1);
  }
  if (typeof value === "string" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

function flatten(prefix: string, value: unknown, rows: MetricRow[]) {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(prefix ? `${prefix}.${key}` : key, inner, rows);
  } else {
    rows.push({ name: prefix, value: formatValue(value) });
  }
}

/** The metrics of a version as rows, nested objects flattened; [] when the JSON is empty or malformed. */
export function metricRows(json: string): MetricRow[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return [];
  }
  const rows: MetricRow[] = [];
  if (parsed !== null && typeof parsed === "object") flatten("", parsed, rows);
  return rows.filter((r) => r.name);
}
