import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** How token vectors become one sentence vector (sentence-transformers' Pooling + Normalize modules). */
export interface PoolingConfig {
  mode: "mean" | "cls" | "max";
  /** Whether a Normalize module follows the pooling: sentence vectors have unit L2 norm. */
  normalize: boolean;
}

interface ModuleEntry {
  idx: number;
  name: string;
  path: string;
  type: string;
}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch (err) {
    throw new Error(`${file} is not valid JSON (${(err as Error).message}): restore it from the model's source`, {
      cause: err,
    });
  }
}

function poolingMode(cfg: Record<string, unknown>, file: string): PoolingConfig["mode"] {
  if (cfg.pooling_mode_cls_token) return "cls";
  if (cfg.pooling_mode_max_tokens) return "max";
  if (cfg.pooling_mode_mean_tokens) return "mean";
  const used = Object.keys(cfg).filter((k) => k.startsWith("pooling_mode_") && cfg[k]);
  throw new Error(
    `${file} asks for pooling ${used.join(", ") || "(none)"}: Cognate supports mean, cls and max pooling; set pooling_mode_mean_tokens to true`,
  );
}

/**
 * Reads the pooling of a model folder from `modules.json` and the Pooling module's `config.json`.
 * A plain transformers folder (no `modules.json`) gets mean pooling without normalisation,
 * which is what sentence-transformers does when it loads one.
 */
export function readPoolingConfig(dir: string): PoolingConfig {
  const modulesFile = path.join(dir, "modules.json");
  if (!existsSync(modulesFile)) return { mode: "mean", normalize: false };
  const modules = readJson<ModuleEntry[]>(modulesFile);
  if (!Array.isArray(modules))
    throw new Error(`${modulesFile} is not a list of modules: restore it from the model's source`);
  const pooling = modules.find((m) => m.type?.endsWith(".Pooling"));
  const normalize = modules.some((m) => m.type?.endsWith(".Normalize"));
  if (!pooling) return { mode: "mean", normalize };
  const cfgFile = path.join(dir, pooling.path, "config.json");
  if (!existsSync(cfgFile))
    throw new Error(
      `${dir} lists a Pooling module in modules.json but has no ${path.join(pooling.path, "config.json")}: copy that file from the model's source`,
    );
  return { mode: poolingMode(readJson<Record<string, unknown>>(cfgFile), cfgFile), normalize };
}

/**
 * Writes `modules.json`, `1_Pooling/config.json` and `sentence_bert_config.json`
 * so that `SentenceTransformer(dir)` rebuilds Transformer → Pooling (→ Normalize).
 */
export function writeSentenceTransformersFiles(
  dir: string,
  pooling: PoolingConfig,
  dim: number,
  maxSeqLength = 256,
): void {
  const modules: ModuleEntry[] = [
    { idx: 0, name: "0", path: "", type: "sentence_transformers.models.Transformer" },
    { idx: 1, name: "1", path: "1_Pooling", type: "sentence_transformers.models.Pooling" },
  ];
  if (pooling.normalize)
    modules.push({ idx: 2, name: "2", path: "2_Normalize", type: "sentence_transformers.models.Normalize" });
  writeFileSync(path.join(dir, "modules.json"), JSON.stringify(modules, null, 2));
  mkdirSync(path.join(dir, "1_Pooling"), { recursive: true });
  const poolingConfig = {
    word_embedding_dimension: dim,
    pooling_mode_cls_token: pooling.mode === "cls",
    pooling_mode_mean_tokens: pooling.mode === "mean",
    pooling_mode_max_tokens: pooling.mode === "max",
    pooling_mode_mean_sqrt_len_tokens: false,
  };
  writeFileSync(path.join(dir, "1_Pooling", "config.json"), JSON.stringify(poolingConfig, null, 2));
  writeFileSync(
    path.join(dir, "sentence_bert_config.json"),
    JSON.stringify({ max_seq_length: maxSeqLength, do_lower_case: false }, null, 2),
  );
}
