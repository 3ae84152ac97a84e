import type Database from "better-sqlite3";
import { separateIdeographs } from "@/lib/text/segment-words";

/**
 * Put between Han/kana characters in the indexed form of passages and titles. A control
 * character: stored text never contains one (normalizeText removes them) and unicode61 treats
 * it as a separator, so removing it from highlight() output gives back the stored text with its
 * offsets.
 */
export const FTS_SEPARATOR = "\u001f";

/**
 * What the keyword index reads for a passage text or a title: the text with every Han and kana
 * character a token of its own (so "模型" is found inside "大模型化"), or null when that is the
 * text itself (stored as NULL: the index then reads the text). English is untouched, so porter
 * stemming applies to it as before.
 */
export function ftsIndexText(text: string): string | null {
  return separateIdeographs(text, FTS_SEPARATOR);
}

/** The stored text back from the index's form (highlight() output keeps its marks). */
export function fromFtsIndexText(indexed: string): string {
  return indexed.split(FTS_SEPARATOR).join("");
}

/**
 * Registers the SQL function `cognate_fts_text(text)` (ftsIndexText) on a connection. The
 * migration that added the segmented columns backfills them with it, so every connection that
 * migrates must have it (openDatabase registers it before migrating).
 */
export function registerFtsFunctions(sqlite: Database.Database): void {
  sqlite.function("cognate_fts_text", { deterministic: true }, (text: unknown) =>
    typeof text === "string" ? ftsIndexText(text) : null,
  );
}
