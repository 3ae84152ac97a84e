/**
 * `npm run bench -- search-http [options]`: the HTTP half of the search benchmark, that is
 * `npm run bench -- search --http-only` (no brute-force baselines nor ef sweep): the index is
 * built and tuned, then served by each of `--servers` (default `next,lean`) and driven with 1 and
 * `--connections` clients. Takes bench/search.ts's options, e.g. `--data low-rank --n 20000`.
 */
process.argv.splice(2, 0, "--http-only");
await import("@/bench/search");

export {};
