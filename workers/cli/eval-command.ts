import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { clusterSettings } from "@/lib/cluster/cluster-options";
import { clusterVectors, sampledSilhouette } from "@/lib/cluster/cluster-vectors";
import { kmeans } from "@/lib/cluster/kmeans";
import { config } from "@/lib/config";
import { ensureModel } from "@/lib/model/store/model-store";
import { OnnxEmbedder } from "@/lib/model/embed/onnx-embedder";
import { readCsvRecords } from "@/lib/ingest/formats/csv-records";
import { decodeUpload, DEFAULT_LIMITS } from "@/lib/ingest/formats/decode-upload";
import { adjustedRandIndex, normalizedMutualInfo } from "@/lib/train/evaluators/partition-agreement";
import { evaluateSts } from "@/lib/train/evaluators/sts-evaluator";
import { parsePairFile } from "@/lib/train/pairs/pair-file";
import type { ScoredExample } from "@/lib/train/pairs/training-example";

const USAGE = `usage: npm run cli -- eval sts --model DIR --pairs FILE.csv
       npm run cli -- eval cluster --model DIR --input FILE.csv --text-column C --label-column L
              [--method kmeans|density] [--k K|auto] [--min-cluster-size N] [--assign-outliers]
DIR is a model folder, or the run folder of cli train --out DIR (its model is in DIR/model).`;

/**
 * The model folder inside `dir`: `dir` itself when it has a config.json, else `dir/model` when
 * that has one (`cli train --out DIR` writes the model there). Refuses a folder with neither.
 */
export function modelDirOf(dir: string): string {
  const resolved = path.resolve(dir);
  if (existsSync(path.join(resolved, "config.json"))) return resolved;
  const inRun = path.join(resolved, "model");
  if (existsSync(path.join(inRun, "config.json"))) return inRun;
  throw new Error(
    `${resolved} has no config.json, nor model/config.json: give the model folder, or the run folder that cli train --out wrote`,
  );
}

/** A model folder from `DIR`, `dir:DIR` (a model folder or a training run's folder) or `hub:ID` (downloaded once into the model store). */
async function modelFolder(spec: string): Promise<string> {
  if (!/^(hub|dir):/.test(spec) && existsSync(spec)) return modelDirOf(spec);
  if (spec.startsWith("dir:") && existsSync(spec.slice(4))) return modelDirOf(spec.slice(4));
  const cfg = config();
  return ensureModel(spec, { storeDir: cfg.modelDir, endpoint: cfg.hfEndpoint });
}

function readFile(file: string): Buffer {
  if (!existsSync(file)) throw new Error(`${file}: no such file`);
  return readFileSync(file);
}

/** Rows of `[n, dim]` as views. */
function rows(vectors: Float32Array, dim: number): Float32Array[] {
  return Array.from({ length: vectors.length / dim }, (_, i) => vectors.subarray(i * dim, (i + 1) * dim));
}

/**
 * `eval sts`: Spearman of cosine against the gold scores of a `sentence1,sentence2,score` CSV
 * (header optional). The last line is exactly `spearman: <×100, two decimals>`.
 */
async function evalSts(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { model: { type: "string" }, pairs: { type: "string" } } });
  if (!values.model || !values.pairs) throw new Error(USAGE);
  const file = parsePairFile(readFile(values.pairs), path.basename(values.pairs));
  if (file.shape !== "scored")
    throw new Error(`${values.pairs} has no score column: give sentence1,sentence2,score rows`);
  const pairs = file.examples as ScoredExample[];
  const embedder = await OnnxEmbedder.load(await modelFolder(values.model), { precision: config().embedPrecision });
  try {
    const a = await embedder.embed(
      pairs.map((p) => p.a),
      { normalize: true },
    );
    const b = await embedder.embed(
      pairs.map((p) => p.b),
      { normalize: true },
    );
    const result = evaluateSts({ a: rows(a, embedder.dim), b: rows(b, embedder.dim), gold: pairs.map((p) => p.score) });
    console.log(`pairs: ${pairs.length}${file.skipped ? ` (${file.skipped} skipped: empty text)` : ""}`);
    console.log(`pearson: ${(result.metrics.pearson * 100).toFixed(2)}`);
    console.log(`spearman: ${(result.metrics.spearman * 100).toFixed(2)}`);
  } finally {
    await embedder.dispose();
  }
}

