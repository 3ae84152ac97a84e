import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { indexFolder } from "@/lib/index/index-manifest";
import { loadIndex, saveIndex } from "@/lib/index/index-store";
import { answers, sampleIndex, tempIndexDir } from "@/tests/integration/index/index-fixtures";

const key = { corpusId: 2, modelVersionId: 5 };
const child = path.join(import.meta.dirname, "save-loop.child.ts");
let tmp: ReturnType<typeof tempIndexDir>;
beforeEach(() => {
  tmp = tempIndexDir();
});
afterEach(() => tmp.cleanup());

/** Starts the save loop, lets it save `saves` times, then SIGKILLs it `extraMs` later (mid-save, most likely). */
function killDuringSaves(saves: number, extraMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    // node --import tsx, not the tsx wrapper: SIGKILL must hit the process that writes.
    const proc = spawn(
      process.execPath,
      ["--import", "tsx", child, tmp.dir, String(key.corpusId), String(key.modelVersionId)],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let done = 0;
    let stderr = "";
    proc.stderr.on("data", (d) => (stderr += d));
    proc.stdout.on("data", (d: Buffer) => {
      done += d
        .toString()
        .split("\n")
        .filter((l) => l.startsWith("saved")).length;
      if (done === saves) setTimeout(() => proc.kill("SIGKILL"), extraMs);
    });
    proc.on("exit", (code, signal) =>
      signal === "SIGKILL" ? resolve() : reject(new Error(`save loop exited with ${code}: ${stderr}`)),
    );
  });
}

describe("an index writer killed with SIGKILL", () => {
  it("always leaves a complete index that loads and answers like one of the saved ones", async () => {
    const expected = new Map([400, 600].map((n, i) => [n, answers(sampleIndex(n, i + 1))]));
    await saveIndex(tmp.dir, key, sampleIndex(400, 1));
    for (const extraMs of [0, 4]) {
      await killDuringSaves(2, extraMs);
      const { index } = await loadIndex(indexFolder(tmp.dir, key));
      expect(expected.get(index.size)).toBe(answers(index));
    }
  }, 60_000);
});
