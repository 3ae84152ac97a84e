/**
 * The index stage service: which model version's index serves a corpus, by an admin's decision
 * (promotion or rollback); the index jobs themselves run in lib/jobs/handlers/index-handler.ts.
 */
import "server-only";
import fs from "node:fs";
import { DomainError } from "@/lib/core/domain-error";
import path from "node:path";
import type { Db } from "@/lib/db/client";
import { writeTransaction } from "@/lib/db/client";
import type { JobRow } from "@/lib/db/schema";
import { getModelVersion, liveModelVersion, promoteModelVersion, recordMetrics } from "@/lib/db/queries/model-versions";
import { indexFolder, MANIFEST_FILE } from "@/lib/index/index-manifest";
import { enqueueAutoClustering, enqueueIndex } from "@/lib/pipeline/stage-jobs";
import type { ModelVersion } from "@/lib/db/schema";

/** Thrown when a version cannot be made live by hand: it does not exist, or its state does not allow it. */
export class PromotionError extends DomainError {
  constructor(message: string, kind: "not_found" | "conflict") {
    super(kind, message);
  }
}

/** The statuses from which an admin can make a version serve: trained and indexed, or served before. */
const PROMOTABLE = new Set(["ready", "retired", "live"]);

/** What {@link promoteByHand} did. */
export interface ManualPromotion {
  modelVersion: ModelVersion;
  /** The version that served before (now retired), if another one did. */
  previous?: { id: number; name: string };
  /** `live`: serves now; `indexing`: serves once the queued index job completes its index. */
  outcome: "live" | "indexing" | "unchanged";
  /** The index job queued: to bring the index up to date, or to build it first. */
  job?: JobRow;
}

function hasIndex(indexDir: string, v: ModelVersion): boolean {
  return fs.existsSync(
    path.join(indexFolder(indexDir, { corpusId: v.corpusId!, modelVersionId: v.id }), MANIFEST_FILE),
  );
}

/**
 * Makes a model version serve its corpus because an admin said so (a promotion, or a rollback to
 * an older version), whatever the held-out comparison said. With its index on disk it serves at
 * once (the previous live version is retired), an index job brings the index up to date with
 * passages added meanwhile, and the clusters follow; without one, an index job builds it and
 * promotes it when complete. The reason is stored on the version (`promotion`).
 * @throws {@link PromotionError} 404 for an unknown version, 409 for one that cannot serve
 */
export function promoteByHand(
  db: Db,
  versionId: number,
  options: { indexDir: string; actor: string },
): Promise<ManualPromotion> {
  return writeTransaction(db, async (tx): Promise<ManualPromotion> => {
    const version = await getModelVersion(tx, versionId);
    if (!version || version.corpusId === null)
      throw new PromotionError(`model version ${versionId} not found`, "not_found");
    if (!PROMOTABLE.has(version.status) || !version.path) {
      throw new PromotionError(
        `model version ${versionId} is ${version.status}: only a ready or retired version (trained and indexed) can serve; wait for its jobs or train again`,
        "conflict",
      );
    }
    const corpusId = version.corpusId;
    const live = await liveModelVersion(tx, corpusId);
    if (live?.id === version.id) return { modelVersion: version, outcome: "unchanged" };
    const previous = live ? { id: live.id, name: live.name } : undefined;
    const reason = `serves: chosen by hand by ${options.actor}${previous ? ` in place of version ${previous.id}` : ""}`;
    await recordMetrics(tx, version.id, { promotion: { promoted: true, reason } });
    if (!hasIndex(options.indexDir, version)) {
      const job = await enqueueIndex(
        tx,
        { corpusId, modelVersionId: version.id, promote: true },
        `Index and serve ${version.name}`,
      );
      return { modelVersion: (await getModelVersion(tx, version.id))!, previous, outcome: "indexing", job };
    }
    await promoteModelVersion(tx, corpusId, version.id);
    const job = await enqueueIndex(
      tx,
      { corpusId, modelVersionId: version.id, promote: false },
      "Bring the index up to date",
    );
    await enqueueAutoClustering(tx, corpusId);
    return { modelVersion: (await getModelVersion(tx, version.id))!, previous, outcome: "live", job };
  });
}
