import type { EmbedPrecisionChoice } from "../model/embed-precision";
import { OnnxEmbedder } from "../model/onnx-embedder";

/**
 * One loaded ONNX embedder per model folder, shared by every query of the process. Loading is
 * started once; concurrent callers wait on the same promise. Query embeddings are cached by the
 * embedder itself.
 */
export class EmbedderPool {
  private readonly loaded = new Map<string, Promise<OnnxEmbedder>>();

  constructor(
    private readonly threads = 1,
    private readonly precision: EmbedPrecisionChoice = "auto",
  ) {}

  get(modelDir: string): Promise<OnnxEmbedder> {
    let embedder = this.loaded.get(modelDir);
    if (!embedder) {
      embedder = OnnxEmbedder.load(modelDir, { threads: this.threads, precision: this.precision, exportIfMissing: false });
      // A failed load is not kept: the next query tries again (the model may have been fixed).
      embedder.catch(() => this.loaded.delete(modelDir));
      this.loaded.set(modelDir, embedder);
    }
    return embedder;
  }

  async dispose(): Promise<void> {
    const all = [...this.loaded.values()];
    this.loaded.clear();
    await Promise.all(all.map(async (e) => (await e).dispose().catch(() => undefined)));
  }
}
