import { createHash } from "node:crypto";
import path from "node:path";
import { parseArgs } from "node:util";
import { config } from "@/lib/config";
import { closeDatabase, openDatabase } from "@/lib/db/client";
import type { EvaluationPoint } from "@/lib/train/checkpoint/training-state";
import type { TrainerHooks } from "@/lib/train/trainer/trainer";
import type { TrainerOptionsInput } from "@/lib/train/trainer/trainer-options";
import { trainInForeground } from "@/lib/train/train-service";
import { formatSeconds, makeProgressPrinter, progressLine } from "@/workers/cli/progress-line";

const USAGE = `usage: npm run cli -- train --corpus NAME | --pairs FILE [options]
  --base hub:ID|dir:PATH|scratch   base encoder (default: COGNATE_BASE_MODEL)
  --pairs FILE        uploaded pairs (CSV/JSONL: anchor,positive[,negative] or sentence1,sentence2,score)
  --eval-pairs FILE   scored pairs (STS CSV) to evaluate on
  --out DIR           run folder (model in DIR/model); default <data>/models/trained/<corpus>-<hash of the flags>
  --loss infonce|cosent|triplet|margin   --similarity cosine|dot|l2|euclidean
  --budget-minutes X  time the run may take (default: fitted to the corpus, at most 15)
  --batch-size N --steps N --epochs X --lr X --temperature X --warmup X --decay linear|cosine|constant
  --eval-every N --checkpoint-every N --patience N --seed N --workers N --accumulation N --max-length N
  --negatives none|random|hard --negatives-per-anchor N --negatives-ratio X --remine-every N
  --sources file,title,columns,neighbours,simcse,augment --columns A,B --mixing round-robin|weighted
  --full-batch-negatives --symmetric --learn-temperature --eval-label-column C --no-onnx
  --vocab-size N --hidden N --layers N   (scratch model shape)`;

const OPTIONS = {
  corpus: { type: "string" },
  base: { type: "string" },
  pairs: { type: "string" },
  "eval-pairs": { type: "string" },
  out: { type: "string" },
  loss: { type: "string" },
  similarity: { type: "string" },
  "batch-size": { type: "string" },
  steps: { type: "string" },
  "budget-minutes": { type: "string" },
  epochs: { type: "string" },
  lr: { type: "string" },
  temperature: { type: "string" },
  warmup: { type: "string" },
  decay: { type: "string" },
  "eval-every": { type: "string" },
  "checkpoint-every": { type: "string" },
  patience: { type: "string" },
  seed: { type: "string" },
  workers: { type: "string" },
  accumulation: { type: "string" },
  "max-length": { type: "string" },
  negatives: { type: "string" },
  "negatives-per-anchor": { type: "string" },
  "negatives-ratio": { type: "string" },
  "remine-every": { type: "string" },
  sources: { type: "string" },
  columns: { type: "string" },
  mixing: { type: "string" },
  "eval-label-column": { type: "string" },
  "vocab-size": { type: "string" },
  hidden: { type: "string" },
  layers: { type: "string" },
  "full-batch-negatives": { type: "boolean" },
  symmetric: { type: "boolean" },
  "learn-temperature": { type: "boolean" },
  "no-onnx": { type: "boolean" },
} as const;

type Values = Partial<Record<keyof typeof OPTIONS, string | boolean>>;

function num(values: Values, name: keyof typeof OPTIONS): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`--${name} ${raw} is not a number\n${USAGE}`);
  return n;
}

