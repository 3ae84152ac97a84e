import type { AuthConfig } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import { pruneAudit, recordAudit, type AuditInput } from "@/lib/db/queries/audit-log";
import { RateLimiter } from "@/lib/auth/rate-limiter";

/** Security events (refusals, failed logins) written per source and action per minute, at most. */
const PER_SOURCE_PER_MINUTE = 10;
/** Security events written per minute in all, so that many addresses cannot flood the log either. */
const ALL_PER_MINUTE = 300;
/** How often retention runs (on the next write after this long). */
const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * The audit log's writer. Admin actions are always recorded; events that anyone can cause
 * (failed logins, refused calls, use of a revoked key) go through {@link recordLimited}, which
 * keeps a flood from filling the disk: past the budget an event is counted, and the next one
 * written from that source says how many were left out. Retention (`COGNATE_AUDIT_DAYS`,
 * `COGNATE_AUDIT_MAX_ROWS`) runs every 10 minutes on the next write.
 */
export class AuditTrail {
  private readonly perSource: RateLimiter;
  private readonly all: RateLimiter;
  private readonly skipped = new Map<string, number>();
  private prunedAt = -Infinity;

  constructor(
    private readonly db: Db,
    private readonly retention: { days: number; maxRows: number },
    private readonly now: () => number = () => Date.now(),
  ) {
    this.perSource = new RateLimiter(PER_SOURCE_PER_MINUTE, now);
    this.all = new RateLimiter(ALL_PER_MINUTE, now);
  }

  /** Records an admin action (never dropped). */
  async record(entry: AuditInput): Promise<void> {
    await recordAudit(this.db, entry);
    await this.pruneWhenDue();
  }

  /** Records an event anyone can trigger, within the per-source and overall budgets; true when written. */
  async recordLimited(entry: AuditInput): Promise<boolean> {
    const source = `${entry.ip ?? ""}|${entry.action}`;
    if (!this.perSource.take(source).ok || !this.all.take("all").ok) {
      if (this.skipped.size > 10_000) this.skipped.clear();
      this.skipped.set(source, (this.skipped.get(source) ?? 0) + 1);
      return false;
    }
    const left = this.skipped.get(source);
    this.skipped.delete(source);
    const detail = left
      ? `${entry.detail ?? ""}${entry.detail ? "; " : ""}${left} more like this were not recorded`
      : entry.detail;
    await this.record({ ...entry, detail });
    return true;
  }

  private async pruneWhenDue(): Promise<void> {
    const t = this.now();
    if (t - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = t;
    await pruneAudit(this.db, { maxAgeMs: this.retention.days * 86_400_000, maxRows: this.retention.maxRows, now: t });
  }
}

const trails = new WeakMap<Db, AuditTrail>();

/** The process's audit writer for `db`. */
export function auditTrail(db: Db, auth: AuthConfig): AuditTrail {
  let trail = trails.get(db);
  if (!trail) trails.set(db, (trail = new AuditTrail(db, { days: auth.auditDays, maxRows: auth.auditMaxRows })));
  return trail;
}
