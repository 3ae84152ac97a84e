import { desc } from "drizzle-orm";
import type { Db } from "../client";
import { auditLog, type AuditEntry } from "../schema";

/** One audit record: who (actor label), what (action, target, detail), from where. Never secrets. */
export interface AuditInput {
  actor: string;
  action: string;
  target?: string;
  detail?: string;
  ip?: string;
}

export function recordAudit(db: Db, entry: AuditInput): void {
  db.insert(auditLog)
    .values({ ...entry, detail: (entry.detail ?? "").slice(0, 500), target: (entry.target ?? "").slice(0, 300) })
    .run();
}

/** The newest entries first. */
export function listAudit(db: Db, options: { limit?: number; offset?: number } = {}): AuditEntry[] {
  return db
    .select()
    .from(auditLog)
    .orderBy(desc(auditLog.id))
    .limit(options.limit ?? 100)
    .offset(options.offset ?? 0)
    .all();
}
