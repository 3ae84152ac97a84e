import {
  getKernel,
  registerKernel,
  UnsortedSegmentSum,
  type KernelConfig,
  type TensorInfo,
  type UnsortedSegmentSumAttrs,
  type UnsortedSegmentSumInputs,
} from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";

/**
 * `UnsortedSegmentSum` for the WASM backend: `out[segmentIds[i], ...] += x[i, ...]`.
 *
 * The WASM backend ships no such kernel, yet it is the gradient of `gather`, so without it
 * no embedding table can be trained there. Inputs: `x` `[n, ...rest]` (or any shape whose
 * leading dims match `segmentIds`), `segmentIds` int32 of shape `x.shape[:k]`; output
 * `[numSegments, ...x.shape[k:]]`. Ids outside `[0, numSegments)` are dropped, as in TensorFlow.
 * It runs in JavaScript straight on the WASM heap: a scatter-add is memory-bound, so a
 * compiled loop would gain little, and there is nothing to copy in or out.
 */
function unsortedSegmentSum(args: {
  inputs: UnsortedSegmentSumInputs;
  backend: BackendWasm;
  attrs: UnsortedSegmentSumAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const ids = inputs.segmentIds as TensorInfo;
  const numSegments = attrs.numSegments;
  const rowShape = x.shape.slice(ids.shape.length);
  const rowSize = rowShape.reduce((a, b) => a * b, 1);
  if (x.dtype !== "float32" && x.dtype !== "int32") {
    throw new Error(`UnsortedSegmentSum on wasm supports float32 and int32, got ${x.dtype}: cast the input first`);
  }
  // Allocate first: growing the heap detaches every view taken before.
  const out = backend.makeOutput([numSegments, ...rowShape], x.dtype);
  const outValues = backend.typedArrayFromHeap(out);
  const xValues = backend.typedArrayFromHeap(x);
  const idValues =
    ids.dtype === "int32"
      ? backend.typedArrayFromHeap(ids)
      : Int32Array.from(backend.readSync(ids.dataId) as ArrayLike<number>);
  outValues.fill(0);
  for (let i = 0; i < idValues.length; i++) {
    const segment = idValues[i];
    if (segment < 0 || segment >= numSegments) continue;
    const src = i * rowSize;
    const dst = segment * rowSize;
    for (let j = 0; j < rowSize; j++) outValues[dst + j] += xValues[src + j];
  }
  return out;
}

const segmentSumConfig: KernelConfig = {
  kernelName: UnsortedSegmentSum,
  backendName: "wasm",
  kernelFunc: unsortedSegmentSum as unknown as KernelConfig["kernelFunc"],
};

/** Registers the WASM `UnsortedSegmentSum` kernel unless one exists already (idempotent). */
export function registerWasmSegmentSumKernel(): void {
  if (getKernel(UnsortedSegmentSum, "wasm") !== undefined) return;
  registerKernel(segmentSumConfig);
}
