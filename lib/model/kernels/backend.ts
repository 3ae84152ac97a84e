import * as tf from "@tensorflow/tfjs";
import { createRequire } from "node:module";
import path from "node:path";
import { nativeMatMulActive, registerNativeMatMulKernels } from "@/lib/model/kernels/native-matmul";
import { registerWasmIdentityKernel } from "@/lib/model/kernels/wasm-identity-kernel";
import { registerWasmSegmentSumKernel } from "@/lib/model/kernels/wasm-segment-sum-kernel";
import { registerWasmTransposeKernel } from "@/lib/model/kernels/wasm-transpose-kernel";

/**
 * The TensorFlow.js backends Cognate knows, fastest first:
 * - `tensorflow-gpu`: `@tensorflow/tfjs-node-gpu` with a CUDA device;
 * - `webgpu`: `@tensorflow/tfjs-backend-webgpu` on the Dawn binding of the `webgpu` package;
 * - `tensorflow`: libtensorflow on the CPU (`@tensorflow/tfjs-node`, or `-node-gpu` without a GPU);
 * - `wasm`: `@tensorflow/tfjs-backend-wasm` (XNNPACK, SIMD, one thread in Node);
 * - `cpu`: plain JavaScript, about 30 times slower than `wasm`; never train on it.
 */
export const BACKEND_NAMES = ["tensorflow-gpu", "webgpu", "tensorflow", "wasm", "cpu"] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

type Candidate = () => Promise<boolean>;

let chosen: Promise<BackendName> | null = null;
/** Set when `@tensorflow/tfjs-node-gpu` loaded but found no GPU: it still serves as `tensorflow`. */
let nodeGpuWithoutGpu = false;

/**
 * Imports an optional package by name. The specifier is a variable so that neither
 * TypeScript nor a bundler insists on the package being installed.
 */
async function optionalImport(name: string): Promise<Record<string, unknown> | null> {
  try {
    return (await import(/* webpackIgnore: true */ /* @vite-ignore */ name)) as Record<string, unknown>;
  } catch {
    return null;
  }
}

async function trySetBackend(name: string): Promise<boolean> {
  try {
    return (await tf.setBackend(name)) && tf.getBackend() === name;
  } catch {
    return false;
  }
}

async function tryNodeGpu(): Promise<boolean> {
  if (!(await optionalImport("@tensorflow/tfjs-node-gpu"))) return false;
  if (!(await trySetBackend("tensorflow"))) return false;
  // The CUDA build of libtensorflow runs on the CPU when it finds no device.
  const backend = tf.backend() as unknown as { isUsingGpuDevice?: boolean | (() => boolean) };
  const flag = backend.isUsingGpuDevice;
  const onGpu = typeof flag === "function" ? flag.call(backend) : Boolean(flag);
  if (!onGpu) nodeGpuWithoutGpu = true;
  return onGpu;
}

async function tryWebGpu(): Promise<boolean> {
  const dawn = await optionalImport("webgpu");
  if (!dawn || typeof dawn.create !== "function") return false;
  const g = globalThis as Record<string, unknown>;
  Object.assign(g, dawn.globals ?? {});
  const gpu = (dawn.create as (flags: string[]) => { requestAdapter(): Promise<unknown> })([]);
  if (!(await gpu.requestAdapter().catch(() => null))) return false;
  // tfjs-backend-webgpu registers itself at import time only if navigator.gpu exists.
  if (g.navigator === undefined) g.navigator = {};
  Object.defineProperty(g.navigator as object, "gpu", { value: gpu, configurable: true });
  if (!(await optionalImport("@tensorflow/tfjs-backend-webgpu"))) return false;
  return trySetBackend("webgpu");
}

async function tryNodeCpu(): Promise<boolean> {
  if (nodeGpuWithoutGpu) return trySetBackend("tensorflow");
  if (!(await optionalImport("@tensorflow/tfjs-node"))) return false;
  return trySetBackend("tensorflow");
}

