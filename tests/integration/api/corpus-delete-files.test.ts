import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/** Deleting a corpus removes its index and trained model folders, and nothing shared. */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-delete-files-"));
process.env.COGNATE_DATA_DIR = dataDir;
process.env.COGNATE_SAMPLE = "0";
process.env.COGNATE_MASTER_KEY = "master-key-for-the-delete-test";

const corpusRoute = await import("@/app/api/v1/corpora/[id]/route");
const { appServices } = await import("@/lib/app-services");
const { createCorpus } = await import("@/lib/db/queries/corpora");
const { createModelVersion, updateModelVersion } = await import("@/lib/db/queries/model-versions");

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function touch(file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, "x");
  return file;
}

describe("DELETE /corpora/{id}", () => {
  it("removes the corpus's index and trained model folders after the rows, and leaves shared models alone", async () => {
    const { db, cfg } = appServices();
    const doomed = (await createCorpus(db, { name: "doomed" })).id;
    const kept = (await createCorpus(db, { name: "kept" })).id;
    const trained = await createModelVersion(db, {
      corpusId: doomed,
      name: "trained",
      source: "scratch",
      baseModel: "scratch",
    });
    const trainedDir = path.join(cfg.modelDir, "trained", `version-${trained.id}`);
    await updateModelVersion(db, trained.id, { path: path.join(trainedDir, "model") });
    const hubDir = path.join(cfg.modelDir, "hub", "sentence-transformers--all-MiniLM-L6-v2");
    const hub = await createModelVersion(db, {
      corpusId: doomed,
      name: "hub",
      source: "hub",
      baseModel: "hub:x",
      path: hubDir,
    });
    const adminDir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-admin-model-"));
    await createModelVersion(db, {
      corpusId: doomed,
      name: "dir",
      source: "dir",
      baseModel: `dir:${adminDir}`,
      path: adminDir,
    });

    const files = {
      index: touch(path.join(cfg.indexDir, `corpus-${doomed}`, `model-${hub.id}`, "manifest.json")),
      trainedModel: touch(path.join(trainedDir, "model", "config.json")),
      checkpoint: touch(path.join(trainedDir, "checkpoints", "step-10.json")),
      hubModel: touch(path.join(hubDir, "config.json")),
      adminModel: touch(path.join(adminDir, "config.json")),
      otherIndex: touch(path.join(cfg.indexDir, `corpus-${kept}`, "model-1", "manifest.json")),
      // Left by a corpus deleted earlier (or written by its training run while it stopped).
      orphanIndex: touch(path.join(cfg.indexDir, "corpus-9999", "model-1", "manifest.json")),
      orphanRun: touch(path.join(cfg.modelDir, "trained", "version-9999", "model", "config.json")),
      notOurs: touch(path.join(cfg.modelDir, "trained", "my-notes", "readme.txt")),
    };

    const res = await corpusRoute.DELETE(
      new Request(`http://localhost/api/v1/corpora/${doomed}`, {
        method: "DELETE",
        headers: { authorization: "Bearer master-key-for-the-delete-test" },
      }),
      { params: Promise.resolve({ id: String(doomed) }) },
    );
    expect(res.status).toBe(204);
    expect(fs.existsSync(path.join(cfg.indexDir, `corpus-${doomed}`))).toBe(false);
    expect(fs.existsSync(trainedDir)).toBe(false);
    for (const kept of [files.hubModel, files.adminModel, files.otherIndex, files.notOurs])
      expect(fs.existsSync(kept), kept).toBe(true);
    for (const gone of [files.orphanIndex, files.orphanRun]) expect(fs.existsSync(gone), gone).toBe(false);
    fs.rmSync(adminDir, { recursive: true, force: true });
  });
});
