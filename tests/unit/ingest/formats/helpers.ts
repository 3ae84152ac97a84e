import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { IngestError } from "@/lib/ingest/ingest-error";

/** UTF-8 bytes of a string, as an upload would arrive. */
export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Bytes of a file in tests/fixtures/text. */
export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(import.meta.dirname, "../../../fixtures/text", name)));
}

/** Runs fn, expects an IngestError, and returns it for further checks. */
export function ingestError(fn: () => unknown): IngestError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(IngestError);
    return err as IngestError;
  }
  throw new Error("expected an IngestError, but nothing was thrown");
}
