import { isStopWord } from "@/lib/text/stop-words";

/**
 * Splits text carrying open/close marks (as FTS5's highlight() writes them) into the plain text
 * and the [start, end) ranges that were marked. Keeping ranges, not HTML, means stored text is
 * never injected into a page.
 */
export function parseHighlightMarks(
  marked: string,
  open: string,
  close: string,
): { text: string; highlights: [number, number][] } {
  let text = "";
  const highlights: [number, number][] = [];
  let from = -1;
  for (const ch of marked) {
    if (ch === open) from = text.length;
    else if (ch === close) {
      if (from >= 0 && text.length > from) highlights.push([from, text.length]);
      from = -1;
    } else text += ch;
  }
  return { text, highlights };
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * The highlight ranges narrowed to the words in them that are not stop words. FTS5 marks every
 * token its stemmer matched, which includes stop words when a query has nothing else and words
 * that stem like a query word ("going" → "go"); those are no evidence and are never highlighted.
 */
export function withoutStopWords(text: string, highlights: [number, number][]): [number, number][] {
  return highlights.flatMap(([s, e]) =>
    [...text.slice(s, e).matchAll(WORD)]
      .filter((m) => !isStopWord(m[0]))
      .map((m): [number, number] => [s + m.index!, s + m.index! + m[0].length]),
  );
}

/** Cuts text into plain and highlighted segments for rendering. */
export function highlightSegments(text: string, highlights: [number, number][]): { text: string; hit: boolean }[] {
  const segments: { text: string; hit: boolean }[] = [];
  let pos = 0;
  for (const [s, e] of [...highlights].sort((a, b) => a[0] - b[0])) {
    if (s < pos) continue;
    if (s > pos) segments.push({ text: text.slice(pos, s), hit: false });
    segments.push({ text: text.slice(s, e), hit: true });
    pos = e;
  }
  if (pos < text.length) segments.push({ text: text.slice(pos), hit: false });
  return segments;
}
