import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";

/**
 * File steps of an atomic save. A rename is only durable once the data it points to and the
 * folder entry are on disk, hence fsync of the file before the rename and of the folder after.
 */

/** Writes `data` to `file` and fsyncs it before returning. */
export async function writeFileDurable(file: string, data: string | Uint8Array): Promise<void> {
  const handle = await fs.open(file, "w");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes a file written by someone else (e.g. native code) to disk. */
export async function fsyncFile(file: string): Promise<void> {
  const handle = await fs.open(file, "r+");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes a folder's entries (renames, unlinks) to disk; a no-op where folders cannot be opened. */
export async function fsyncFolder(folder: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(folder, "r");
    await handle.sync();
  } catch (err) {
    // Windows cannot open folders and some network file systems refuse fsync on them.
    if (!isErrno(err, "EISDIR", "EPERM", "EINVAL", "EACCES")) throw err;
  } finally {
    await handle?.close();
  }
}

/** `sha256:<hex>` of a file, read as a stream so large indexes do not need one big buffer. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return `sha256:${hash.digest("hex")}`;
}

/** Whether `err` is a Node system error with one of the given codes. */
export function isErrno(err: unknown, ...codes: string[]): boolean {
  return typeof err === "object" && err !== null && codes.includes((err as NodeJS.ErrnoException).code ?? "");
}
