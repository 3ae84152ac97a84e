import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { csvCorpus } from "@/tests/fixtures/csv-corpus";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-cli-"));
const env = { ...process.env, COGNATE_DATA_DIR: dir };
const cli = (...args: string[]) =>
  spawnSync(path.join("node_modules", ".bin", "tsx"), ["workers/cli.ts", ...args], { env, encoding: "utf8" });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("npm run cli", () => {
  it("ingests a file into a new corpus and searches it", () => {
    const file = path.join(dir, "notes.csv");
    fs.writeFileSync(file, csvCorpus(50));
    const ingest = cli("ingest", file, "--corpus", "Notes", "--text-column", "body");
    expect(ingest.status, ingest.stderr).toBe(0);
    expect(ingest.stdout).toMatch(/corpus "Notes": stored 50 documents, 45 passages, 5 duplicate passages dropped/);
    const search = cli("search", "--corpus", "Notes", "token17", "--mode", "lexical", "--k", "3");
    expect(search.status, search.stderr).toBe(0);
    expect(search.stdout.split("\n")[0]).toMatch(/^ 1\. \[[\d.]+\] Article 17 /);
  });

  it("refuses a bad file with its line and a usage error with the usage", () => {
    const file = path.join(dir, "bad.jsonl");
    fs.writeFileSync(file, '{"text": "fine"}\nnot json\n');
    const bad = cli("ingest", file, "--corpus", "Notes");
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/bad\.jsonl, line 2/);
    const usage = cli("search", "--corpus", "Notes");
    expect(usage.status).toBe(1);
    expect(usage.stderr).toMatch(/usage: npm run cli -- search/);
    expect(cli("nope").status).toBe(2);
    const help = execFileSync(path.join("node_modules", ".bin", "tsx"), ["workers/cli.ts", "help"], {
      env,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    expect(help).toBe("");
  });
});
