import "server-only";
import { desc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { uploads, type Upload } from "@/lib/db/schema";

export function createUpload(
  db: Db,
  input: { corpusId: number; fileName: string; format: string; bytes: number },
): Upload {
  return db.insert(uploads).values(input).returning().get();
}

export function getUpload(db: Db, id: number): Upload | undefined {
  return db.select().from(uploads).where(eq(uploads.id, id)).get();
}

export function updateUpload(
  db: Db,
  id: number,
  patch: Partial<Pick<Upload, "status" | "documentCount" | "passageCount" | "duplicateCount">>,
): void {
  db.update(uploads).set(patch).where(eq(uploads.id, id)).run();
}

/** Removes an upload and, through the foreign keys, every document and passage it stored. */
export function deleteUpload(db: Db, id: number): void {
  db.delete(uploads).where(eq(uploads.id, id)).run();
}

export function listUploads(db: Db, corpusId: number): Upload[] {
  return db.select().from(uploads).where(eq(uploads.corpusId, corpusId)).orderBy(desc(uploads.id)).all();
}