/** Texts and labels of two columns of a CSV with a header; rows with an empty text or label are skipped. */
function labelledRows(file: string, textColumn: string, labelColumn: string): { texts: string[]; labels: string[] } {
  const name = path.basename(file);
  const records = readCsvRecords(decodeUpload(readFile(file), name, DEFAULT_LIMITS), name);
  const header = records[0].fields.map((f) => f.trim());
  const [t, l] = [header.indexOf(textColumn), header.indexOf(labelColumn)];
  if (t < 0 || l < 0)
    throw new Error(`${name} has columns ${header.join(", ")}: --text-column and --label-column must name two of them`);
  const kept = records.slice(1).filter((r) => r.fields[t]?.trim() && r.fields[l]?.trim());
  if (kept.length < 2) throw new Error(`${name} has fewer than two rows with both a text and a label`);
  return { texts: kept.map((r) => r.fields[t]), labels: kept.map((r) => r.fields[l].trim()) };
}

/** The clusters of `vectors` by the CLI's options: k-means with k given (default: one per class), or chosen (`auto`), or density clustering. */
function clustersFor(
  vectors: Float32Array,
  dim: number,
  values: Record<string, string | boolean | undefined>,
  classes: number,
  rows: number,
): { clusters: number[]; summary: string } {
  const method = values.method ?? "kmeans";
  if (method !== "kmeans" && method !== "density") throw new Error(`--method ${method}: use kmeans or density`);
  if (method === "density") {
    const minClusterSize = values["min-cluster-size"] === undefined ? undefined : Number(values["min-cluster-size"]);
    const found = clusterVectors(
      vectors,
      dim,
      clusterSettings.parse({ method, minClusterSize, assignOutliers: values["assign-outliers"] === true }),
    );
    const outliers = found.labels.filter((c) => c < 0).length;
    return {
      clusters: Array.from(found.labels),
      summary: `method: density, clusters: ${found.k}, outliers: ${outliers}`,
    };
  }
  if (values.k === "auto") {
    const found = clusterVectors(
      vectors,
      dim,
      clusterSettings.parse({ method, kMax: Math.min(60, Math.max(2, classes * 2)) }),
    );
    return { clusters: Array.from(found.labels), summary: `method: kmeans, k chosen by silhouette: ${found.k}` };
  }
  const k = values.k === undefined ? classes : Number(values.k);
  if (!(Number.isInteger(k) && k >= 1 && k <= rows))
    throw new Error(`--k ${values.k} must be an integer between 1 and the number of rows (${rows}), or auto`);
  return { clusters: Array.from(kmeans(vectors, dim, { k, seed: 0 }).assignments), summary: `k: ${k}` };
}

/**
 * `eval cluster`: embeds a CSV column, clusters it (k-means with k = the number of distinct
 * labels unless `--k N|auto`, or `--method density`), and compares with the label column:
 * ARI, silhouette, then NMI. The last line is exactly `nmi: <value, three decimals>`.
 */
async function evalCluster(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: "string" },
      input: { type: "string" },
      "text-column": { type: "string" },
      "label-column": { type: "string" },
      k: { type: "string" },
      method: { type: "string" },
      "min-cluster-size": { type: "string" },
      "assign-outliers": { type: "boolean" },
    },
  });
  if (!values.model || !values.input || !values["text-column"] || !values["label-column"]) throw new Error(USAGE);
  const { texts, labels } = labelledRows(values.input, values["text-column"], values["label-column"]);
  const classes = new Set(labels).size;
  if (
    values.k !== undefined &&
    values.k !== "auto" &&
    !(Number.isInteger(Number(values.k)) && Number(values.k) >= 1 && Number(values.k) <= texts.length)
  ) {
    throw new Error(`--k ${values.k} must be an integer between 1 and the number of rows (${texts.length}), or auto`);
  }
  const embedder = await OnnxEmbedder.load(await modelFolder(values.model), { precision: config().embedPrecision });
  try {
    const vectors = await embedder.embed(texts, { normalize: true });
    const { clusters, summary } = clustersFor(vectors, embedder.dim, values, classes, texts.length);
    const silhouette = sampledSilhouette(vectors, embedder.dim, Int32Array.from(clusters));
    console.log(`rows: ${texts.length}, classes: ${classes}, ${summary}`);
    console.log(`silhouette: ${Number.isFinite(silhouette) ? silhouette.toFixed(3) : "n/a"}`);
    console.log(`ari: ${adjustedRandIndex(labels, clusters).toFixed(3)}`);
    console.log(`nmi: ${normalizedMutualInfo(labels, clusters).toFixed(3)}`);
  } finally {
    await embedder.dispose();
  }
}

/** `eval sts|cluster ...`: evaluates a model folder on a file. */
export async function evalCommand(argv: string[]): Promise<void> {
  const [kind, ...rest] = argv;
  if (kind === "sts") return evalSts(rest);
  if (kind === "cluster") return evalCluster(rest);
  throw new Error(USAGE);
}
