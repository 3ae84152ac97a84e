import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runTraining } from "@/lib/train/trainer/train-run";
import { writeTinyModel } from "@/tests/fixtures/tiny-model";
import { syntheticPairs, syntheticScoredPairs } from "@/tests/unit/train/trainer/synthetic-task";
import { trainingOptions } from "@/tests/integration/train/resume-fixture";

const child = path.join(import.meta.dirname, "train-run.child.ts");
const dir = mkdtempSync(path.join(os.tmpdir(), "cognate-resume-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the child; with `killAfter`, SIGKILLs it as soon as it reports a checkpoint at or past that step. */
function runChild(runDir: string, killAfter?: number): Promise<{ lines: string[]; killed: boolean }> {
  return new Promise((resolve, reject) => {
    // node --import tsx, not the tsx wrapper: the SIGKILL must hit the process that trains.
    const proc = spawn(
      process.execPath,
      ["--import", "tsx", child, path.join(dir, "base"), runDir, killAfter ? "300" : "0"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    const lines: string[] = [];
    let stderr = "";
    let buffer = "";
    proc.stderr.on("data", (d) => (stderr += d));
    proc.stdout.on("data", (d: Buffer) => {
      buffer += d.toString();
      const parts = buffer.split("\n");
      buffer = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        const step = /^checkpoint (\d+)$/.exec(line)?.[1];
        if (killAfter !== undefined && step && Number(step) >= killAfter) proc.kill("SIGKILL");
      }
    });
    proc.on("exit", (code, signal) => {
      if (signal === "SIGKILL") resolve({ lines, killed: true });
      else if (code === 0) resolve({ lines, killed: false });
      else reject(new Error(`training child exited with ${code}: ${stderr}`));
    });
  });
}

describe("a training process killed with SIGKILL after a checkpoint", () => {
  it("resumes from that checkpoint, finishes the planned steps, and ends where an uninterrupted run ends", async () => {
    writeTinyModel(path.join(dir, "base"), { hidden: 32, layers: 2, heads: 4, intermediate: 64 });
    const runDir = path.join(dir, "run");
    const first = await runChild(runDir, 9);
    expect(first.killed).toBe(true);
    expect(first.lines).toContain("checkpoint 9");
    expect(first.lines.some((l) => l.startsWith("done"))).toBe(false);

    const second = await runChild(runDir);
    expect(second.lines).toContain("log resumed from step 9 of 30");
    const steps = second.lines.filter((l) => l.startsWith("step ")).map((l) => Number(l.slice(5)));
    expect(steps[0]).toBe(10); // continued, not restarted
    expect(steps.at(-1)).toBe(30);
    const result = JSON.parse(second.lines.find((l) => l.startsWith("done "))!.slice(5));
    expect(result).toMatchObject({ steps: 30, totalSteps: 30, resumedFrom: 9 });
    const curve = JSON.parse(readFileSync(path.join(runDir, "curve.json"), "utf8"));
    expect(curve.curve.map((p: { step: number }) => p.step)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));

    // Weights, AdamW moments, sampler position and dropout seeds were all restored: the
    // resumed run computes exactly what an uninterrupted one does.
    const straight = await runTraining({
      base: { kind: "dir", dir: path.join(dir, "base") },
      documents: [],
      pairFile: { examples: syntheticPairs(200, 1), shape: "pairs", skipped: 0 },
      evalPairs: { examples: syntheticScoredPairs(60, 2), shape: "scored", skipped: 0 },
      runDir: path.join(dir, "straight"),
      options: trainingOptions,
    });
    expect(result.metrics).toEqual(straight.metrics);
    const straightCurve = JSON.parse(readFileSync(path.join(dir, "straight", "curve.json"), "utf8"));
    expect(curve.curve.map((p: { loss: number }) => p.loss)).toEqual(
      straightCurve.curve.map((p: { loss: number }) => p.loss),
    );
  }, 90_000);
});
