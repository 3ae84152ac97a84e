import { existsSync } from "node:fs";
import path from "node:path";
import { parseModelSpec, storedHubModel } from "@/lib/model/store/model-store";

/** What the "Train a model" form should offer first, and why. */
export interface BaseModelAvailability {
  /** `default`: the configured base can be used here; `scratch`: it cannot, so start from scratch. */
  choice: "default" | "scratch";
  /** One sentence for the form: where the base comes from, or why scratch is offered first. */
  reason: string;
}

/** Options of {@link baseModelAvailability}. */
export interface AvailabilityOptions {
  /** Root of the model store (`COGNATE_MODEL_DIR`). */
  storeDir: string;
  /** Hub or mirror base URL (`HF_ENDPOINT`). */
  endpoint: string;
  /** How long the hub has to answer; default 2 s, so a page never waits long offline. */
  timeoutMs?: number;
  /** How long a probe's answer is reused; default 60 s. */
  cacheMs?: number;
}

const probes = new Map<string, { at: number; answered: Promise<boolean> }>();

/** Whether the hub answers at all (any HTTP status: mirrors may lack the revision API), within the timeout. */
function hubAnswers(
  endpoint: string,
  repo: string,
  revision: string,
  timeoutMs: number,
  cacheMs: number,
): Promise<boolean> {
  const key = `${endpoint} ${repo}@${revision}`;
  const cached = probes.get(key);
  if (cached && Date.now() - cached.at < cacheMs) return cached.answered;
  const answered = fetch(`${endpoint}/api/models/${repo}/revision/${encodeURIComponent(revision)}`, {
    signal: AbortSignal.timeout(timeoutMs),
    redirect: "manual",
  })
    .then(async (res) => {
      await res.body?.cancel();
      return true;
    })
    .catch(() => false);
  probes.set(key, { at: Date.now(), answered });
  return answered;
}

/**
 * Decides whether the configured base model (`COGNATE_BASE_MODEL`) can run here now: a folder
 * that exists, a hub model already in the model store, or a hub that answers quickly. Otherwise
 * the first "Start training" would fail offline, so the form should default to scratch.
 * Never names a server path (the reason is shown in the page).
 */
export async function baseModelAvailability(
  spec: string,
  options: AvailabilityOptions,
): Promise<BaseModelAvailability> {
  let parsed: ReturnType<typeof parseModelSpec>;
  try {
    parsed = parseModelSpec(spec);
  } catch {
    return {
      choice: "scratch",
      reason: "The configured base model is not a valid spec (COGNATE_BASE_MODEL), so training starts from scratch.",
    };
  }
  if (parsed.kind === "scratch")
    return {
      choice: "default",
      reason: "The configured base is a model trained from scratch on this corpus (works offline).",
    };
  if (parsed.kind === "dir") {
    if (existsSync(path.join(path.resolve(parsed.path), "config.json")))
      return { choice: "default", reason: "The configured base is a local model folder." };
    return {
      choice: "scratch",
      reason: `The configured base folder "${path.basename(parsed.path)}" is not there, so training starts from scratch (works offline).`,
    };
  }
  if (storedHubModel(options.storeDir, parsed.repo, parsed.revision))
    return { choice: "default", reason: `${parsed.repo} is already in the model store.` };
  const timeoutMs = options.timeoutMs ?? 2000;
  if (await hubAnswers(options.endpoint, parsed.repo, parsed.revision, timeoutMs, options.cacheMs ?? 60_000)) {
    return { choice: "default", reason: `${parsed.repo} is downloaded from the model hub once, when training starts.` };
  }
  return {
    choice: "scratch",
    reason: `The model hub (${options.endpoint}) did not answer within ${timeoutMs / 1000} s and ${parsed.repo} is not in the model store, so training starts from scratch, which works offline. Choose the configured base to try the hub anyway.`,
  };
}
