import { describe, expect, it } from "vitest";
import { toJobView } from "@/lib/jobs/job-view";
import { redactPaths } from "@/lib/jobs/redact-paths";
import type { JobRow } from "@/lib/db/schema";

describe("redactPaths", () => {
  it("shortens absolute server paths to their last segment", () => {
    expect(
      redactPaths("ENOENT: no such file or directory, open '/srv/cognate/data/models/hub/x/onnx/model.onnx'"),
    ).toBe("ENOENT: no such file or directory, open '…/model.onnx'");
    expect(redactPaths("Error: boom\n    at load (/home/ana/cognate/lib/model/store.ts:12:3)")).toBe(
      "Error: boom\n    at load (…/store.ts:12:3)",
    );
    expect(redactPaths("cannot read /tmp/cognate-x/upload-3.csv")).toBe("cannot read …/upload-3.csv");
    expect(redactPaths("open C:\\Users\\ana\\data\\cognate.db failed")).toBe("open …\\cognate.db failed");
  });

  it("leaves URLs, API hints and plain text alone", () => {
    for (const text of [
      "download https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2/resolve/main/config.json failed",
      "or POST /api/v1/corpora/3/clusters",
      "see /corpora/3",
      "3/4 done",
      "ratio 1/2",
    ]) {
      expect(redactPaths(text)).toBe(text);
    }
    expect(redactPaths(null)).toBeNull();
  });

  it("applies to job views (API, SSE and the jobs page)", () => {
    const job = {
      id: 1,
      type: "ingest",
      title: "t",
      status: "failed",
      corpusId: 1,
      progress: 0,
      done: 0,
      total: 0,
      rate: null,
      etaSeconds: null,
      message: "reading /var/lib/cognate/uploads/7.csv",
      error: "EACCES: permission denied, open '/var/lib/cognate/uploads/7.csv'",
      attempts: 1,
      cancelRequested: false,
      createdAt: 0,
      startedAt: null,
      finishedAt: null,
      updatedAt: 0,
      payload: "{}",
    } as unknown as JobRow;
    const view = toJobView(job);
    expect(view.message).toBe("reading …/7.csv");
    expect(view.error).toBe("EACCES: permission denied, open '…/7.csv'");
  });
});
