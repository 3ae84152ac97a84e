// Entry of a training worker thread. Worker threads start as plain Node.js, without the
// TypeScript loader of the main thread (tsx, vitest): register tsx, then load the worker.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.module);
