import fs from "node:fs/promises";
import path from "node:path";
import { fsyncFile, fsyncFolder, isErrno, sha256File, writeFileDurable } from "@/lib/core/durable-file";
import { readHnswFileHeader } from "@/lib/index/hnsw-file-header";
import { IndexLoadError } from "@/lib/index/index-load-error";
import {
  MANIFEST_FILE,
  MANIFEST_VERSION,
  indexFolder,
  indexManifestSchema,
  newIndexFileName,
  type IndexKey,
  type IndexManifest,
} from "@/lib/index/index-manifest";
import { IndexWriterLock, type WriterLockOptions } from "@/lib/index/index-writer-lock";
import { VectorIndex, type SearchThreadPolicy } from "@/lib/index/vector-index";
import { throwIfAborted } from "@/lib/core/cooperative";

/** Points of a save at which tests simulate a crash; each is after an fsync. */
export type SaveStep = "index-written" | "index-renamed" | "manifest-written";

/** Options of {@link saveIndex}. */
export interface SaveOptions {
  /** Time recorded as `createdAt` (default now). */
  now?: Date;
  /** Called after each step, before the next; a throw here stands for a crash at that point. */
  onStep?: (step: SaveStep) => void | Promise<void>;
  /**
   * The writer's job lease: aborted when the lease is lost or the job cancelled. Checked before
   * each rename, so a runner whose job was taken over renames nothing into place.
   */
  signal?: AbortSignal;
  /** The folder's writer lock: its owner's name and TTL (match the job lease), the longest wait. */
  lock?: Omit<WriterLockOptions, "signal">;
}

/** Options of {@link loadIndex}. */
export interface LoadOptions {
  /** Refuse a folder whose manifest names another corpus or model version. */
  expect?: IndexKey;
  /** Hash the whole file against the manifest (default true); the size and header are always checked. */
  verifyChecksum?: boolean;
  /** Where `searchAsync` runs graph and exact searches (default `never`: jobs search synchronously). */
  searchThread?: SearchThreadPolicy;
}

/** A loaded index with the manifest it was checked against. */
export interface LoadedIndex {
  index: VectorIndex;
  manifest: IndexManifest;
}

/** Temporary files older than this belong to a crashed save, not to one in progress. */
const STALE_TEMP_MS = 10 * 60_000;

/**
 * Saves `index` to `<indexDir>/corpus-<id>/model-<versionId>/` so that a crash at any moment
 * leaves the previous save loadable: the index file and the manifest are written under
 * temporary names and fsynced, the index file is renamed to a new generation name, and the
 * manifest is renamed into place last (the commit). The previous generation's file is kept
 * for readers that are loading it; older ones are removed. One writer per folder at a time:
 * a save takes the folder's {@link IndexWriterLock} (waiting for another writer to finish) and,
 * before each rename, checks that it still holds it and that `signal` (its job's lease) has not
 * aborted.
 *
 * @throws IndexWriterLockError when the lock cannot be had in time or was lost mid-save
 */
export async function saveIndex(
  indexDir: string,
  key: IndexKey,
  index: VectorIndex,
  options: SaveOptions = {},
): Promise<IndexManifest> {
  const folder = indexFolder(indexDir, key);
  await fs.mkdir(folder, { recursive: true });
  const lock = await IndexWriterLock.acquire(folder, { ...options.lock, signal: options.signal });
  try {
    return await saveLocked(folder, key, index, options, async () => {
      throwIfAborted(options.signal);
      await lock.confirm();
    });
  } finally {
    await lock.release();
  }
}

