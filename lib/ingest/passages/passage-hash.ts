import { createHash } from "node:crypto";

/**
 * Hash used to drop exact duplicate passages: sha256 (lower-case hex) of the text lower-cased,
 * with every run of whitespace collapsed to one space and the ends trimmed, so passages that
 * differ only in case, line wrapping or spacing count as the same.
 */
export function passageHash(text: string): string {
  const canonical = text.toLowerCase().replace(/\s+/g, " ").trim();
  return createHash("sha256").update(canonical, "utf8").digest("hex");
}
