import type { Config } from "@/lib/config";
import { ensureModel, type ModelSpec } from "@/lib/model/store/model-store";

/** Where hub models come from and go to. */
export type HubSettings = Pick<Config, "modelDir" | "hfEndpoint" | "maxModelBytes" | "hubRedirectHosts">;

/**
 * The base model's folder for a run: hub models are downloaded into the model store once (with
 * progress through `report`), folders are used as they are, and a scratch base is built by the run.
 */
export async function resolveBaseModel(
  model: ModelSpec,
  hub: HubSettings,
  signal: AbortSignal,
  report: (message: string) => void,
): Promise<{ kind: "dir"; dir: string } | { kind: "scratch" }> {
  if (model.kind === "scratch") return { kind: "scratch" };
  const dir = await ensureModel(model, {
    storeDir: hub.modelDir,
    endpoint: hub.hfEndpoint,
    maxBytes: hub.maxModelBytes,
    redirectHosts: hub.hubRedirectHosts,
    signal,
    onProgress: (p) =>
      report(`downloading ${p.file}: ${Math.round(p.bytes / 1e6)}/${Math.round(p.totalBytes / 1e6)} MB`),
  });
  return { kind: "dir", dir };
}
