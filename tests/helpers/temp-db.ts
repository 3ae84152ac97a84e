import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "@/lib/db/client";

/** A throwaway data folder with a migrated database; `cleanup()` removes both. */
export function tempDatabase() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-test-"));
  const dbPath = path.join(dir, "cognate.db");
  const db = openDatabase(dbPath);
  return {
    dir,
    dbPath,
    db,
    cleanup() {
      db.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
