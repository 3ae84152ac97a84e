/**
 * Vitest setup: the worker and CLI processes that tests start (`node --import tsx workers/worker.ts`,
 * `tsx workers/cli.ts`) inherit this environment, and load lib/db and lib/jobs, whose
 * `import "server-only"` throws outside React's `react-server` condition. npm run worker and cli
 * pass `--conditions=react-server`; here NODE_OPTIONS carries it to the children. It is set in
 * the test process after it started, so the test process itself (which renders React in some
 * tests) keeps the default conditions, and its worker threads (which import no server-only module) too.
 */
const CONDITION = "--conditions=react-server";

const current = process.env.NODE_OPTIONS ?? "";
if (!current.split(/\s+/).includes(CONDITION))
  process.env.NODE_OPTIONS = [current, CONDITION].filter(Boolean).join(" ");
