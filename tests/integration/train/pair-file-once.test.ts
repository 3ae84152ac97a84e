import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCorpus } from "@/lib/db/queries/corpora";
import { IngestError } from "@/lib/ingest/ingest-error";
import { trainPayload } from "@/lib/jobs/handlers/train-payload";
import { parsePairFile } from "@/lib/train/pairs/pair-file";
import { loadPairFile } from "@/lib/train/pairs/stored-pair-file";
import { startTraining, type TrainSettings } from "@/lib/train/train-service";
import { tempDatabase } from "@/tests/helpers/temp-db";

let t: ReturnType<typeof tempDatabase>;
beforeEach(() => (t = tempDatabase()));
afterEach(() => t.cleanup());

const settings = (): TrainSettings => ({
  dataDir: t.dir,
  baseModel: "scratch",
  modelDir: path.join(t.dir, "models"),
  hfEndpoint: "http://127.0.0.1:9",
  maxModelBytes: 1e9,
  hubRedirectHosts: [],
});
const CSV = "anchor,positive,negative\nwhat is tea,tea is a drink,cars have wheels\nhi,hello,\n,empty anchor,\n";
const bytes = (s: string) => new TextEncoder().encode(s);
// The payload column is JSON text, or already its value where the column is typed.
const stored = (value: unknown) => (typeof value === "string" ? JSON.parse(value) : value);

describe("a training request's pair file", () => {
  it("is parsed at submit and stored parsed, so the job reads the parse result instead of the upload", async () => {
    const corpus = await createCorpus(t.db, { name: "pairs only" });
    const { job } = await startTraining(t.db, settings(), corpus.id, { pairFile: { name: "p.csv", content: CSV } });
    const { pairsFile } = trainPayload.parse(stored(job.payload));
    expect(pairsFile).toMatch(/\.pairs\.json$/);
    const parsed = parsePairFile(bytes(CSV), "p.csv");
    expect(parsed).toMatchObject({ shape: "triplets", skipped: 1 });
    expect(JSON.parse(fs.readFileSync(pairsFile!, "utf8"))).toEqual(parsed);
    expect(loadPairFile(pairsFile!)).toEqual(parsed);
  });

  it("is refused whole at submit with the file and line, storing nothing", async () => {
    const corpus = await createCorpus(t.db, { name: "bad pairs" });
    const content = '{"anchor": "a", "positive": "b"}\n{"anchor": nope}\n';
    const submit = () => startTraining(t.db, settings(), corpus.id, { pairFile: { name: "p.jsonl", content } });
    await expect(submit()).rejects.toThrow(IngestError);
    await expect(submit()).rejects.toThrow(/^p\.jsonl, line 2: /);
    expect(fs.existsSync(path.join(t.dir, "uploads")) && fs.readdirSync(path.join(t.dir, "uploads"))).toBeFalsy();
  });

  it("says to upload again when the stored file is gone or does not read", async () => {
    const corpus = await createCorpus(t.db, { name: "lost pairs" });
    const { job } = await startTraining(t.db, settings(), corpus.id, { pairFile: { name: "p.csv", content: CSV } });
    const { pairsFile } = trainPayload.parse(stored(job.payload));
    fs.writeFileSync(pairsFile!, '{"examples": [], "shape": "pairs", "skipped": 0}');
    expect(() => loadPairFile(pairsFile!)).toThrow(/does not read .*: upload it again$/);
    fs.rmSync(pairsFile!);
    expect(() => loadPairFile(pairsFile!)).toThrow(
      `the pair file ${pairsFile} is not on this worker's disk: upload it again`,
    );
  });

  it("kept as sent by jobs queued before (CSV or JSONL) is still parsed by the job", () => {
    const file = path.join(t.dir, "old.csv");
    fs.writeFileSync(file, CSV);
    expect(loadPairFile(file)).toEqual(parsePairFile(bytes(CSV), "old.csv"));
  });
});
