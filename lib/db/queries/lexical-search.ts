import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { type Db, rawRows } from "@/lib/db/client";
import { databaseDialect } from "@/lib/db/dialect";
import { lexicalSearchPostgres } from "@/lib/db/queries/lexical-search-pg";
import type { PassageWithContext } from "@/lib/db/queries/passages";
import { hasIdeographs, lowerWords, wordSpans } from "@/lib/text/segment-words";
import { STOP_WORDS } from "@/lib/text/stop-words";
import { FTS_SEPARATOR, fromFtsIndexText, ftsIndexText } from "@/lib/db/fts-text";

/** Marks FTS5's highlight() puts around matched terms; control characters never occur in stored text. */
export const HIGHLIGHT_OPEN = "\u0002";
export const HIGHLIGHT_CLOSE = "\u0003";

/**
 * bm25() column weights, in the FTS table's column order (text, title). A word of the document's
 * title counts twice a word of the passage: the title says what the whole document is about,
 * but it is shared by every passage of the document, so it should not drown the body's evidence.
 */
export const BM25_WEIGHTS = { text: 1, title: 2 } as const;

/** One BM25 hit as stored: the passage with its highlight marks, and its document. */
export interface LexicalRow extends Omit<PassageWithContext, "text"> {
  /** The passage text with HIGHLIGHT_OPEN/CLOSE around matched terms. */
  marked: string;
  /** BM25 score, higher is better (FTS5 reports it negated). */
  score: number;
}

/** An FTS5 string literal: the text in double quotes, inner quotes doubled. */
function quoted(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** A query word as an FTS5 term: a Han/kana word is the phrase of its characters, as the index holds them. */
function ftsTerm(word: string): string {
  return quoted((ftsIndexText(word) ?? word).split(FTS_SEPARATOR).join(" "));
}

/**
 * The words a query searches for, lower case, stop words left out unless it has nothing else.
 * A run of Chinese or Japanese is cut by the word segmenter (lib/text/segment-words) and stop
 * words at its ends are dropped ("模型的" → 模型). Up to three characters the rest is searched as
 * one word ("负样本", not also 样本 of 正样本); a longer run is searched whole and by its words of
 * two or more characters ("对比学习" → 对比学习, 对比, 学习), so that a passage holding the whole
 * run ranks first and one holding a part still comes up. A lone character of a longer run ("负")
 * would match far too much on its own.
 */
export function queryWords(text: string): string[] {
  const out: string[] = [];
  for (const run of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (!hasIdeographs(run)) {
      out.push(...lowerWords(run));
      continue;
    }
    const content = wordSpans(run).filter((w) => !STOP_WORDS.has(w.word));
    if (!content.length) {
      out.push(run);
      continue;
    }
    const core = run.slice(content[0].start, content[content.length - 1].end);
    out.push(core);
    if ([...core].length > 3)
      out.push(...content.map((w) => w.word).filter((w) => w !== core && (!hasIdeographs(w) || w.length > 1)));
  }
  const content = out.filter((w) => !STOP_WORDS.has(w));
  return [...new Set(content.length ? content : out)];
}

/**
 * Turns free text into an FTS5 query: every word (queryWords) becomes a quoted term, joined by
 * OR, so that punctuation or FTS5 operators typed by a user can never break the query.
 * Returns null when the text has no word.
 */
export function toFtsQuery(text: string): string | null {
  const terms = queryWords(text);
  return terms.length ? terms.map(ftsTerm).join(" OR ") : null;
}

/** Metadata equality filters on documents (`d`), as SQL conditions; field names are bound as JSON paths, never spliced. */
export function metadataConditions(filters: Record<string, string | number | boolean> | undefined): SQL {
  const postgres = databaseDialect() === "postgres";
  const parts = Object.entries(filters ?? {}).map(([field, value]) =>
    postgres
      ? sql`and d.metadata -> ${field} = ${JSON.stringify(value)}::jsonb`
      : sql`and json_extract(d.metadata, ${`$."${field.replace(/"/g, "")}"`}) = ${typeof value === "boolean" ? Number(value) : value}`,
  );
  return sql.join(parts, sql` `);
}

/** BM25 search over passages and their document's title (weighted above the text; highlights stay on the passage text), optionally inside one corpus and with metadata filters. */
export async function lexicalSearch(
  db: Db,
  params: {
    query: string;
    corpusId?: number;
    filters?: Record<string, string | number | boolean>;
    limit: number;
    offset?: number;
  },
): Promise<LexicalRow[]> {
  const match = toFtsQuery(params.query);
  if (!match) return [];
  const corpusFilter = sql`${params.corpusId === undefined ? sql`` : sql`and p.corpus_id = ${params.corpusId}`} ${metadataConditions(params.filters)}`;
  if (databaseDialect() === "postgres")
    return lexicalSearchPostgres(
      db,
      { ...params, words: queryWords(params.query), scope: corpusFilter, offset: params.offset ?? 0 },
      { open: HIGHLIGHT_OPEN, close: HIGHLIGHT_CLOSE },
    );
  const rows = await rawRows<LexicalRow>(
    db,
    sql`
    select p.id as passageId, p.document_id as documentId, p.corpus_id as corpusId, c.name as corpusName,
           d.title as documentTitle, p.ordinal as ordinal, p.start as start, p."end" as "end",
           highlight(passages_fts, 0, ${HIGHLIGHT_OPEN}, ${HIGHLIGHT_CLOSE}) as marked,
           -bm25(passages_fts, ${BM25_WEIGHTS.text}, ${BM25_WEIGHTS.title}) as score
    from passages_fts
    join passages p on p.id = passages_fts.rowid
    join documents d on d.id = p.document_id
    join corpora c on c.id = p.corpus_id
    where passages_fts match ${match} ${corpusFilter}
    order by score desc
    limit ${params.limit} offset ${params.offset ?? 0}`,
  );
  // highlight() reads the index's form of the text: drop its separators to get the stored text.
  return rows.map((r) => (r.marked.includes(FTS_SEPARATOR) ? { ...r, marked: fromFtsIndexText(r.marked) } : r));
}
