import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readCheckpoint, writeCheckpoint, type Checkpoint } from "@/lib/train/checkpoint/checkpoint-store";

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), "cognate-ckpt-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function checkpoint(step: number): Checkpoint {
  return {
    state: {
      version: 1,
      step,
      totalSteps: 10,
      seed: 1,
      sampler: { batches: step, cursors: [{ epoch: 0, position: step, deferred: [[1, 0]] }] },
      curve: [],
      evaluations: [],
      sinceBest: 0,
      stopped: false,
      elapsedSeconds: 1.5,
      fingerprint: "f",
    },
    weights: new Map([["w", { shape: [2, 2], data: Float32Array.from([step, 2, 3, 4]) }]]),
    optimizer: {
      slots: [{ name: "w", step, m: Float32Array.from([0.1, 0.2, 0.3, step]), v: Float32Array.from([1, 2, 3, 4]) }],
    },
    temperature: 0.07,
  };
}

describe("training checkpoints", () => {
  it("round-trip weights, AdamW moments and steps, the sampler position and τ", () => {
    const target = path.join(dir, "checkpoints", "last");
    writeCheckpoint(target, checkpoint(3));
    writeCheckpoint(target, checkpoint(5));
    const read = readCheckpoint(target)!;
    expect(read.state.step).toBe(5);
    expect(read.state.sampler).toEqual(checkpoint(5).state.sampler);
    expect(Array.from(read.weights.get("w")!.data)).toEqual([5, 2, 3, 4]);
    expect(read.optimizer.slots[0]).toMatchObject({ name: "w", step: 5 });
    expect(Array.from(read.optimizer.slots[0].m)).toEqual(Array.from(Float32Array.from([0.1, 0.2, 0.3, 5])));
    expect(read.temperature).toBe(0.07);
    expect(readdirSync(path.join(dir, "checkpoints"))).toEqual(["last"]);
  });

  it("find the previous checkpoint after a crash between the two renames, and ignore unfinished folders", () => {
    const target = path.join(dir, "last");
    writeCheckpoint(target, checkpoint(4));
    renameSync(target, `${target}.old-123`); // the old one moved aside, the new one not yet in place
    mkdirSync(`${target}.tmp-999`); // a half-written new one
    expect(readCheckpoint(target)!.state.step).toBe(4);
    expect(existsSync(`${target}.tmp-999`)).toBe(false);
    expect(readCheckpoint(path.join(dir, "none"))).toBeUndefined();
  });
});
