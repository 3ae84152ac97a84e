import { _FusedMatMul, BatchMatMul, broadcast_util, util, type KernelFunc, type TensorInfo } from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { activeNativeAddon, loadNativeAddon, type NativeAddon } from "@/lib/model/kernels/native-addon";
import { overrideWasmKernel } from "@/lib/model/kernels/wasm-kernel-override";

/*
 * Why this file exists: on the WASM backend the dense matmuls run in XNNPACK at 128-bit SIMD
 * (~27 GFLOP/s per thread), and any batched or transposed matmul (attention, the gradients)
 * in a naive C++ loop. OpenBLAS on the host CPU (AVX-512, FMA) does ~100 GFLOP/s on the same
 * products. The optional addon (native-addon.ts) calls its `cblas_sgemm` on Float32Array
 * views of the WASM heap, so tensors are neither copied out nor back; the kernels below
 * replace `BatchMatMul` and `_FusedMatMul` on WASM with it.
 */

/** Set once the kernels below are installed in this thread. */
let registered = false;

/** Whether `BatchMatMul` and `_FusedMatMul` on WASM currently run on OpenBLAS. */
export function nativeMatMulActive(): boolean {
  return registered && activeNativeAddon() !== null;
}

/** One product `[...batch, m, k] · [...batch, k, n]` as the addon runs it. */
interface Product {
  batch: number;
  batchA: number;
  batchB: number;
  m: number;
  n: number;
  k: number;
  outShape: number[];
}

/**
 * The product of `a` and `b` (transposed as flagged), or undefined for what the addon does not
 * do: non-float32 data, empty tensors, mismatched inner sizes, and batch shapes that do not
 * broadcast as "equal batches, or one of them 1" (the original kernel then runs, or throws).
 */
function planProduct(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): Product | undefined {
  if (a.dtype !== "float32" || b.dtype !== "float32" || a.shape.length < 2 || b.shape.length < 2) return undefined;
  const [a0, a1] = a.shape.slice(-2);
  const [b0, b1] = b.shape.slice(-2);
  const [m, k] = transposeA ? [a1, a0] : [a0, a1];
  const [kB, n] = transposeB ? [b1, b0] : [b0, b1];
  if (k !== kB || m * n * k === 0) return undefined;
  let outer: number[];
  try {
    outer = broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  } catch {
    return undefined;
  }
  const batch = util.sizeFromShape(outer);
  const batchA = util.sizeFromShape(a.shape.slice(0, -2));
  const batchB = util.sizeFromShape(b.shape.slice(0, -2));
  if ((batchA !== batch && batchA !== 1) || (batchB !== batch && batchB !== 1)) return undefined;
  return { batch, batchA, batchB, m, n, k, outShape: [...outer, m, n] };
}

/** A bias the addon adds: float32 `[..., n]` or a single value, that does not raise the output's rank. */
function biasFits(bias: TensorInfo, p: Product): boolean {
  const size = util.sizeFromShape(bias.shape);
  return (
    bias.dtype === "float32" &&
    bias.shape.length <= p.outShape.length &&
    (size === 1 || (size === p.n && bias.shape.at(-1) === p.n))
  );
}

/** Runs `p` on the addon into a new output tensor. */
function runProduct(
  addon: NativeAddon,
  backend: BackendWasm,
  p: Product,
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
  bias?: TensorInfo,
): TensorInfo {
  const out = backend.makeOutput(p.outShape, "float32");
  // Views only after the allocation, which may grow (and so move) the heap.
  const view = (t: TensorInfo) => backend.typedArrayFromHeap(t) as Float32Array;
  addon.sgemm(
    view(a),
    view(b),
    view(out),
    bias ? view(bias) : null,
    p.batch,
    p.m,
    p.n,
    p.k,
    p.batchA,
    p.batchB,
    transposeA,
    transposeB,
  );
  return out;
}

interface MatMulArgs {
  inputs: { a: TensorInfo; b: TensorInfo; bias?: TensorInfo; preluActivationWeights?: TensorInfo };
  backend: BackendWasm;
  attrs: { transposeA: boolean; transposeB: boolean; activation?: string };
}

/**
 * `BatchMatMul` and `_FusedMatMul` (bias, linear activation only) on the addon; everything
 * else (other activations, PReLU weights, what {@link planProduct} declines) and the
 * switched-off state go to `original`, the WASM backend's kernel.
 */
function makeMatMul(original: KernelFunc | undefined): KernelFunc {
  return ((args: MatMulArgs) => {
    const { a, b, bias, preluActivationWeights } = args.inputs;
    const { transposeA, transposeB, activation } = args.attrs;
    const addon = activeNativeAddon();
    const fusedOk = (activation === undefined || activation === "linear") && !preluActivationWeights;
    const p = addon && fusedOk ? planProduct(a, b, transposeA, transposeB) : undefined;
    if (!addon || !p || (bias && !biasFits(bias, p))) {
      if (!original)
        throw new Error(
          "the WASM backend has no matmul kernel to fall back on: import @tensorflow/tfjs-backend-wasm first",
        );
      return original(args as unknown as Parameters<KernelFunc>[0]);
    }
    return runProduct(addon, args.backend, p, a, b, transposeA, transposeB, bias);
  }) as unknown as KernelFunc;
}

/**
 * Installs the OpenBLAS `BatchMatMul` and `_FusedMatMul` kernels on the WASM backend when the
 * `cognate-blas-matmul` addon loads and `COGNATE_NATIVE_MATMUL` is not `0`; returns whether
 * they are in place. Call after `@tensorflow/tfjs-backend-wasm` is imported, in every thread
 * that trains (each worker thread has its own kernel registry). Idempotent.
 */
export function registerNativeMatMulKernels(): boolean {
  if (!loadNativeAddon()) return false;
  overrideWasmKernel(BatchMatMul, makeMatMul);
  overrideWasmKernel(_FusedMatMul, makeMatMul);
  registered = true;
  return true;
}
