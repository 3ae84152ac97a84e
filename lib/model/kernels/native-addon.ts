import { createRequire } from "node:module";
import { isMainThread } from "node:worker_threads";

/*
 * The optional addon `cognate-blas-matmul` (lib/native/blas-matmul): OpenBLAS matmuls and
 * vectorised GELU and AdamW loops that work on Float32Array views (of the WASM backend's heap,
 * in place). It is
 * an optionalDependency built by node-gyp at install where OpenBLAS is installed; elsewhere
 * training runs on the WASM backend's own kernels.
 */

/** The addon's interface (blas_matmul.c, gelu.c, adamw.c). */
export interface NativeAddon {
  /**
   * `out[i] = op(a[i]) · op(b[i])` (+ `bias` on every row) for `i < batch`: op(a) `[m, k]`
   * (stored `[k, m]` when transposeA), op(b) `[k, n]` (stored `[n, k]` when transposeB), out
   * `[m, n]`, row-major; batchA/batchB are batch or 1 (broadcast); bias holds n values or 1.
   */
  sgemm(
    a: Float32Array,
    b: Float32Array,
    out: Float32Array,
    bias: Float32Array | null,
    batch: number,
    m: number,
    n: number,
    k: number,
    batchA: number,
    batchB: number,
    transposeA: boolean,
    transposeB: boolean,
  ): void;
  /** `out[i] = x[i] · Φ(x[i])` (exact GELU) for every element of `x`. */
  gelu(x: Float32Array, out: Float32Array): void;
  /** `out[i] = dy[i] · GELU'(x[i])`. */
  geluGrad(x: Float32Array, dy: Float32Array, out: Float32Array): void;
  /** One fused AdamW update, as `adamwUpdate` in lib/train/optim/adamw-kernel.ts (same arguments, constants spread). */
  adamw(
    param: Float32Array,
    grad: Float32Array,
    m: Float32Array,
    v: Float32Array,
    out: Float32Array,
    scale: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    learningRate: number,
    weightDecay: number,
    step: number,
  ): void;
  /** OpenBLAS's build description. */
  config: string;
}

const ADDON_PACKAGE = "cognate-blas-matmul";

/** Undefined: not tried yet; null: unavailable (disabled, not built, or OpenBLAS missing). */
let addon: NativeAddon | null | undefined;
/** Whether the native kernels are used (tests and benchmarks compare both ways in one process). */
let enabled = true;

/**
 * The addon, loaded once per thread, or null when `COGNATE_NATIVE_MATMUL=0` or it does not
 * load; the main thread then says why on stderr, once (worker threads stay quiet).
 */
export function loadNativeAddon(): NativeAddon | null {
  if (addon !== undefined) return addon;
  const why = (reason: string) => {
    if (isMainThread)
      process.stderr.write(`[cognate] OpenBLAS kernels off: ${reason}; training uses the WASM backend's own kernels\n`);
    return null;
  };
  if (process.env.COGNATE_NATIVE_MATMUL === "0") {
    addon = why("COGNATE_NATIVE_MATMUL=0");
    return addon;
  }
  try {
    // Loaded by Node at run time, never bundled: Next.js cannot place a .node file in its chunks
    // (once the addon is built, `next build` failed on this line).
    addon = createRequire(import.meta.url)(/* turbopackIgnore: true */ ADDON_PACKAGE) as NativeAddon;
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    addon = why(
      `the cognate-blas-matmul addon did not load (${message}): install libopenblas-dev, then run npm ci to build it`,
    );
  }
  return addon;
}

/** The loaded addon while native kernels are switched on, else null. Loads nothing itself. */
export function activeNativeAddon(): NativeAddon | null {
  return enabled ? (addon ?? null) : null;
}

/**
 * Switches the native kernels on or off at run time (off: the WASM backend's own kernels,
 * TF.js's GELU and the JavaScript AdamW loop run), for tests and benchmarks that compare both in one process. No effect
 * while the addon is unavailable.
 */
export function setNativeKernelsEnabled(on: boolean): void {
  enabled = on;
}