/** Folder of the backend's `.wasm` binaries, with a trailing slash as `setWasmPaths` wants. */
function wasmBinaryDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist") + path.sep;
}

/**
 * Registers and selects the WASM backend, with Cognate's extra kernels (and OpenBLAS matmuls
 * where the optional addon is built: native-matmul.ts).
 * In Node the backend reads its binaries from the file system at the path given to
 * `setWasmPaths`; a bundler would otherwise move the JavaScript away from them.
 */
export async function tryWasm(): Promise<boolean> {
  const wasm = await optionalImport("@tensorflow/tfjs-backend-wasm");
  if (!wasm) return false;
  registerWasmSegmentSumKernel();
  registerWasmIdentityKernel();
  registerWasmTransposeKernel();
  registerNativeMatMulKernels();
  const setWasmPaths = (wasm.setWasmPaths ?? (wasm.default as Record<string, unknown> | undefined)?.setWasmPaths) as
    ((prefix: string) => void) | undefined;
  // Paths only matter before the backend first initialises.
  if (tf.findBackend("wasm") === null && setWasmPaths) {
    try {
      setWasmPaths(wasmBinaryDir());
    } catch {
      // No resolvable package folder (a bundle): the backend's own default lookup is all there is.
    }
  }
  return trySetBackend("wasm");
}

const CANDIDATES: Record<BackendName, Candidate> = {
  "tensorflow-gpu": tryNodeGpu,
  webgpu: tryWebGpu,
  tensorflow: tryNodeCpu,
  wasm: tryWasm,
  cpu: () => trySetBackend("cpu"),
};

/**
 * The backend as training logs and stores it (the UI shows it): the name, plus
 * ` + OpenBLAS` on WASM when its matmuls run on the native addon.
 */
export function backendLabel(name: BackendName): string {
  return name === "wasm" && nativeMatMulActive() ? "wasm + OpenBLAS" : name;
}

function describe(name: BackendName): string {
  if (name !== "wasm") return name;
  const simd = tf.env().getBool("WASM_HAS_SIMD_SUPPORT") ? "SIMD" : "no SIMD";
  return `${backendLabel(name)} (${simd}, one thread per process)`;
}

async function choose(preference: string | undefined): Promise<BackendName> {
  const wanted = preference?.trim().toLowerCase();
  if (wanted) {
    if (!(BACKEND_NAMES as readonly string[]).includes(wanted)) {
      throw new Error(
        `COGNATE_TF_BACKEND=${preference} is not a backend: use one of ${BACKEND_NAMES.join(", ")} or leave it unset`,
      );
    }
    const name = wanted as BackendName;
    if (!(await CANDIDATES[name]())) {
      throw new Error(
        `TensorFlow.js backend ${name} was requested (COGNATE_TF_BACKEND) but could not start: install its package and driver, or unset COGNATE_TF_BACKEND to pick the best available one`,
      );
    }
    return name;
  }
  for (const name of BACKEND_NAMES) {
    if (await CANDIDATES[name]()) return name;
  }
  throw new Error("No TensorFlow.js backend could start, not even cpu: check the @tensorflow/tfjs install");
}

/**
 * Chooses the fastest TensorFlow.js backend available (see {@link BACKEND_NAMES} for the order),
 * or the one named by `preference` (`COGNATE_TF_BACKEND`), logs it once to stderr and returns
 * its name. Idempotent: later calls return the first call's answer, whatever they pass.
 * Optional accelerators are loaded by dynamic import; a missing one is skipped silently.
 */
export function initBackend(preference?: string): Promise<BackendName> {
  if (!chosen) {
    chosen = choose(preference ?? process.env.COGNATE_TF_BACKEND).then(
      (name) => {
        process.stderr.write(`[cognate] TensorFlow.js backend: ${describe(name)}\n`);
        return name;
      },
      (error: unknown) => {
        chosen = null;
        throw error;
      },
    );
  }
  return chosen;
}
