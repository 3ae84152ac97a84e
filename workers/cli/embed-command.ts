import { createWriteStream, existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { config } from "@/lib/config";
import { parseEmbedPrecision } from "@/lib/model/embed/embed-precision";
import { ensureModel, type DownloadProgress } from "@/lib/model/store/model-store";
import { OnnxEmbedder } from "@/lib/model/embed/onnx-embedder";
import { formatSeconds, makeProgressPrinter, progressLine } from "@/workers/cli/progress-line";

const USAGE =
  "usage: npm run cli -- embed --model dir:PATH|hub:ID[@REV] --input FILE.txt --output FILE.jsonl [--no-normalize] [--batch-size N] [--max-length N] [--precision auto|fp32|int8]";
// Lines embedded per step: length-bucketing works within a chunk, and memory stays bounded.
const CHUNK = 4096;

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} ${raw} is not a positive integer\n${USAGE}`);
  return n;
}

/** Input lines: one sentence each; a final newline ends the last line rather than adding an empty one. */
function readLines(file: string): string[] {
  if (!existsSync(file)) throw new Error(`${file}: no such file`);
  const text = readFileSync(file, "utf8");
  if (text.includes("\0")) throw new Error(`${file} looks binary: give a UTF-8 text file with one sentence a line`);
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  if (lines.at(-1) === "") lines.pop();
  if (lines.length === 0) throw new Error(`${file} is empty: give a text file with one sentence a line`);
  return lines;
}

function vectorJson(v: Float32Array): string {
  // Nine significant digits round-trip a float32 exactly.
  return `[${Array.from(v, (x) => String(+x.toPrecision(9))).join(",")}]`;
}

/** Download progress for the weights; small files finish too fast to be worth a line. */
function downloadPrinter() {
  const print = makeProgressPrinter();
  return (p: DownloadProgress) => {
    if (p.totalBytes > 0 && p.totalBytes < 1e6) return;
    const mb = (b: number) => (b / 1e6).toFixed(1);
    const eta = Number.isFinite(p.etaSeconds) ? ` · ETA ${formatSeconds(p.etaSeconds)}` : "";
    print(
      `downloading ${p.file}: ${mb(p.bytes)}/${mb(p.totalBytes)} MB · ${mb(p.bytesPerSecond)} MB/s${eta}`,
      p.totalBytes > 0 && p.bytes >= p.totalBytes,
    );
  };
}

async function writeJsonl(
  output: string,
  lines: string[],
  embedder: OnnxEmbedder,
  opts: { batchSize: number; maxLength: number; normalize: boolean },
): Promise<void> {
  const tmp = `${output}.tmp-${process.pid}`;
  const out = createWriteStream(tmp);
  const print = makeProgressPrinter();
  const started = performance.now();
  try {
    for (let start = 0; start < lines.length; start += CHUNK) {
      const chunk = lines.slice(start, start + CHUNK);
      const vectors = await embedder.embed(chunk, {
        ...opts,
        onProgress: (p) => {
          const done = start + p.done;
          const rate = done / ((performance.now() - started) / 1000);
          print(
            progressLine({
              done,
              total: lines.length,
              rate,
              etaSeconds: (lines.length - done) / rate,
              message: "sentences",
            }),
          );
        },
      });
      const dim = embedder.dim;
      const text = chunk
        .map(
          (line, i) =>
            `{"text":${JSON.stringify(line)},"embedding":${vectorJson(vectors.subarray(i * dim, (i + 1) * dim))}}\n`,
        )
        .join("");
      if (!out.write(text)) await once(out, "drain");
    }
    out.end();
    await once(out, "finish");
    renameSync(tmp, output);
  } catch (err) {
    out.destroy();
    rmSync(tmp, { force: true });
    throw err;
  }
  const seconds = (performance.now() - started) / 1000;
  print(
    progressLine({
      done: lines.length,
      total: lines.length,
      rate: lines.length / seconds,
      etaSeconds: 0,
      message: `sentences → ${output}`,
    }),
    true,
  );
}

/**
 * `embed --model SPEC --input FILE.txt --output FILE.jsonl`: one JSON line
 * `{"text": ..., "embedding": [...]}` per input line, in input order, L2-normalised unless
 * `--no-normalize`. Progress (percent, sentences/s, ETA) goes to stderr; the output file
 * appears only when complete.
 */
export async function embedCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: "string" },
      input: { type: "string" },
      output: { type: "string" },
      "no-normalize": { type: "boolean", default: false },
      "batch-size": { type: "string" },
      "max-length": { type: "string" },
      precision: { type: "string" },
    },
  });
  if (!values.model || !values.input || !values.output) throw new Error(USAGE);
  const batchSize = positiveInt("batch-size", values["batch-size"], 64);
  const maxLength = positiveInt("max-length", values["max-length"], 128);
  const precision = values.precision === undefined ? undefined : parseEmbedPrecision(values.precision, "--precision");
  const lines = readLines(values.input);
  const cfg = config();
  const dir = await ensureModel(values.model, {
    storeDir: cfg.modelDir,
    endpoint: cfg.hfEndpoint,
    onProgress: downloadPrinter(),
  });
  const embedder = await OnnxEmbedder.load(dir, { threads: cfg.threads, precision: precision ?? cfg.embedPrecision });
  try {
    await writeJsonl(values.output, lines, embedder, { batchSize, maxLength, normalize: !values["no-normalize"] });
  } finally {
    await embedder.dispose();
  }
}
