import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IndexLoadError } from "@/lib/index/index-load-error";
import { indexFolder } from "@/lib/index/index-manifest";
import { loadIndex, readManifest, saveIndex, type SaveStep } from "@/lib/index/index-store";
import { DIM, answers, sampleIndex, sampleVectors, tempIndexDir } from "@/tests/integration/index/index-fixtures";

const key = { corpusId: 3, modelVersionId: 7 };
let tmp: ReturnType<typeof tempIndexDir>;
let folder: string;

beforeEach(() => {
  tmp = tempIndexDir();
  folder = indexFolder(tmp.dir, key);
});
afterEach(() => tmp.cleanup());

describe("saveIndex and loadIndex", () => {
  it("round-trips: the loaded index gives identical results and the manifest describes it", async () => {
    const index = sampleIndex(500, 1);
    index.markDeleted([4, 5, 6]);
    const manifest = await saveIndex(tmp.dir, key, index, { now: new Date("2025-01-02T03:04:05Z") });
    expect(folder).toBe(path.join(tmp.dir, "corpus-3", "model-7"));
    expect(fs.readdirSync(folder).sort()).toEqual([manifest.file, "manifest.json"].sort());
    expect(manifest).toMatchObject({
      version: 1,
      ...key,
      dim: DIM,
      count: 497,
      deleted: 3,
      deletedIds: [4, 5, 6],
      createdAt: "2025-01-02T03:04:05.000Z",
    });
    expect(manifest.params).toEqual(index.params);
    expect(manifest.bytes).toBe(fs.statSync(path.join(folder, manifest.file)).size);

    const loaded = await loadIndex(folder, { expect: key });
    expect(loaded.manifest).toEqual(manifest);
    expect(answers(loaded.index)).toBe(answers(index));
    expect(loaded.index.deletedIds()).toEqual([4, 5, 6]);
    expect(loaded.index.has(4)).toBe(false);
  });

  it("keeps the search defaults (ef and exact mode), and reads manifests from before the mode existed as HNSW", async () => {
    const index = sampleIndex(300, 1);
    index.setSearchDefaults({ ef: 40, mode: "exact" });
    await saveIndex(tmp.dir, key, index);
    const loaded = await loadIndex(folder);
    expect(loaded.index.params).toMatchObject({ ef: 40, mode: "exact" });
    expect(answers(loaded.index)).toBe(answers(index));

    const manifestFile = path.join(folder, "manifest.json");
    const old = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
    delete old.params.mode;
    fs.writeFileSync(manifestFile, JSON.stringify(old));
    expect((await loadIndex(folder)).index.params.mode).toBe("hnsw");
  });

  it("keeps the int8 mode and its candidate count; the loaded index rebuilds the codes from the file, and manifests without the candidate count still load", async () => {
    const index = sampleIndex(400, 1);
    index.markDeleted([2, 3]);
    index.setSearchDefaults({ mode: "int8", candidates: 48 });
    await saveIndex(tmp.dir, key, index);
    const loaded = await loadIndex(folder);
    expect(loaded.index.params).toMatchObject({ mode: "int8", candidates: 48 });
    expect(loaded.index.scanCopyBytes).toBeGreaterThan(0);
    // dim bytes of codes per vector plus its scores and label, the memory rounded up to a 64 KiB page.
    expect(loaded.index.scanCopyBytes).toBeLessThan(398 * (DIM + 20) + 65536 + 1024);
    expect(answers(loaded.index)).toBe(answers(index));
    expect(
      answers(loaded.index)
        .split(/[\n,]/)
        .map((hit) => hit.split(":")[0]),
    ).not.toContain("2");

    const manifestFile = path.join(folder, "manifest.json");
    const old = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
    delete old.params.candidates;
    old.params.mode = "hnsw";
    fs.writeFileSync(manifestFile, JSON.stringify(old));
    expect((await loadIndex(folder)).index.params).toMatchObject({ mode: "hnsw", candidates: 64 });
  });

  it("takes incremental adds and deletes after a load, and saves them as a new generation", async () => {
    const first = await saveIndex(tmp.dir, key, sampleIndex(300, 1));
    const { index } = await loadIndex(folder);
    const more = sampleVectors(400, 2, 10_000);
    index.add(more.ids, more.vectors);
    index.markDeleted([0, 1]);
    expect(index.size).toBe(698);
    expect(index.capacity).toBeGreaterThanOrEqual(700);
    expect(index.search(more.vectors.subarray(0, DIM), 1)[0].id).toBe(10_000);

    const second = await saveIndex(tmp.dir, key, index);
    expect(second.file).not.toBe(first.file);
    const reloaded = await loadIndex(folder);
    expect(reloaded.index.size).toBe(698);
    expect(answers(reloaded.index)).toBe(answers(index));
    // The previous generation stays for readers that are still loading it; older ones go.
    await saveIndex(tmp.dir, key, index);
    expect(fs.readdirSync(folder).filter((f) => f.endsWith(".bin"))).toHaveLength(2);
    expect(fs.existsSync(path.join(folder, first.file))).toBe(false);
  });

  it("refuses to add while the index is being written, and searches meanwhile", async () => {
    const index = sampleIndex(300, 1);
    fs.mkdirSync(folder, { recursive: true });
    const saving = index.writeFile(path.join(folder, "index-direct.bin"));
    expect(() => index.add([9999], new Float32Array(DIM).fill(1))).toThrow(/await the save first/);
    expect(index.search(new Float32Array(DIM).fill(1), 3)).toHaveLength(3);
    expect(await saving).toEqual({ count: 300, deletedIds: [] });
    index.add([9999], new Float32Array(DIM).fill(1));
  });
});

