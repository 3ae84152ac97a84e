/**
 * Clustering and map speed: `npm run bench -- cluster [--sizes 10000,100000] [--dim 384] [--k 20]`.
 *
 * Synthetic corpora of planted clusters (unit vectors of dimension 384, like MiniLM's) at each
 * size. Each step runs in a child process of its own, so that its peak memory (max RSS less
 * the RSS once the data is built) is its own:
 * - baseline: plain k-means (Lloyd, k-means++, k given, one start) on all rows;
 * - k-means as the cluster job runs it: k chosen by silhouette on a sample, fitted on a sample, refined on all rows;
 * - density clustering (HDBSCAN on a sample, the rest by centroid radius);
 * - the 2-D map (UMAP on up to 50,000 rows, the rest placed by their neighbours).
 * Prints a table with time, peak memory, NMI against the planted clusters, and ratios to the baseline.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { densityClustering } from "@/lib/cluster/density-clustering";
import { kmeans } from "@/lib/cluster/kmeans";
import { kmeansClustering } from "@/lib/cluster/kmeans-clustering";
import { project2d } from "@/lib/cluster/projection";
import { normalizeRows } from "@/lib/core/vector-math";
import { gaussian, seededRandom } from "@/lib/core/random";
import { normalizedMutualInfo } from "@/lib/train/evaluators/partition-agreement";

const STEPS = ["plain-kmeans", "kmeans-auto-k", "density", "map"] as const;
type Step = (typeof STEPS)[number];
const arg = (name: string, fallback: string) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback;

/** `rows` unit vectors around `k` random centres, with their planted labels. */
function plantedCorpus(rows: number, dim: number, k: number): { vectors: Float32Array; labels: Int32Array } {
  const random = seededRandom(42);
  const centres = Float32Array.from({ length: k * dim }, () => gaussian(random));
  const labels = Int32Array.from({ length: rows }, (_, i) => i % k);
  const vectors = new Float32Array(rows * dim);
  for (let i = 0; i < rows; i++)
    for (let d = 0; d < dim; d++) vectors[i * dim + d] = centres[labels[i] * dim + d] + 0.9 * gaussian(random);
  return { vectors: normalizeRows(vectors, dim), labels };
}

/** Runs one step in this process and prints its result as JSON. */
function child(step: Step, rows: number, dim: number, k: number) {
  const { vectors, labels } = plantedCorpus(rows, dim, k);
  const baseRss = process.memoryUsage().rss;
  const started = performance.now();
  let found: ArrayLike<number> | undefined;
  let note = "";
  if (step === "plain-kmeans") found = kmeans(vectors, dim, { k, restarts: 1 }).assignments;
  else if (step === "kmeans-auto-k") {
    const result = kmeansClustering(vectors, dim, { kMin: 2, kMax: 30 });
    [found, note] = [result.labels, `k chosen ${result.k}`];
  } else if (step === "density") {
    const result = densityClustering(vectors, dim, {});
    [found, note] = [result.labels, `${result.k} clusters, ${result.labels.filter((c) => c < 0).length} outliers`];
  } else {
    const fit = Math.min(rows, 50_000);
    project2d(vectors, dim, { groups: labels });
    note = fit < rows ? `UMAP on ${fit}, ${rows - fit} placed` : `UMAP on all ${rows}`;
  }
  const seconds = (performance.now() - started) / 1000;
  const peakMb = (process.resourceUsage().maxRSS * 1024 - baseRss) / 2 ** 20;
  const nmi = found ? normalizedMutualInfo(Array.from(labels), Array.from(found)) : null;
  console.log(JSON.stringify({ step, rows, seconds, peakMb: Math.max(0, peakMb), nmi, note }));
}

function parent() {
  const sizes = arg("--sizes", "10000,100000").split(",").map(Number);
  const dim = Number(arg("--dim", "384"));
  const k = Number(arg("--k", "20"));
  console.log(
    `cluster bench: planted ${k} clusters, dimension ${dim}, sizes ${sizes.join(", ")}; each step in a child process`,
  );
  console.log(
    `${"rows".padStart(7)}  ${"step".padEnd(14)} ${"seconds".padStart(8)} ${"peak MB".padStart(8)} ${"NMI".padStart(6)} ${"× plain k-means".padStart(16)}  note`,
  );
  for (const rows of sizes) {
    let baseline = NaN;
    for (const step of STEPS) {
      const run = spawnSync(
        process.execPath,
        [
          ...process.execArgv,
          path.join(import.meta.dirname, "cluster.ts"),
          "--child",
          step,
          String(rows),
          String(dim),
          String(k),
        ],
        { encoding: "utf8", maxBuffer: 1 << 24 },
      );
      const line = run.stdout.trim().split("\n").pop() ?? "";
      if (run.status !== 0 || !line.startsWith("{")) {
        console.log(
          `${String(rows).padStart(7)}  ${step.padEnd(14)} failed: ${run.stderr.trim().split("\n").slice(-3).join(" | ")}`,
        );
        continue;
      }
      const r = JSON.parse(line) as { seconds: number; peakMb: number; nmi: number | null; note: string };
      if (step === "plain-kmeans") baseline = r.seconds;
      console.log(
        `${String(rows).padStart(7)}  ${step.padEnd(14)} ${r.seconds.toFixed(2).padStart(8)} ${r.peakMb.toFixed(0).padStart(8)} ${(r.nmi === null ? "-" : r.nmi.toFixed(3)).padStart(6)} ${(r.seconds / baseline).toFixed(2).padStart(16)}  ${r.note}`,
      );
    }
  }
}

if (process.argv[2] === "--child")
  child(process.argv[3] as Step, Number(process.argv[4]), Number(process.argv[5]), Number(process.argv[6]));
else parent();
