import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCorpus } from "@/lib/db/queries/corpora";
import { listJobs } from "@/lib/db/queries/jobs";
import { listUploads } from "@/lib/db/queries/uploads";
import { submitUpload } from "@/lib/ingest/ingest-service";
import type { FileFormat } from "@/lib/ingest/formats/registry";
import { IngestError } from "@/lib/ingest/ingest-error";
import { normalizeLine, normalizeText } from "@/lib/text/normalize";
import { parseFile } from "@/lib/ingest/formats/parse-file";
import { type ParsedDocument, type ParseOptions } from "@/lib/ingest/formats/parse-options";
import { tempDatabase } from "@/tests/helpers/temp-db";

/**
 * Property-based attacks on every upload parser: random and hostile files must give whole,
 * normalized documents or an IngestError (never another error, never part of the file), and
 * must not hang. The 2 s bound is a hang detector, far above what a linear parser needs.
 */
const HANG_MS = 2_000;
const FILE_NAMES: Record<FileFormat, string> = {
  csv: "f.csv",
  jsonl: "f.jsonl",
  md: "f.md",
  html: "f.html",
  txt: "f.txt",
};
const FORMATS = Object.keys(FILE_NAMES) as FileFormat[];
const SEED = 1_337; // reproducible in CI; change it locally to explore

/** Pieces of syntax of every format, so random files are mostly almost-valid. */
const SYNTAX = [
  "`",
  "``",
  "```",
  "*",
  "**",
  "_",
  "__",
  "~~",
  "[",
  "]",
  "(",
  ")",
  "![",
  "](",
  "<",
  ">",
  "<!--",
  "-->",
  "#",
  "# ",
  "> ",
  "- ",
  "1. ",
  "|",
  "---",
  "\\",
  "&amp;",
  "&#",
  ";",
  "<b>",
  "</b>",
  "<i>",
  "</i>",
  "<p>",
  "<div hidden>",
  "<script>",
  "</script>",
  "<title>",
  "<svg>",
  '"',
  '""',
  ",",
  ";",
  "\t",
  "{",
  "}",
  ":",
  '"text"',
  "[1,",
  "null",
  "\n",
  "\r\n",
  "\r",
  " ",
  "a",
  "word",
  "é",
  "世界",
  "😀",
  "\u0000",
  "\u2028",
];

const syntaxText = fc
  .array(fc.oneof(fc.constantFrom(...SYNTAX), fc.string({ maxLength: 8 })), { maxLength: 120 })
  .map((parts) => parts.join(""));
const anyText = fc.oneof(
  syntaxText,
  fc.string({ unit: "grapheme", maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 200 }),
);

/** A short pattern of syntax repeated to tens of kilobytes: where super-linear parsers blow up. */
const hostileText = fc
  .record({
    head: fc.string({ maxLength: 4 }),
    unit: fc.array(fc.constantFrom(...SYNTAX), { minLength: 1, maxLength: 4 }).map((p) => p.join("")),
    size: fc.integer({ min: 20_000, max: 60_000 }),
    tail: fc.string({ maxLength: 4 }),
  })
  .map(({ head, unit, size, tail }) => head + unit.repeat(Math.ceil(size / unit.length)) + tail);

