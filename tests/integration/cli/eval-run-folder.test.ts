import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportServingGraphs } from "@/lib/model/onnx/onnx-export";
import { modelDirOf } from "@/workers/cli/eval-command";
import { writeTinyModel } from "@/tests/fixtures/tiny-model";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-cli-eval-"));
const env = { ...process.env, COGNATE_DATA_DIR: dir };
const cli = (...args: string[]) =>
  spawnSync(path.join("node_modules", ".bin", "tsx"), ["workers/cli.ts", ...args], { env, encoding: "utf8" });
/** What `cli train --out RUN` leaves: the model in RUN/model, beside the run's own files. */
const run = path.join(dir, "run");
const model = path.join(run, "model");
const pairs = path.join(dir, "pairs.csv");
const labelled = path.join(dir, "labelled.csv");

beforeAll(async () => {
  writeTinyModel(model, { seed: 3 });
  await exportServingGraphs(model);
  fs.writeFileSync(path.join(run, "heldout.json"), "{}");
  fs.writeFileSync(
    pairs,
    [
      "sentence1,sentence2,score",
      "a dog runs,a dog is running,5",
      "a cat sits,the cat is sitting,4.5",
      "a man plays guitar,the sun is hot,0",
      "rain on the sea,a bus in the city,0.5",
    ].join("\n"),
  );
  const rows = [
    "text,label",
    ...["a dog runs", "the dog plays", "a cat sits", "the cat eats", "rain falls", "snow falls"].map(
      (t, i) => `${t},${["dogs", "dogs", "cats", "cats", "weather", "weather"][i]}`,
    ),
  ];
  fs.writeFileSync(labelled, rows.join("\n"));
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("cli eval --model: a model folder or the run folder of cli train --out", () => {
  it("finds the model of a run folder in RUN/model, and takes a model folder as before", () => {
    expect(modelDirOf(run)).toBe(model);
    expect(modelDirOf(model)).toBe(model);
    expect(() => modelDirOf(dir)).toThrow(
      /has no config.json, nor model\/config.json: give the model folder, or the run folder that cli train --out wrote/,
    );
  });

  it("eval sts gives the same Spearman for the run folder, dir:RUN and the model folder", () => {
    const outs = [run, `dir:${run}`, model].map((m) => cli("eval", "sts", "--model", m, "--pairs", pairs));
    for (const out of outs) {
      expect(out.status, out.stderr).toBe(0);
      expect(out.stdout.trim().split("\n").at(-1)).toMatch(/^spearman: -?\d+\.\d\d$/);
    }
    expect(new Set(outs.map((o) => o.stdout)).size).toBe(1);
  }, 120_000);

  it("eval cluster takes the run folder; a folder without a model says what to give", () => {
    const out = cli(
      "eval",
      "cluster",
      "--model",
      run,
      "--input",
      labelled,
      "--text-column",
      "text",
      "--label-column",
      "label",
    );
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout.trim().split("\n").at(-1)).toMatch(/^nmi: \d\.\d{3}$/);
    const bad = cli(
      "eval",
      "cluster",
      "--model",
      dir,
      "--input",
      labelled,
      "--text-column",
      "text",
      "--label-column",
      "label",
    );
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/nor model\/config.json/);
  }, 120_000);
});
