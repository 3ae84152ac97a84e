import { readCsvRecords } from "@/lib/ingest/formats/csv-records";
import { decodeUpload, DEFAULT_LIMITS } from "@/lib/ingest/formats/decode-upload";
import { IngestError } from "@/lib/ingest/ingest-error";
import { readJsonlRecords } from "@/lib/ingest/formats/parse-jsonl";
import type { TrainingExample } from "@/lib/train/pairs/training-example";

/** What an uploaded pair file held. */
export interface PairFile {
  examples: TrainingExample[];
  /** `pairs` (anchor, positive), `triplets` (with negatives) or `scored` (sentence1, sentence2, score). */
  shape: "pairs" | "triplets" | "scored";
  /** Rows left out because a text was empty. */
  skipped: number;
}

/** Column roles, by the names people give them (lowercase, `-` and spaces as `_`). */
const ROLE_NAMES = {
  first: ["anchor", "query", "question", "sentence1", "sentence_1", "text1", "text_1", "premise", "title", "s1"],
  second: [
    "positive",
    "pos",
    "answer",
    "passage",
    "document",
    "sentence2",
    "sentence_2",
    "text2",
    "text_2",
    "hypothesis",
    "body",
    "s2",
  ],
  negative: ["negative", "neg", "hard_negative", "negatives"],
  score: ["score", "label", "similarity", "gold", "similarity_score", "relatedness"],
} as const;

type Role = keyof typeof ROLE_NAMES;

function roleOf(column: string): Role | undefined {
  const name = column
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  for (const role of Object.keys(ROLE_NAMES) as Role[]) {
    if ((ROLE_NAMES[role] as readonly string[]).includes(name)) return role;
    // negative_1, negative_2, …: several negatives per row
    if (role === "negative" && /^(hard_)?neg(ative)?_?\d+$/.test(name)) return role;
  }
  return undefined;
}

/** Column indexes of each role. */
interface Layout {
  first: number;
  second: number;
  negatives: number[];
  score?: number;
}

function layoutFromHeader(header: string[], fileName: string): Layout | undefined {
  const roles = header.map(roleOf);
  if (roles.every((r) => r === undefined)) return undefined;
  const first = roles.indexOf("first");
  const second = roles.indexOf("second");
  if (first < 0 || second < 0) {
    throw new IngestError(
      fileName,
      `the header (${header.join(", ")}) needs two text columns: anchor and positive, or sentence1 and sentence2 (optionally negative, or score)`,
      1,
    );
  }
  const score = roles.indexOf("score");
  const negatives = roles.flatMap((r, i) => (r === "negative" ? [i] : []));
  return { first, second, negatives, score: score >= 0 ? score : undefined };
}

const isNumber = (s: string) => s.trim() !== "" && Number.isFinite(Number(s));

/** No header: 2 columns are pairs; a numeric third column is a score; other columns are negatives. */
function headerlessLayout(rows: string[][], fileName: string): Layout {
  const width = rows[0].length;
  if (width < 2)
    throw new IngestError(
      fileName,
      "a pair file needs at least two columns (anchor, positive) or a header naming them",
      1,
    );
  if (width === 3 && rows.every((r) => isNumber(r[2]))) return { first: 0, second: 1, negatives: [], score: 2 };
  return { first: 0, second: 1, negatives: Array.from({ length: width - 2 }, (_, i) => i + 2) };
}

function toExample(fields: string[], layout: Layout, fileName: string, line: number): TrainingExample | undefined {
  const a = (fields[layout.first] ?? "").trim();
  const b = (fields[layout.second] ?? "").trim();
  if (!a || !b) return undefined;
  if (layout.score !== undefined) {
    const raw = fields[layout.score] ?? "";
    if (!isNumber(raw))
      throw new IngestError(fileName, `the score "${raw}" is not a number; give a similarity such as 0–5 or 0–1`, line);
    return { kind: "scored", a, b, score: Number(raw) };
  }
  const negatives = layout.negatives.map((i) => (fields[i] ?? "").trim()).filter(Boolean);
  return negatives.length > 0
    ? { kind: "pair", anchor: a, positive: b, negatives }
    : { kind: "pair", anchor: a, positive: b };
}

