import "server-only";
import { desc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { uploads } from "@/lib/db/tables";
import type { Upload } from "@/lib/db/schema";

export async function createUpload(
  db: Db,
  input: { corpusId: number; fileName: string; format: string; bytes: number },
): Promise<Upload> {
  const [upload] = await db.insert(uploads).values(input).returning();
  return upload;
}

export async function getUpload(db: Db, id: number): Promise<Upload | undefined> {
  const [upload] = await db.select().from(uploads).where(eq(uploads.id, id));
  return upload;
}

export async function updateUpload(
  db: Db,
  id: number,
  patch: Partial<Pick<Upload, "status" | "documentCount" | "passageCount" | "duplicateCount">>,
): Promise<void> {
  await db.update(uploads).set(patch).where(eq(uploads.id, id));
}

/** Removes an upload and, through the foreign keys, every document and passage it stored. */
export async function deleteUpload(db: Db, id: number): Promise<void> {
  await db.delete(uploads).where(eq(uploads.id, id));
}

export function listUploads(db: Db, corpusId: number): Promise<Upload[]> {
  return db.select().from(uploads).where(eq(uploads.corpusId, corpusId)).orderBy(desc(uploads.id));
}
