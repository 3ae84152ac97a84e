// Entry of an upload-parsing worker thread. Worker threads start as plain Node.js, without the
// TypeScript loader of the main thread (tsx, vitest, the Next.js server): register tsx, then
// load the worker's body.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.module);
