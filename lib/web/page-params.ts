/** Reading values out of a page's `searchParams`, where every key may be absent, a string or repeated. */
export type SearchParams = Record<string, string | string[] | undefined>;

/** The first value of a query parameter, or "" when absent. */
export function firstParam(params: SearchParams, key: string): string {
  const value = params[key];
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

/** A positive integer parameter (an id), or undefined when absent or malformed. */
export function positiveIntParam(params: SearchParams, key: string): number | undefined {
  const raw = firstParam(params, key);
  if (!/^\d{1,12}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n > 0 ? n : undefined;
}

/** A 1-based page number between 1 and `max`; anything else reads as page 1. */
export function pageParam(params: SearchParams, key = "page", max = 10_000): number {
  return Math.min(positiveIntParam(params, key) ?? 1, max);
}

/** A numeric route segment (`/corpora/12`) as an id, or undefined so the page can 404. */
export function routeId(raw: string): number | undefined {
  return /^\d{1,12}$/.test(raw) && Number(raw) > 0 ? Number(raw) : undefined;
}