async function saveLocked(
  folder: string,
  key: IndexKey,
  index: VectorIndex,
  options: SaveOptions,
  stillMine: () => Promise<void>,
): Promise<IndexManifest> {
  const previous = await readManifest(folder).catch(() => undefined);
  const now = options.now ?? new Date();
  const file = newIndexFileName(now);
  const suffix = `.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const tempIndex = path.join(folder, file + suffix);
  const tempManifest = path.join(folder, MANIFEST_FILE + suffix);
  let committed = false;
  try {
    const written = await index.writeFile(tempIndex);
    await fsyncFile(tempIndex);
    const [{ size }, checksum] = await Promise.all([fs.stat(tempIndex), sha256File(tempIndex)]);
    await options.onStep?.("index-written");
    await stillMine();
    await fs.rename(tempIndex, path.join(folder, file));
    await options.onStep?.("index-renamed");
    const manifest: IndexManifest = indexManifestSchema.parse({
      version: MANIFEST_VERSION,
      ...key,
      dim: index.dim,
      count: written.count,
      deleted: written.deletedIds.length,
      deletedIds: written.deletedIds,
      params: index.params,
      createdAt: now.toISOString(),
      file,
      bytes: size,
      checksum,
    });
    await writeFileDurable(tempManifest, JSON.stringify(manifest, null, 2));
    await options.onStep?.("manifest-written");
    await stillMine();
    await fs.rename(tempManifest, path.join(folder, MANIFEST_FILE));
    committed = true;
    await fsyncFolder(folder);
    await removeStaleFiles(folder, [file, previous?.file]);
    return manifest;
  } finally {
    if (!committed)
      await Promise.all(
        [tempIndex, tempManifest, path.join(folder, file)].map((f) => fs.rm(f, { force: true }).catch(() => {})),
      );
  }
}

/**
 * Loads the index in `folder` after checking it against its manifest (size, header, checksum),
 * on a libuv thread. Only reads, so it works on read-only shared storage.
 *
 * @throws IndexLoadError saying what is wrong and how to rebuild
 */
export async function loadIndex(folder: string, options: LoadOptions = {}): Promise<LoadedIndex> {
  const manifest = await readManifest(folder, options.expect);
  try {
    return await loadChecked(folder, manifest, options);
  } catch (err) {
    // A save may have committed and removed this file between our two reads: retry once.
    if (!(err instanceof IndexLoadError && err.problem === "file-missing")) throw err;
    const latest = await readManifest(folder, options.expect);
    if (latest.file === manifest.file) throw err;
    return loadChecked(folder, latest, options);
  }
}

/** Reads and validates `folder`'s manifest. @throws IndexLoadError when missing or invalid */
export async function readManifest(folder: string, expect?: IndexKey): Promise<IndexManifest> {
  let text: string;
  try {
    text = await fs.readFile(path.join(folder, MANIFEST_FILE), "utf8");
  } catch (err) {
    if (isErrno(err, "ENOENT", "ENOTDIR")) throw new IndexLoadError("missing", folder, `${MANIFEST_FILE} not found`);
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new IndexLoadError("manifest", folder, `${MANIFEST_FILE} is not valid JSON`);
  }
  const parsed = indexManifestSchema.safeParse(json);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join(".") || "(root)").join(", ");
    throw new IndexLoadError("manifest", folder, `${MANIFEST_FILE} has invalid fields (${fields})`);
  }
  const manifest = parsed.data;
  if (expect && (manifest.corpusId !== expect.corpusId || manifest.modelVersionId !== expect.modelVersionId)) {
    throw new IndexLoadError(
      "manifest",
      folder,
      `${MANIFEST_FILE} is for corpus ${manifest.corpusId}, model version ${manifest.modelVersionId}, not corpus ${expect.corpusId}, model version ${expect.modelVersionId}`,
    );
  }
  if (manifest.deletedIds.length !== manifest.deleted) {
    throw new IndexLoadError(
      "manifest",
      folder,
      `${MANIFEST_FILE} lists ${manifest.deletedIds.length} deleted ids but counts ${manifest.deleted}`,
    );
  }
  return manifest;
}

async function loadChecked(folder: string, manifest: IndexManifest, options: LoadOptions): Promise<LoadedIndex> {
  const verifyChecksum = options.verifyChecksum ?? true;
  const file = path.join(folder, manifest.file);
  const fail = (problem: ConstructorParameters<typeof IndexLoadError>[0], detail: string) =>
    new IndexLoadError(problem, folder, detail);
  let size: number;
  try {
    size = (await fs.stat(file)).size;
  } catch (err) {
    if (isErrno(err, "ENOENT"))
      throw fail("file-missing", `${manifest.file}, named by ${MANIFEST_FILE}, does not exist`);
    throw err;
  }
  if (size !== manifest.bytes)
    throw fail(
      "size",
      `${manifest.file} is ${size} bytes but ${MANIFEST_FILE} says ${manifest.bytes} (truncated or overwritten)`,
    );
  const header = await readHnswFileHeader(file);
  const elements = manifest.count + manifest.deleted;
  if (
    !header ||
    header.vectorBytes !== manifest.dim * 4 ||
    header.elementCount !== elements ||
    header.M !== manifest.params.M
  ) {
    throw fail(
      "unreadable",
      `${manifest.file} does not hold ${elements} vectors of dimension ${manifest.dim} built with M=${manifest.params.M}`,
    );
  }
  if (verifyChecksum && (await sha256File(file)) !== manifest.checksum) {
    throw fail(
      "checksum",
      `${manifest.file} does not match the checksum in ${MANIFEST_FILE} (corrupted on disk or in transfer)`,
    );
  }
  let index: VectorIndex;
  try {
    index = await VectorIndex.readFile(file, manifest.dim, manifest.params, manifest.deletedIds, {
      searchThread: options.searchThread,
    });
  } catch (err) {
    throw fail(
      "unreadable",
      `hnswlib could not read ${manifest.file}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (index.size !== manifest.count || index.deletedCount !== manifest.deleted) {
    throw fail(
      "unreadable",
      `${manifest.file} holds ${index.size} searchable and ${index.deletedCount} deleted vectors, ${MANIFEST_FILE} says ${manifest.count} and ${manifest.deleted}`,
    );
  }
  return { index, manifest };
}

/** Removes index files no manifest needs and temporary files left by crashed saves. */
async function removeStaleFiles(folder: string, keep: (string | undefined)[]): Promise<void> {
  const now = Date.now();
  for (const name of await fs.readdir(folder)) {
    const full = path.join(folder, name);
    const isTemp = name.includes(".tmp-");
    const isOldIndex = !isTemp && /^index-.*\.bin$/.test(name) && !keep.includes(name);
    try {
      if (isOldIndex || (isTemp && now - (await fs.stat(full)).mtimeMs > STALE_TEMP_MS))
        await fs.rm(full, { force: true });
    } catch {
      // Another cleaner got there first, or the file is in use on a platform that forbids
      // removing it: either way the next save tries again.
    }
  }
}