describe("a crash while saving", () => {
  const steps: SaveStep[] = ["index-written", "index-renamed", "manifest-written"];

  it.each(steps)("after %s leaves the previous index loadable with its old answers", async (step) => {
    const previous = sampleIndex(300, 1);
    const before = await saveIndex(tmp.dir, key, previous);
    const crash = (at: SaveStep) => {
      if (at === step) throw new Error(`simulated crash after ${at}`);
    };
    await expect(saveIndex(tmp.dir, key, sampleIndex(400, 2), { onStep: crash })).rejects.toThrow(/simulated crash/);

    const loaded = await loadIndex(folder);
    expect(loaded.manifest).toEqual(before);
    expect(answers(loaded.index)).toBe(answers(previous));
    // The next save still works.
    await saveIndex(tmp.dir, key, sampleIndex(400, 2));
    expect((await loadIndex(folder)).index.size).toBe(400);
  });

  it("ignores what a killed writer left behind, and a later save removes it", async () => {
    const previous = sampleIndex(300, 1);
    const before = await saveIndex(tmp.dir, key, previous);
    const old = new Date(Date.now() - 3_600_000);
    const litter = [
      "index-20990101T000000000Z-zzzzzz.bin.tmp-1-abc",
      "manifest.json.tmp-1-abc",
      "index-20990101T000000000Z-orphan.bin",
    ];
    for (const name of litter) {
      fs.writeFileSync(path.join(folder, name), "half written");
      fs.utimesSync(path.join(folder, name), old, old);
    }
    expect(answers((await loadIndex(folder)).index)).toBe(answers(previous));
    const after = await saveIndex(tmp.dir, key, previous);
    expect(fs.readdirSync(folder).sort()).toEqual([after.file, before.file, "manifest.json"].sort());
  });
});

describe("a broken index folder", () => {
  const expectProblem = async (problem: string, message: RegExp) => {
    const err = await loadIndex(folder).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IndexLoadError);
    expect((err as IndexLoadError).problem).toBe(problem);
    expect((err as Error).message).toMatch(message);
  };

  it("says there is no index and how to build one", async () => {
    await expectProblem("missing", /No index in .*run the index job/);
  });

  it("detects a truncated index file and says how to rebuild", async () => {
    const { file } = await saveIndex(tmp.dir, key, sampleIndex(300, 1));
    const full = path.join(folder, file);
    fs.truncateSync(full, fs.statSync(full).size - 100);
    await expectProblem("size", /is broken: .*truncated.*Rebuild the index from the Models page, or run the index job/);
  });

  it("detects a flipped byte by its checksum", async () => {
    const { file } = await saveIndex(tmp.dir, key, sampleIndex(300, 1));
    const full = path.join(folder, file);
    const bytes = fs.readFileSync(full);
    bytes[bytes.length - 50] ^= 0xff;
    fs.writeFileSync(full, bytes);
    await expectProblem("checksum", /checksum.*Rebuild the index/);
  });

  it("detects a file that does not match the manifest's shape before hnswlib reads it", async () => {
    await saveIndex(tmp.dir, key, sampleIndex(300, 1));
    const manifest = await readManifest(folder);
    const other = sampleIndex(200, 2);
    await other.writeFile(path.join(folder, manifest.file));
    const size = fs.statSync(path.join(folder, manifest.file)).size;
    fs.writeFileSync(path.join(folder, "manifest.json"), JSON.stringify({ ...manifest, bytes: size }));
    await expect(loadIndex(folder, { verifyChecksum: false })).rejects.toThrow(
      /does not hold 300 vectors of dimension 32/,
    );
  });

  it("rejects a damaged manifest, a missing index file and a manifest for another index", async () => {
    const manifest = await saveIndex(tmp.dir, key, sampleIndex(300, 1));
    await expect(loadIndex(folder, { expect: { corpusId: 3, modelVersionId: 8 } })).rejects.toThrow(
      /not corpus 3, model version 8/,
    );
    fs.rmSync(path.join(folder, manifest.file));
    await expectProblem("file-missing", /does not exist/);
    fs.writeFileSync(path.join(folder, "manifest.json"), JSON.stringify({ ...manifest, dim: "32" }));
    await expectProblem("manifest", /invalid fields \(dim\)/);
    fs.writeFileSync(path.join(folder, "manifest.json"), "{ not json");
    await expectProblem("manifest", /not valid JSON/);
  });
});
