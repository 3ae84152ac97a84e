import {
  Transpose,
  type KernelFunc,
  type TensorInfo,
  type TransposeAttrs,
  type TransposeInputs,
} from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { overrideWasmKernel } from "@/lib/model/kernels/wasm-kernel-override";

/** Tile edge of the blocked transpose: 32×32 floats of source and destination stay in L1. */
const TILE = 32;

/**
 * `out = xᵀ` for a `[rows, cols]` float32 matrix, tile by tile so that both the reads and
 * the writes stay within a few cache lines.
 */
export function transposeBlocked(x: Float32Array, rows: number, cols: number, out: Float32Array): void {
  for (let i0 = 0; i0 < rows; i0 += TILE) {
    const iEnd = Math.min(i0 + TILE, rows);
    for (let j0 = 0; j0 < cols; j0 += TILE) {
      const jEnd = Math.min(j0 + TILE, cols);
      for (let i = i0; i < iEnd; i++) {
        const row = i * cols;
        for (let j = j0; j < jEnd; j++) out[j * rows + i] = x[row + j];
      }
    }
  }
}

/**
 * `Transpose` on WASM with 2-D float32 matrices done by {@link transposeBlocked} in
 * JavaScript on the heap: the backend's generic kernel takes about twice as long on the
 * `[1024, 1536]` activations whose transposes every dense-layer gradient needs
 * (fast-matmul.ts). Other ranks, permutations and dtypes go to the original kernel.
 */
function makeTranspose(original: KernelFunc | undefined): KernelFunc {
  return ((args: { inputs: TransposeInputs; backend: BackendWasm; attrs: TransposeAttrs }) => {
    const x = args.inputs.x as TensorInfo;
    const { perm } = args.attrs;
    if (x.dtype !== "float32" || x.shape.length !== 2 || perm[0] !== 1 || perm[1] !== 0 || !original) {
      return original!(args as unknown as Parameters<KernelFunc>[0]);
    }
    const [rows, cols] = x.shape;
    const out = args.backend.makeOutput([cols, rows], "float32");
    // Views after the allocation, which may move the heap.
    transposeBlocked(
      args.backend.typedArrayFromHeap(x) as Float32Array,
      rows,
      cols,
      args.backend.typedArrayFromHeap(out) as Float32Array,
    );
    return out;
  }) as unknown as KernelFunc;
}

/** Installs the blocked 2-D `Transpose` on WASM (idempotent). */
export function registerWasmTransposeKernel(): void {
  overrideWasmKernel(Transpose, makeTranspose);
}
