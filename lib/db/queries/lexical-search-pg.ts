import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { type Db, rawRows } from "@/lib/db/client";
import { FTS_SEPARATOR, fromFtsIndexText, ftsIndexText } from "@/lib/db/fts-text";
import type { LexicalRow } from "@/lib/db/queries/lexical-search";

/** ts_rank_cd's weights for {D, C, B, A}: a title word (A) counts twice a word of the text (B), as bm25's column weights on SQLite. */
const RANK_WEIGHTS = "{0, 0, 0.5, 1}";

/**
 * ts_rank_cd's normalisation, chosen to behave like BM25's term frequency part: 1 divides by
 * 1 + log(length) (a long passage does not win by length alone) and 32 maps the rank r to
 * r / (r + 1) (each further occurrence adds less). ts_rank_cd counts the occurrences ("covers")
 * of a phrase, which a Han/kana word is; ts_rank does not.
 */
const RANK_NORMALIZATION = 1 | 32;

/** How long the number of passages in a scope is reused for the idf (a ranking statistic, not a count users see). */
const SCOPE_SIZE_TTL_MS = 60_000;
const scopeSizes = new Map<string, { n: number; at: number }>();

/** A query word as a tsquery: its words in a row (a Han/kana word is the phrase of its characters, as indexed). */
function wordQuery(word: string): SQL {
  return sql`phraseto_tsquery('english', ${(ftsIndexText(word) ?? word).split(FTS_SEPARATOR).join(" ")})`;
}

async function scopeSize(db: Db, corpusId: number | undefined): Promise<number> {
  const key = String(corpusId ?? "all");
  const cached = scopeSizes.get(key);
  if (cached && Date.now() - cached.at < SCOPE_SIZE_TTL_MS) return cached.n;
  const where = corpusId === undefined ? sql`` : sql`where corpus_id = ${corpusId}`;
  const [row] = await rawRows<{ n: string }>(db, sql`select count(*) as n from passages ${where}`);
  const n = Number(row?.n ?? 0);
  scopeSizes.set(key, { n, at: Date.now() });
  return n;
}

/**
 * Keyword search on PostgreSQL, answering as lexicalSearch does on SQLite (the same rows and
 * marks; scores on their own scale, higher is better): the passages whose search vector matches
 * any query word, scored like BM25 as the sum over the words they match of the word's idf (from
 * its document frequency in the scope) times ts_rank_cd of the word (its occurrences, saturating,
 * with length normalisation, a title word weighed twice a word of the text); highlights by
 * ts_headline over the whole text.
 */
export async function lexicalSearchPostgres(
  db: Db,
  params: { words: string[]; scope: SQL; corpusId?: number; limit: number; offset: number },
  marks: { open: string; close: string },
): Promise<LexicalRow[]> {
  const queries = params.words.map(wordQuery);
  const any = sql.join(queries, sql` || `);
  const matches = sql`p.search @@ (${any}) ${params.scope}`;
  const counts = sql.join(
    queries.map((q, i) => sql`count(*) filter (where p.search @@ ${q}) as ${sql.raw(`d${i}`)}`),
    sql`, `,
  );
  const [df] = await rawRows<Record<string, string>>(
    db,
    sql`select ${counts} from passages p join documents d on d.id = p.document_id where ${matches}`,
  );
  const n = Math.max(await scopeSize(db, params.corpusId), 1);
  const score = sql.join(
    queries.map((q, i) => {
      const k = Number(df?.[`d${i}`] ?? 0);
      const idf = Math.log(1 + (n - k + 0.5) / (k + 0.5));
      return sql`${idf}::float8 * ts_rank_cd(${RANK_WEIGHTS}::float4[], p.search, ${q}, ${RANK_NORMALIZATION})`;
    }),
    sql` + `,
  );
  const options = `StartSel=${marks.open}, StopSel=${marks.close}, HighlightAll=true`;
  const rows = await rawRows<LexicalRow>(
    db,
    sql`
    with hits as (
      select p.id, ${score} as score
      from passages p join documents d on d.id = p.document_id
      where ${matches}
      order by score desc, p.id
      limit ${params.limit} offset ${params.offset}
    )
    select p.id as "passageId", p.document_id as "documentId", p.corpus_id as "corpusId", c.name as "corpusName",
           d.title as "documentTitle", p.ordinal as ordinal, p.start as start, p."end" as "end",
           ts_headline('english', coalesce(p.text_segmented, p.text), ${any}, ${options}) as marked,
           hits.score as score
    from hits
    join passages p on p.id = hits.id
    join documents d on d.id = p.document_id
    join corpora c on c.id = p.corpus_id
    order by hits.score desc, p.id`,
  );
  // As FTS5 marks a phrase: one span over adjacent matched characters (模型, not 模 and 型 apart).
  const adjacent = marks.close + marks.open;
  return rows.map((r) => ({ ...r, marked: fromFtsIndexText(r.marked).split(adjacent).join("") }));
}
