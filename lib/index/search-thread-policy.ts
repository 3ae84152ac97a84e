/**
 * Where a served index runs graph and exact searches (`COGNATE_SEARCH_THREAD`): `never` on the
 * calling thread; `always` in a search thread holding its own copy of the index file; `auto` (the
 * default) in such a thread only when one search at the default settings, timed on stored vectors
 * after the load, takes at least `OFF_THREAD_MIN_MS` (lib/index/vector-index.ts). Quantised modes
 * always scan in the scan pool. No imports: lib/config.ts reads it without loading hnswlib.
 */
export type SearchThreadPolicy = "auto" | "always" | "never";

const POLICIES: readonly SearchThreadPolicy[] = ["auto", "always", "never"];

/** `value` as a policy (unset or empty: `auto`). @throws naming `variable` when it is none of them */
export function parseSearchThreadPolicy(value: string | undefined, variable: string): SearchThreadPolicy {
  if (value === undefined || value === "") return "auto";
  if ((POLICIES as readonly string[]).includes(value)) return value as SearchThreadPolicy;
  throw new Error(`${variable} must be one of ${POLICIES.join(", ")}; got ${JSON.stringify(value)}`);
}
