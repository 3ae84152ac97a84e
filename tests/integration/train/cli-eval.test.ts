import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OnnxEmbedder } from "@/lib/model/embed/onnx-embedder";
import { evaluateSts } from "@/lib/train/evaluators/sts-evaluator";
import { writeTinyModel } from "@/tests/fixtures/tiny-model";

const run = promisify(execFile);
const ROWS = [
  ["a man is playing a guitar", "a man plays the guitar", "4.8"],
  ["a woman is cutting an onion", "a woman cuts an onion", "4.2"],
  ["a dog runs in the park", "a cat sits on a chair", "0.4"],
  ["the bus is on the road", "a train leaves the city", "1.2"],
  ["two boys play ball", "children are playing a game", "3.1"],
];
const dir = mkdtempSync(path.join(os.tmpdir(), "cognate-cli-eval-"));
const cli = path.resolve("workers/cli.ts");

/** Runs `npm run cli -- …` the way npm does (tsx), returning stdout lines. */
async function cliLines(...args: string[]): Promise<string[]> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", cli, ...args], {
    env: { ...process.env, COGNATE_DATA_DIR: dir },
    timeout: 60_000,
  });
  return stdout.trim().split("\n");
}

beforeAll(() => {
  writeTinyModel(path.join(dir, "model"), { hidden: 32, layers: 2, heads: 4, intermediate: 64 });
  writeFileSync(path.join(dir, "sts.csv"), ROWS.map((r) => r.join(",")).join("\n") + "\n");
  writeFileSync(
    path.join(dir, "sts-header.csv"),
    "sentence1,sentence2,score\n" + ROWS.map((r) => r.join(",")).join("\n") + "\n",
  );
  const labelled = [
    "text,label",
    ...["dog", "cat", "bird"].flatMap((animal, i) => [
      `the ${animal} runs,${i}`,
      `a ${animal} sits,${i}`,
      `my ${animal} eats,${i}`,
    ]),
  ];
  writeFileSync(path.join(dir, "labels.csv"), labelled.join("\n") + "\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("cli eval", () => {
  it("sts prints `spearman: <×100, two decimals>` last, with or without a header row", async () => {
    const plain = await cliLines(
      "eval",
      "sts",
      "--model",
      path.join(dir, "model"),
      "--pairs",
      path.join(dir, "sts.csv"),
    );
    const header = await cliLines(
      "eval",
      "sts",
      "--model",
      path.join(dir, "model"),
      "--pairs",
      path.join(dir, "sts-header.csv"),
    );
    expect(plain.at(-1)).toMatch(/^spearman: -?\d{1,3}\.\d{2}$/);
    expect(header.at(-1)).toBe(plain.at(-1));
    expect(plain).toContain("pairs: 5");
    // The value is the Spearman of the served (ONNX) embeddings' cosines.
    const embedder = await OnnxEmbedder.load(path.join(dir, "model"), { threads: 1 });
    const a = await embedder.embed(ROWS.map((r) => r[0]));
    const b = await embedder.embed(ROWS.map((r) => r[1]));
    await embedder.dispose();
    const rows = (v: Float32Array) => ROWS.map((_, i) => v.subarray(i * 32, (i + 1) * 32));
    const { metrics } = evaluateSts({ a: rows(a), b: rows(b), gold: ROWS.map((r) => Number(r[2])) });
    expect(plain.at(-1)).toBe(`spearman: ${(metrics.spearman * 100).toFixed(2)}`);
  }, 60_000);

  it("cluster prints `nmi: <three decimals>` last, with k from the labels", async () => {
    const lines = await cliLines(
      "eval",
      "cluster",
      "--model",
      path.join(dir, "model"),
      "--input",
      path.join(dir, "labels.csv"),
      "--text-column",
      "text",
      "--label-column",
      "label",
    );
    expect(lines.at(-1)).toMatch(/^nmi: [01]\.\d{3}$/);
    expect(lines).toContain("rows: 9, classes: 3, k: 3");
  }, 60_000);

  it("cluster also runs density clustering and k chosen by silhouette, with ARI before NMI", async () => {
    const args = [
      "eval",
      "cluster",
      "--model",
      path.join(dir, "model"),
      "--input",
      path.join(dir, "labels.csv"),
      "--text-column",
      "text",
      "--label-column",
      "label",
    ];
    const density = await cliLines(...args, "--method", "density", "--min-cluster-size", "2", "--assign-outliers");
    expect(density[0]).toMatch(/^rows: 9, classes: 3, method: density, clusters: \d+, outliers: 0$/);
    expect(density.at(-2)).toMatch(/^ari: -?[01]\.\d{3}$/);
    expect(density.at(-1)).toMatch(/^nmi: [01]\.\d{3}$/);
    const auto = await cliLines(...args, "--k", "auto");
    expect(auto[0]).toMatch(/k chosen by silhouette: \d+$/);
    expect(auto.at(-1)).toMatch(/^nmi: [01]\.\d{3}$/);
  }, 60_000);

  it("refuses a pair file without scores, with a message", async () => {
    writeFileSync(path.join(dir, "pairs.csv"), "anchor,positive\na,b\n");
    await expect(
      cliLines("eval", "sts", "--model", path.join(dir, "model"), "--pairs", path.join(dir, "pairs.csv")),
    ).rejects.toThrow(/has no score column/);
  }, 60_000);
});
