import { describe, expect, it } from "vitest";
import { IngestError } from "@/lib/ingest/ingest-error";

describe("IngestError", () => {
  it("names the file and the line", () => {
    const err = new IngestError("a.csv", "bad row", 4);
    expect(err.message).toBe("a.csv, line 4: bad row");
    expect(err.file).toBe("a.csv");
    expect(err.line).toBe(4);
    expect(err.name).toBe("IngestError");
    expect(err).toBeInstanceOf(Error);
  });

  it("names only the file when there is no line", () => {
    const err = new IngestError("a.csv", "the file is empty");
    expect(err.message).toBe("a.csv: the file is empty");
    expect(err.line).toBeUndefined();
  });
});