/** The trainer options the flags set; the rest keep their defaults. */
export function optionsFromFlags(v: Values): TrainerOptionsInput {
  const defined = <T extends object>(o: T) =>
    Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as T;
  const list = (raw: unknown) =>
    typeof raw === "string"
      ? raw
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined;
  const columns = list(v.columns);
  if (columns && columns.length !== 2)
    throw new Error(`--columns takes two column names, e.g. --columns question,answer`);
  return defined({
    loss: v.loss as never,
    similarity: v.similarity as never,
    batchSize: num(v, "batch-size"),
    steps: num(v, "steps"),
    budgetMinutes: num(v, "budget-minutes"),
    epochs: num(v, "epochs"),
    lr: num(v, "lr"),
    temperature: num(v, "temperature"),
    warmupRatio: num(v, "warmup"),
    decay: v.decay as never,
    evalEvery: num(v, "eval-every"),
    checkpointEvery: num(v, "checkpoint-every"),
    patience: num(v, "patience"),
    seed: num(v, "seed"),
    workers: num(v, "workers"),
    accumulation: num(v, "accumulation"),
    maxLength: num(v, "max-length"),
    fullBatchNegatives: v["full-batch-negatives"] as boolean | undefined,
    symmetric: v.symmetric as boolean | undefined,
    learnTemperature: v["learn-temperature"] as boolean | undefined,
    exportOnnx: v["no-onnx"] ? false : undefined,
    sources: list(v.sources) as never,
    columns: columns as [string, string] | undefined,
    mixing: v.mixing as never,
    evalLabelColumn: v["eval-label-column"] as string | undefined,
    negatives:
      v.negatives || v["negatives-per-anchor"] || v["negatives-ratio"] || v["remine-every"]
        ? defined({
            mode: (v.negatives ?? "random") as never,
            perAnchor: num(v, "negatives-per-anchor"),
            ratio: num(v, "negatives-ratio"),
            remineEvery: num(v, "remine-every"),
          })
        : undefined,
    scratch:
      v["vocab-size"] || v.hidden || v.layers
        ? defined({ vocabSize: num(v, "vocab-size"), hidden: num(v, "hidden"), layers: num(v, "layers") })
        : undefined,
  });
}

/** The same command gets the same folder (so running it again resumes); another command another folder. */
function defaultRunDir(modelDir: string, name: string, argv: string[]): string {
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "run";
  const hash = createHash("sha256")
    .update(JSON.stringify([...argv].sort()))
    .digest("hex")
    .slice(0, 8);
  return path.join(modelDir, "trained", `${slug}-${hash}`);
}

function evaluationLine(e: EvaluationPoint, improved: boolean): string {
  const shown = Object.entries(e.metrics)
    .map(([k, x]) => `${k} ${x.toFixed(4)}`)
    .join(" · ");
  return `eval step ${e.step}: ${shown}${improved ? " (best)" : ""}`;
}

/**
 * `train --corpus NAME | --pairs FILE ...`: trains in the foreground through the train service,
 * printing progress (step, sequences/s, ETA, loss) and a line per evaluation; the result is
 * recorded as a model version of the corpus. Re-running the same command after a crash resumes it.
 */
export async function trainCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: OPTIONS });
  if (!values.corpus && !values.pairs) throw new Error(USAGE);
  const cfg = config();
  const db = openDatabase(cfg.dbPath);
  try {
    const print = makeProgressPrinter();
    const hooks: TrainerHooks & { report: (message: string) => void } = {
      report: (m) => print(m),
      log: (line) => console.log(line),
      onStep: (p) =>
        print(
          progressLine({
            done: p.step,
            total: p.totalSteps,
            etaSeconds: p.etaSeconds,
            message: `${p.sequencesPerSecond.toFixed(1)} seq/s · loss ${p.loss.toFixed(4)} · lr ${p.lr.toExponential(2)}`,
          }),
          p.step === p.totalSteps,
        ),
      onEvaluation: (e, improved) => console.log(evaluationLine(e, improved)),
    };
    const result = await trainInForeground(
      db,
      cfg,
      {
        corpusName: values.corpus,
        baseModel: values.base,
        pairsPath: values.pairs,
        evalPairsPath: values["eval-pairs"],
        runDir: values.out ?? defaultRunDir(cfg.modelDir, values.corpus ?? path.basename(values.pairs!), argv),
        // Passed on as given, so that the run's recipe chooses what no flag set.
        options: optionsFromFlags(values),
      },
      hooks,
    );
    console.log(
      `trained ${result.steps}/${result.totalSteps} steps in ${formatSeconds(result.seconds)}${result.stoppedEarly ? " (stopped early)" : ""} on ${result.backend} × ${result.workers}`,
    );
    for (const [k, x] of Object.entries(result.metrics))
      console.log(`${k}: ${x.toFixed(4)} (base ${result.baseline[k]?.toFixed(4) ?? "–"})`);
    console.log(`model: ${result.modelDir}`);
  } finally {
    await closeDatabase(db);
  }
}
