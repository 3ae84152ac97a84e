import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import { parseSafetensors, serializeSafetensors, type Weights } from "@/lib/model/store/safetensors";
import type { AdamWState } from "@/lib/train/optim/adamw";
import type { TrainingState } from "@/lib/train/checkpoint/training-state";

/** A resumable training checkpoint: weights, AdamW moments, τ, and the trainer's state. */
export interface Checkpoint {
  state: TrainingState;
  weights: Weights;
  optimizer: AdamWState;
  temperature?: number;
}

const WEIGHTS = "model.safetensors";
const MOMENTS = "optimizer.safetensors";
const STATE = "state.json";

function writeDurable(file: string, data: Uint8Array | string): void {
  const fd = openSync(file, "w");
  try {
    writeSync(fd, typeof data === "string" ? Buffer.from(data) : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some platforms cannot fsync a folder; the rename is still atomic there.
  }
}

/** AdamW's moments as one safetensors file (`m.<name>`, `v.<name>`); the step counts go into the metadata. */
function momentsFile(optimizer: AdamWState): Buffer {
  const tensors: Weights = new Map();
  for (const slot of optimizer.slots) {
    tensors.set(`m.${slot.name}`, { shape: [slot.m.length], data: slot.m });
    tensors.set(`v.${slot.name}`, { shape: [slot.v.length], data: slot.v });
  }
  const steps = Object.fromEntries(optimizer.slots.map((s) => [s.name, s.step]));
  return serializeSafetensors(tensors, { format: "cognate-adamw", steps: JSON.stringify(steps) });
}

function readMoments(file: string): AdamWState {
  const buf = readFileSync(file);
  const tensors = parseSafetensors(buf, file);
  const headerLen = Number(buf.readBigUInt64LE(0));
  const header = JSON.parse(buf.subarray(8, 8 + headerLen).toString("utf8")) as { __metadata__?: { steps?: string } };
  const steps = JSON.parse(header.__metadata__?.steps ?? "{}") as Record<string, number>;
  return {
    slots: Object.keys(steps).map((name) => ({
      name,
      step: steps[name],
      m: tensors.get(`m.${name}`)!.data,
      v: tensors.get(`v.${name}`)!.data,
    })),
  };
}

/**
 * Writes a checkpoint as the folder `dir`, atomically: the files go into a fresh sibling
 * folder, each fsynced, which then replaces `dir` by renames. A crash at any point leaves
 * either the old checkpoint or the new one, never a mixture ({@link readCheckpoint} also
 * looks for the moment between the two renames).
 */
export function writeCheckpoint(dir: string, checkpoint: Checkpoint): void {
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  mkdirSync(parent, { recursive: true });
  const tag = `${process.pid}-${Date.now().toString(36)}`;
  const tmp = `${target}.tmp-${tag}`;
  mkdirSync(tmp);
  try {
    writeDurable(path.join(tmp, WEIGHTS), serializeSafetensors(checkpoint.weights));
    writeDurable(path.join(tmp, MOMENTS), momentsFile(checkpoint.optimizer));
    const state = {
      ...checkpoint.state,
      ...(checkpoint.temperature !== undefined ? { temperature: checkpoint.temperature } : {}),
    };
    // state.json last: a folder with it is complete.
    writeDurable(path.join(tmp, STATE), JSON.stringify(state));
    fsyncDir(tmp);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  const old = `${target}.old-${tag}`;
  if (existsSync(target)) renameSync(target, old);
  renameSync(tmp, target);
  fsyncDir(parent);
  rmSync(old, { recursive: true, force: true });
}

function readFolder(dir: string): Checkpoint | undefined {
  if (!existsSync(path.join(dir, STATE))) return undefined;
  const raw = JSON.parse(readFileSync(path.join(dir, STATE), "utf8")) as TrainingState & { temperature?: number };
  const { temperature, ...state } = raw;
  return {
    state,
    weights: parseSafetensors(readFileSync(path.join(dir, WEIGHTS)), path.join(dir, WEIGHTS)),
    optimizer: readMoments(path.join(dir, MOMENTS)),
    ...(temperature !== undefined ? { temperature } : {}),
  };
}

/**
 * The checkpoint at `dir`, or, if a crash came between the renames of a save, the previous
 * one still waiting under `dir.old-*`; undefined when there is none. Unfinished `.tmp-*`
 * folders are ignored (and removed).
 */
export function readCheckpoint(dir: string): Checkpoint | undefined {
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  if (!existsSync(parent)) return undefined;
  const base = path.basename(target);
  const siblings = readdirSync(parent).filter((f) => f.startsWith(`${base}.`));
  for (const f of siblings)
    if (f.startsWith(`${base}.tmp-`)) rmSync(path.join(parent, f), { recursive: true, force: true });
  const found = readFolder(target);
  if (found) return found;
  const olds = siblings.filter((f) => f.startsWith(`${base}.old-`)).map((f) => readFolder(path.join(parent, f)));
  return olds.filter((c): c is Checkpoint => c !== undefined).sort((a, b) => b.state.step - a.state.step)[0];
}