function finish(examples: (TrainingExample | undefined)[], layout: Layout, fileName: string): PairFile {
  const kept = examples.filter((e): e is TrainingExample => e !== undefined);
  if (kept.length === 0)
    throw new IngestError(
      fileName,
      "no row has both texts filled in; a pair file needs rows of anchor and positive text",
    );
  const shape =
    layout.score !== undefined ? "scored" : kept.some((e) => e.kind === "pair" && e.negatives) ? "triplets" : "pairs";
  return { examples: kept, shape, skipped: examples.length - kept.length };
}

function parseCsvPairs(text: string, fileName: string): PairFile {
  const records = readCsvRecords(text, fileName);
  const header = layoutFromHeader(records[0].fields, fileName);
  const data = header ? records.slice(1) : records;
  if (data.length === 0) throw new IngestError(fileName, "the file has a header but no rows of pairs below it");
  const layout =
    header ??
    headerlessLayout(
      data.map((r) => r.fields),
      fileName,
    );
  return finish(
    data.map((r) => toExample(r.fields, layout, fileName, r.line)),
    layout,
    fileName,
  );
}

/** A JSON field as strings: a string, or an array of strings (several negatives). */
function strings(value: unknown, key: string, fileName: string, line: number): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return [value];
  if (typeof value === "number") return [String(value)];
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
  throw new IngestError(fileName, `"${key}" must be a string (or, for negatives, a list of strings)`, line);
}

function parseJsonlPairs(text: string, fileName: string): PairFile {
  const records = readJsonlRecords(text, fileName);
  const keys = Object.keys(records[0].value);
  const layoutKeys = layoutFromHeader(keys, fileName);
  if (!layoutKeys) {
    throw new IngestError(
      fileName,
      `the records have keys ${keys.join(", ")}; use "anchor"/"positive" (optionally "negative") or "sentence1"/"sentence2"/"score"`,
      records[0].line,
    );
  }
  const name = (i: number | undefined) => (i === undefined ? undefined : keys[i]);
  const examples = records.map(({ value, line }) => {
    const row = [name(layoutKeys.first), name(layoutKeys.second)].map(
      (k) => strings(value[k!], k!, fileName, line)[0] ?? "",
    );
    const scoreKey = name(layoutKeys.score);
    const score = scoreKey === undefined ? undefined : value[scoreKey];
    const negatives = layoutKeys.negatives.flatMap((i) => strings(value[keys[i]], keys[i], fileName, line));
    const fields = [...row, ...negatives];
    const layout: Layout = { first: 0, second: 1, negatives: negatives.map((_, i) => i + 2) };
    if (scoreKey !== undefined) {
      fields.push(score === undefined || score === null ? "" : String(score));
      layout.score = fields.length - 1;
    }
    return toExample(fields, layout, fileName, line);
  });
  return finish(examples, { ...layoutKeys, score: layoutKeys.score }, fileName);
}

/**
 * Reads an uploaded pair file: CSV (with a header naming anchor/positive[/negative…] or
 * sentence1/sentence2/score; without a header: two text columns, a numeric third column as
 * the score, other extra columns as negatives) or JSON Lines with the same keys (negatives
 * may be a list). Rows with an empty text are skipped and counted.
 * @throws IngestError (naming the file and line) for binary, empty or malformed files,
 *   unknown columns and non-numeric scores
 */
export function parsePairFile(bytes: Uint8Array, fileName: string): PairFile {
  const text = decodeUpload(bytes, fileName, DEFAULT_LIMITS);
  const jsonl =
    /\.jsonl?$/i.test(fileName) || (!/\.(csv|tsv|txt)$/i.test(fileName) && text.trimStart().startsWith("{"));
  return jsonl ? parseJsonlPairs(text, fileName) : parseCsvPairs(text, fileName);
}
