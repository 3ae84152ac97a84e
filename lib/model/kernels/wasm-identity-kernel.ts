import { Identity, type IdentityInputs, type KernelFunc, type TensorInfo } from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { overrideWasmKernel } from "@/lib/model/kernels/wasm-kernel-override";

/**
 * `Identity` for the WASM backend that shares the input's memory instead of copying it.
 *
 * TF.js saves every input a gradient needs by cloning it through `Identity` while recording
 * the tape, and the WASM backend's own `Identity` copies the buffer. In a BERT training step
 * that doubled the activation memory (a MiniLM-L6 step at 64×32 tokens ran out of the 4 GiB
 * WASM heap) and spent time copying, including a 47 MB copy of the embedding table per
 * `gather`. Tensor data is immutable in TF.js (`Variable.assign` swaps buffers), so sharing
 * by reference count is safe, as the CPU and WebGL backends already do (and WASM's `Reshape`).
 */
function identity(args: { inputs: IdentityInputs; backend: BackendWasm }): TensorInfo {
  const x = args.inputs.x as TensorInfo;
  args.backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** Replaces the WASM backend's copying `Identity` with {@link identity} (idempotent). */
export function registerWasmIdentityKernel(): void {
  overrideWasmKernel(Identity, () => identity as unknown as KernelFunc);
}
