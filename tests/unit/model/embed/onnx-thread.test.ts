import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OnnxEmbedder } from "@/lib/model/embed/onnx-embedder";
import { OnnxThread } from "@/lib/model/embed/onnx-thread";
import { onnxGraphPath } from "@/lib/model/onnx/onnx-export";
import { EmbedderPool } from "@/lib/search/embedder-pool";
import { writeTinyModel } from "@/tests/fixtures/tiny-model";

const TEXTS = [
  "A man is playing a guitar.",
  "the dog",
  "Two women are walking in the park with their children, and a small brown dog runs after them.",
  "",
  "Police said the attack killed three people.",
];

const root = mkdtempSync(path.join(tmpdir(), "cognate-onnx-thread-"));
const modelDir = path.join(root, "tiny");
let here: OnnxEmbedder;
beforeAll(async () => {
  writeTinyModel(modelDir, { normalize: true });
  here = await OnnxEmbedder.load(modelDir, { threads: 1, precision: "fp32" });
});
afterAll(async () => {
  await here?.dispose();
  rmSync(root, { recursive: true, force: true });
});

/** The embedder's thread, reached through its private field: the tests stop it from outside. */
function threadOf(embedder: OnnxEmbedder): Promise<OnnxThread> {
  return (embedder as unknown as { thread: { current: Promise<OnnxThread> } }).thread.current;
}

describe("OnnxEmbedder off the calling thread", () => {
  it("embeds exactly as the session on the calling thread does", async () => {
    const away = await OnnxEmbedder.load(modelDir, { threads: 1, precision: "fp32", offThread: true });
    try {
      expect(away.offThread).toBe(true);
      expect(here.offThread).toBe(false);
      expect(await away.embed(TEXTS, { batchSize: 2 })).toEqual(await here.embed(TEXTS, { batchSize: 2 }));
      expect(await away.embedQuery(TEXTS[0])).toEqual(await here.embedQuery(TEXTS[0]));
      // Passes asked together come back to their own callers.
      const together = await Promise.all(TEXTS.map((t) => away.embed([t], { normalize: false })));
      const alone = await Promise.all(TEXTS.map((t) => here.embed([t], { normalize: false })));
      expect(together).toEqual(alone);
    } finally {
      await away.dispose();
    }
  });

  it("starts a thread again after it stopped, and stops it on dispose", async () => {
    const away = await OnnxEmbedder.load(modelDir, { threads: 1, precision: "fp32", offThread: true });
    const first = await threadOf(away);
    await first.close();
    expect(first.closed?.message).toMatch(/closed/);
    expect(await away.embed(TEXTS)).toEqual(await here.embed(TEXTS));
    const second = await threadOf(away);
    expect(second).not.toBe(first);
    await away.dispose();
    expect(second.closed).not.toBeNull();
    await expect(away.embed(TEXTS)).rejects.toThrow(/was disposed/);
  });

  it("rejects a pass on a closed thread and names a graph it cannot open", async () => {
    const thread = await OnnxThread.open(onnxGraphPath(modelDir, "fp32"), { intraOpNumThreads: 1 });
    await thread.close();
    await expect(thread.run({}, "last_hidden_state")).rejects.toThrow(/closed/);
    await expect(OnnxThread.open(path.join(root, "missing.onnx"), {})).rejects.toThrow(
      /embedding thread could not open .*missing\.onnx/,
    );
  });

  it("is what the pool loads when asked", async () => {
    const pool = new EmbedderPool(1, "fp32", { offThread: true });
    try {
      const embedder = await pool.get(modelDir);
      expect(embedder.offThread).toBe(true);
      expect(await embedder.embedQuery("the dog")).toEqual(await here.embedQuery("the dog"));
    } finally {
      await pool.dispose();
    }
  });
});
