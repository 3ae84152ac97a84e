import fs from "node:fs";
import type { EmbedPrecisionChoice } from "@/lib/model/embed/embed-precision";
import { OnnxEmbedder } from "@/lib/model/embed/onnx-embedder";
import { onnxGraphPath } from "@/lib/model/onnx/onnx-export";

/** Bounds of an {@link EmbedderPool} and, for tests, how it loads and weighs a model. */
export interface EmbedderPoolOptions {
  /** Most models kept loaded (default 4). */
  maxModels?: number;
  /** Most approximate bytes kept loaded (default 1 GiB); the model used last always stays. */
  maxBytes?: number;
  /** How long an evicted model lives on for queries that already hold it, before its session is released (default 60 s). */
  disposeAfterMs?: number;
  /** Run each model's forward passes in a worker thread of its own (the web server's pool; default false). */
  offThread?: boolean;
  load?: (modelDir: string) => Promise<OnnxEmbedder>;
  /** Approximate memory of a loaded model (default: twice its ONNX graph file: weights plus runtime buffers). */
  sizeOf?: (embedder: OnnxEmbedder) => number;
}

interface Entry {
  embedder: Promise<OnnxEmbedder>;
  bytes: number;
}

function graphBytes(embedder: OnnxEmbedder): number {
  try {
    return 2 * fs.statSync(onnxGraphPath(embedder.dir, embedder.precision)).size;
  } catch {
    return 0;
  }
}

/**
 * Loaded ONNX embedders by model folder, shared by every query of the process, least recently
 * used first out: a caller looping over old model versions cannot make the process load them
 * all. Loading is started once; concurrent callers wait on the same promise. An evicted
 * embedder's session is released after a grace period, so that a query holding it finishes.
 */
export class EmbedderPool {
  private readonly loaded = new Map<string, Entry>();
  private readonly maxModels: number;
  private readonly maxBytes: number;
  private readonly disposeAfterMs: number;
  private readonly load: (modelDir: string) => Promise<OnnxEmbedder>;
  private readonly sizeOf: (embedder: OnnxEmbedder) => number;
  private readonly retiring = new Set<Promise<OnnxEmbedder>>();

  constructor(threads = 1, precision: EmbedPrecisionChoice = "auto", options: EmbedderPoolOptions = {}) {
    this.maxModels = Math.max(1, options.maxModels ?? 4);
    this.maxBytes = options.maxBytes ?? 1024 ** 3;
    this.disposeAfterMs = options.disposeAfterMs ?? 60_000;
    const offThread = options.offThread ?? false;
    this.load =
      options.load ?? ((dir) => OnnxEmbedder.load(dir, { threads, precision, exportIfMissing: false, offThread }));
    this.sizeOf = options.sizeOf ?? graphBytes;
  }

  get(modelDir: string): Promise<OnnxEmbedder> {
    const hit = this.loaded.get(modelDir);
    if (hit) {
      // Map order is use order: move it to the newest end.
      this.loaded.delete(modelDir);
      this.loaded.set(modelDir, hit);
      return hit.embedder;
    }
    const entry: Entry = { embedder: this.load(modelDir), bytes: 0 };
    this.loaded.set(modelDir, entry);
    entry.embedder.then(
      (embedder) => {
        entry.bytes = this.sizeOf(embedder);
        this.evict();
      },
      // A failed load is not kept: the next query tries again (the model may have been fixed).
      () => {
        if (this.loaded.get(modelDir) === entry) this.loaded.delete(modelDir);
      },
    );
    this.evict();
    return entry.embedder;
  }

  /** Model folders loaded (or loading), least recently used first. */
  get folders(): string[] {
    return [...this.loaded.keys()];
  }

  /** Approximate bytes of the loaded models. */
  get bytes(): number {
    let total = 0;
    for (const entry of this.loaded.values()) total += entry.bytes;
    return total;
  }

  private evict(): void {
    let bytes = this.bytes;
    for (const [dir, entry] of this.loaded) {
      if (this.loaded.size <= 1 || (this.loaded.size <= this.maxModels && bytes <= this.maxBytes)) break;
      this.loaded.delete(dir);
      bytes -= entry.bytes;
      this.retire(entry.embedder);
    }
  }

  private retire(embedder: Promise<OnnxEmbedder>): void {
    this.retiring.add(embedder);
    const timer = setTimeout(() => {
      if (!this.retiring.delete(embedder)) return; // dispose() released it already
      embedder.then((e) => e.dispose()).catch(() => undefined);
    }, this.disposeAfterMs);
    timer.unref?.();
  }

  async dispose(): Promise<void> {
    const all = [...[...this.loaded.values()].map((e) => e.embedder), ...this.retiring];
    this.loaded.clear();
    this.retiring.clear();
    await Promise.all(
      all.map(async (e) => (await e).dispose().catch(() => undefined)).map((p) => p.catch(() => undefined)),
    );
  }
}
