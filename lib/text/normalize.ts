// Line separators other than LF. U+2028, VT and NEL end a line; U+2029 and form feed end a
// paragraph (a page break is at least a paragraph break).
// eslint-disable-next-line no-control-regex
const LINE_BREAKS = /\r\n?|[\u2028\u000B\u0085]/g;
const PARAGRAPH_BREAKS = /[\u2029\f]/g;
// Tabs, no-break and typographic spaces: all mean "a space" to a reader and to the encoder.
const ODD_SPACES = /[\t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;
// C0/C1 controls (LF excepted) and invisible characters that only break tokenisation:
// soft hyphen, zero-width space, word joiner, stray BOM. ZWJ/ZWNJ are kept: they change
// the rendering of emoji and of Indic and Persian text.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u00AD\u200B\u2060\uFEFF]/g;

/**
 * Canonical form of document text before splitting and hashing: Unicode NFC, CRLF/CR -> LF,
 * tabs/nbsp/odd spaces -> space, control chars removed, runs of spaces collapsed, lines
 * trimmed, at most one blank line between paragraphs, whole text trimmed.
 * Idempotent: normalizing twice gives the same string.
 */
export function normalizeText(s: string): string {
  return (
    s
      .replace(LINE_BREAKS, "\n")
      .replace(PARAGRAPH_BREAKS, "\n\n")
      .replace(ODD_SPACES, " ")
      .replace(INVISIBLE, "")
      .normalize("NFC")
      .replace(/ {2,}/g, " ")
      // Two literal patterns: after the collapse there is at most one space on either side,
      // and / *\n */ would be tried at every position of the text (ten times slower).
      .replace(/ \n/g, "\n")
      .replace(/\n /g, "\n")
      .replace(/\n{3,}/g, "\n\n")
      .trim()
  );
}

/** A title or other one-line field: normalized, with every line break turned into a space. */
export function normalizeLine(s: string): string {
  return normalizeText(s).replace(/\n+/g, " ");
}
