import "server-only";
import fs from "node:fs";
import path from "node:path";
import type { Config } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import { deleteCorpus, getCorpus } from "@/lib/db/queries/corpora";
import { getModelVersion, listModelVersions } from "@/lib/db/queries/model-versions";

/** True when `child` lies strictly inside `parent`. */
function inside(parent: string, child: string): boolean {
  const rel = path.relative(path.resolve(parent), path.resolve(child));
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

/**
 * The folders on disk that belong to a corpus alone: its index folder (`<indexDir>/corpus-<id>`)
 * and the folders of the model versions trained for it (`<modelDir>/trained/version-<id>`, and a
 * version's own folder when it lies under `trained/`). Hub models and `dir:` folders are shared
 * with other corpora or owned by the admin, and are never listed.
 */
export async function corpusFolders(
  db: Db,
  cfg: Pick<Config, "modelDir" | "indexDir">,
  corpusId: number,
): Promise<string[]> {
  const trained = path.join(cfg.modelDir, "trained");
  const folders = new Set<string>([path.join(cfg.indexDir, `corpus-${corpusId}`)]);
  for (const version of await listModelVersions(db, corpusId)) {
    folders.add(path.join(trained, `version-${version.id}`));
    if (version.path && inside(trained, version.path)) {
      // The version folder is the first segment under trained/ (the model may be a subfolder of its run).
      folders.add(path.join(trained, path.relative(trained, path.resolve(version.path)).split(path.sep)[0]));
    }
  }
  return [...folders].filter((f) => inside(cfg.modelDir, f) || inside(cfg.indexDir, f));
}

/** Numbered folders `<prefix><id>` in `dir` whose row no longer exists (ids are never reused). */
async function unreferenced(dir: string, prefix: string, exists: (id: number) => Promise<boolean>): Promise<string[]> {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const pattern = new RegExp(`^${prefix}(\\d+)$`);
  const found: string[] = [];
  for (const name of names) {
    const m = pattern.exec(name);
    if (m && !(await exists(Number(m[1])))) found.push(path.join(dir, name));
  }
  return found;
}

/**
 * Folders left by corpora and versions deleted earlier: `indexes/corpus-<id>` without its corpus
 * and `models/trained/version-<id>` without its version. A training run that was still stopping
 * when its corpus went can write its folder after the delete; the next delete sweeps it.
 */
export async function orphanFolders(db: Db, cfg: Pick<Config, "modelDir" | "indexDir">): Promise<string[]> {
  return [
    ...(await unreferenced(cfg.indexDir, "corpus-", async (id) => (await getCorpus(db, id)) !== undefined)),
    ...(await unreferenced(
      path.join(cfg.modelDir, "trained"),
      "version-",
      async (id) => (await getModelVersion(db, id)) !== undefined,
    )),
  ];
}

/**
 * Deletes a corpus with all its rows, then, once that has committed, its index and trained
 * model folders (a crash in between leaves only unreferenced folders, never rows without
 * files), and the folders earlier deletes left behind ({@link orphanFolders}). False when there is
 * no such corpus. A folder that cannot be removed is logged, not thrown.
 */
export async function removeCorpus(
  db: Db,
  cfg: Pick<Config, "modelDir" | "indexDir">,
  corpusId: number,
): Promise<boolean> {
  const folders = await corpusFolders(db, cfg, corpusId);
  if (!(await deleteCorpus(db, corpusId))) return false;
  for (const folder of new Set([...folders, ...(await orphanFolders(db, cfg))])) {
    try {
      fs.rmSync(folder, { recursive: true, force: true });
    } catch (err) {
      console.error(
        `[corpus] deleted corpus ${corpusId} but could not remove ${folder}: ${(err as Error).message}; remove it by hand`,
      );
    }
  }
  return true;
}