/** parseFile under watch: the result, or the IngestError; anything else fails the property. */
function attack(
  bytes: Uint8Array,
  format: FileFormat,
  options: Omit<ParseOptions, "fileName"> = {},
): ParsedDocument[] | IngestError {
  const started = performance.now();
  let outcome: ParsedDocument[] | IngestError;
  try {
    outcome = parseFile(bytes, { ...options, fileName: FILE_NAMES[format] });
  } catch (err) {
    if (!(err instanceof IngestError)) throw err;
    outcome = err;
  }
  const elapsed = performance.now() - started;
  if (elapsed > HANG_MS) throw new Error(`${format}: ${bytes.length} bytes took ${elapsed.toFixed(0)} ms`);
  if (outcome instanceof IngestError) {
    expect(outcome.message.startsWith(FILE_NAMES[format])).toBe(true);
    if (outcome.line !== undefined) expect(outcome.line).toBeGreaterThanOrEqual(1);
  } else {
    expect(outcome.length).toBeGreaterThan(0);
    for (const doc of outcome) {
      expect(doc.text).not.toBe("");
      expect(normalizeText(doc.text)).toBe(doc.text);
      expect(doc.title).not.toBe("");
      expect(normalizeLine(doc.title)).toBe(doc.title);
    }
  }
  return outcome;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("upload parsers under attack", () => {
  for (const format of FORMATS) {
    it(`${format}: random text gives whole documents or an IngestError`, () => {
      fc.assert(
        fc.property(anyText, (text) => {
          attack(utf8(text), format);
        }),
        { numRuns: 150, seed: SEED },
      );
    });

    it(`${format}: random bytes give whole documents or an IngestError`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
          attack(bytes, format);
        }),
        { numRuns: 100, seed: SEED },
      );
    });

    it(`${format}: hostile repetitions of syntax finish without hanging`, () => {
      fc.assert(
        fc.property(hostileText, (text) => {
          attack(utf8(text), format);
        }),
        { numRuns: 12, seed: SEED },
      );
    });
  }

  it("known attacks on regex and stack-walking parsers finish without hanging (100 KB each)", () => {
    const n = 100_000;
    const attacks = [
      "a" + "`".repeat(n),
      "`".repeat(n) + "a",
      "**a ".repeat(n / 4),
      "__a ".repeat(n / 4),
      "~~a ".repeat(n / 4),
      "x<!-- -->".repeat(n / 9),
      "[".repeat(n / 2) + "a" + "](".repeat(n / 4),
      "![".repeat(n / 2),
      "<a ".repeat(n / 3),
      "> ".repeat(n / 2) + "a",
      "- ".repeat(n / 2) + "a",
      "<b>".repeat(n / 7) + "</i>".repeat(n / 7),
      "<li>".repeat(n / 4),
      "<p><b>".repeat(n / 6),
      '"'.repeat(n),
      '{"a":'.repeat(n / 5),
      "[".repeat(n),
      'a,"b\n'.repeat(n / 5),
      "&#".repeat(n / 2),
    ];
    for (const format of FORMATS) for (const text of attacks) attack(utf8(text), format);
  });

  it("csv: a valid table with random cells is read whole, one document per row with text", () => {
    const cell = fc.string({ maxLength: 12 }).map((s) => `"${s.replaceAll('"', '""')}"`);
    const table = fc.array(fc.tuple(fc.nat(), cell), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(table, (rows) => {
        const csv = `id,text\n${rows.map(([id, text]) => `${id},${text}`).join("\n")}\n`;
        const outcome = attack(utf8(csv), "csv", { textColumns: ["text"] });
        const withText = rows.filter(
          ([, text]) => normalizeText(text.slice(1, -1).replaceAll('""', '"')) !== "",
        ).length;
        if (outcome instanceof IngestError) expect(withText).toBe(0);
        else expect(outcome).toHaveLength(withText);
      }),
      { numRuns: 150, seed: SEED },
    );
  });
});

describe("refused uploads store nothing", () => {
  let t: ReturnType<typeof tempDatabase>;
  beforeAll(() => void (t = tempDatabase()));
  afterAll(() => t.cleanup());

  it("a refused file leaves no upload, no job and no file behind", async () => {
    const corpusId = (await createCorpus(t.db, { name: "fuzz" })).id;
    const cfg = { dataDir: t.dir, maxUploadBytes: 1e6, maxPassageChars: 600 };
    const uploadsDir = path.join(t.dir, "uploads");
    const files = () => (fs.existsSync(uploadsDir) ? fs.readdirSync(uploadsDir).length : 0);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FORMATS), anyText, async (format, text) => {
        const [uploadsBefore, jobsBefore, filesBefore] = [
          (await listUploads(t.db, corpusId)).length,
          (await listJobs(t.db, { limit: 1_000 })).length,
          files(),
        ];
        const accepted = await submitUpload(t.db, cfg, {
          corpusId,
          fileName: FILE_NAMES[format],
          bytes: utf8(text),
        }).then(
          () => true,
          (err: unknown) => {
            if (!(err instanceof IngestError)) throw err;
            return false;
          },
        );
        const added = accepted ? 1 : 0;
        expect(await listUploads(t.db, corpusId)).toHaveLength(uploadsBefore + added);
        expect(await listJobs(t.db, { limit: 1_000 })).toHaveLength(jobsBefore + added);
        expect(files()).toBe(filesBefore + added);
      }),
      { numRuns: 60, seed: SEED },
    );
  });
});
