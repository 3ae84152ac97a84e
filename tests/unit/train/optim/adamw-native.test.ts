import { afterEach, describe, expect, it } from "vitest";
import { loadNativeAddon, setNativeKernelsEnabled } from "@/lib/model/kernels/native-addon";
import { adamwUpdate, type AdamWStepConstants } from "@/lib/train/optim/adamw-kernel";

// Null where OpenBLAS or the addon's build is missing (or COGNATE_NATIVE_MATMUL=0); CI installs it.
const available = loadNativeAddon() !== null;

afterEach(() => setNativeKernelsEnabled(true));

/** Reproducible values in [-0.5, 0.5) times `scale`. */
function values(n: number, seed: number, scale = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    out[i] = (s / 2 ** 31 - 0.5) * scale;
  }
  return out;
}

/** One update from fixed state, natively or in JavaScript; `inPlace` writes the result over the parameters. */
function update(native: boolean, inPlace: boolean, c: AdamWStepConstants) {
  setNativeKernelsEnabled(native);
  const n = 1027;
  const param = values(n, 1);
  // The data-parallel engine hands gradients over as views of shared memory.
  const grad = new Float32Array(new SharedArrayBuffer(n * 4));
  grad.set(values(n, 2));
  const m = values(n, 3, 0.01);
  const v = values(n, 4, 0.001).map(Math.abs);
  const out = inPlace ? param : new Float32Array(n);
  adamwUpdate(param, grad, m, v, out, 0.7, c);
  return { out, m, v };
}

describe("native AdamW loop", () => {
  it.skipIf(!available)("gives the JavaScript loop's bits, in place or not, with and without decay", () => {
    for (const weightDecay of [0, 0.01]) {
      for (const inPlace of [false, true]) {
        const c = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, learningRate: 3e-4, weightDecay, step: 5 };
        const native = update(true, inPlace, c);
        const js = update(false, inPlace, c);
        expect(native.out).toEqual(js.out);
        expect(native.m).toEqual(js.m);
        expect(native.v).toEqual(js.v);
      }
    }
  });
});
