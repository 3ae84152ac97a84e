import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";

/**
 * Keeps an accepted upload on disk until its ingest job has stored it, so a restarted worker
 * can parse it again. Written to a temporary name first: a crash never leaves half a file under the real name.
 */
export function saveUploadFile(dataDir: string, fileName: string, bytes: Uint8Array): string {
  const dir = path.join(dataDir, "uploads");
  fs.mkdirSync(dir, { recursive: true });
  const ext = path
    .extname(fileName)
    .toLowerCase()
    .replace(/[^.a-z0-9]/g, "");
  const target = path.join(dir, `${randomUUID()}${ext}`);
  const tmp = `${target}.part`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, target);
  return target;
}

/** Removes a stored upload once it is no longer needed; a missing file is fine. */
export function removeUploadFile(file: string): void {
  fs.rmSync(file, { force: true });
}
