import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { parsePairFile, type PairFile } from "@/lib/train/pairs/pair-file";

/** The suffix of a pair file stored parsed: what the worker reads without parsing the upload again. */
export const PARSED_PAIRS_SUFFIX = ".pairs.json";

const text = z.string().min(1);

/** The shape of a stored parse result; the rules of the upload itself were checked when it was parsed. */
const storedPairFile = z.object({
  examples: z
    .array(
      z.discriminatedUnion("kind", [
        z.object({ kind: z.literal("pair"), anchor: text, positive: text, negatives: z.array(text).optional() }),
        z.object({ kind: z.literal("scored"), a: text, b: text, score: z.number() }),
      ]),
    )
    .min(1),
  shape: z.enum(["pairs", "triplets", "scored"]),
  skipped: z.number().int().min(0),
}) satisfies z.ZodType<PairFile>;

/**
 * Keeps a parsed pair file for the training job (under `<dataDir>/uploads`, written whole or not at
 * all), so that the worker trains on what was checked at submit instead of parsing the upload again.
 * Returns its path.
 */
export function savePairFile(dataDir: string, pairs: PairFile): string {
  const dir = path.join(dataDir, "uploads");
  mkdirSync(dir, { recursive: true });
  const target = path.join(dir, `${randomUUID()}${PARSED_PAIRS_SUFFIX}`);
  writeFileSync(`${target}.part`, JSON.stringify(pairs));
  renameSync(`${target}.part`, target);
  return target;
}

/**
 * The pair file a training job names: a parse result stored by {@link savePairFile} (read as it is),
 * or an upload kept as sent (jobs queued before pair files were stored parsed, and evaluation pairs),
 * parsed here.
 * @throws Error saying to upload the file again when it is gone or no longer reads as a parse result
 */
export function loadPairFile(file: string): PairFile {
  if (!existsSync(file)) throw new Error(`the pair file ${file} is not on this worker's disk: upload it again`);
  if (!file.endsWith(PARSED_PAIRS_SUFFIX)) return parsePairFile(readFileSync(file), path.basename(file));
  try {
    return storedPairFile.parse(JSON.parse(readFileSync(file, "utf8")));
  } catch (err) {
    const why = err instanceof z.ZodError ? z.prettifyError(err).replace(/\s*\n\s*/g, " ") : (err as Error).message;
    throw new Error(`the stored pair file ${file} does not read (${why}): upload it again`, { cause: err });
  }
}
