import { spawn, type ChildProcess } from "node:child_process";
import { superviseWorker, type Supervisor } from "@/lib/jobs/worker-supervisor";

/** A supervised test worker: the supervisor, every process it started (last = current) and their output. */
export interface TestWorker {
  supervisor: Supervisor;
  children: ChildProcess[];
  output(): string;
}

/**
 * The real worker entry point (`workers/worker.ts`) under the supervisor `npm start` uses, with a
 * short backoff, its stdout and stderr collected: what chaos tests kill and watch.
 */
export function superviseTestWorker(
  env: NodeJS.ProcessEnv,
  options: { log?: (line: string) => void; healthyAfterMs?: number } = {},
): TestWorker {
  const children: ChildProcess[] = [];
  let output = "";
  const supervisor = superviseWorker({
    name: "worker",
    spawn: () => {
      const child = spawn(process.execPath, ["--import", "tsx", "workers/worker.ts"], {
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout!.on("data", (d) => (output += d));
      child.stderr!.on("data", (d) => (output += d));
      children.push(child);
      return child;
    },
    log: options.log ?? (() => {}),
    initialDelayMs: 50,
    healthyAfterMs: options.healthyAfterMs,
  });
  return { supervisor, children, output: () => output };
}
