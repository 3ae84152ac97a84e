import * as tf from "@tensorflow/tfjs";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { AdamW } from "@/lib/train/optim/adamw";
import { isNoDecayParameter } from "@/lib/train/optim/weight-decay-exclusion";
import { useCpuBackend } from "@/tests/unit/train/helpers";

beforeAll(useCpuBackend);

const toDispose: { dispose(): void }[] = [];
afterEach(() => toDispose.splice(0).forEach((d) => d.dispose()));

function variables(entries: Record<string, number[]>): Map<string, tf.Variable> {
  const map = new Map<string, tf.Variable>();
  for (const [name, values] of Object.entries(entries)) {
    const v = tf.variable(tf.tensor1d(values));
    toDispose.push(v);
    map.set(name, v);
  }
  return map;
}

function grads(entries: Record<string, number[]>): Map<string, tf.Tensor> {
  const map = new Map<string, tf.Tensor>();
  for (const [name, values] of Object.entries(entries)) {
    const g = tf.tensor1d(values);
    toDispose.push(g);
    map.set(name, g);
  }
  return map;
}

const values = (v: tf.Tensor) => Array.from(v.dataSync());

/** Two AdamW steps in float64, written out from the paper / torch.optim.AdamW. */
function handAdamW(p: number[], gs: number[][], lr: number, wd: number): number[] {
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  const m = p.map(() => 0);
  const v = p.map(() => 0);
  let out = [...p];
  gs.forEach((g, t0) => {
    const t = t0 + 1;
    out = out.map((x, i) => {
      m[i] = b1 * m[i] + (1 - b1) * g[i];
      v[i] = b2 * v[i] + (1 - b2) * g[i] ** 2;
      const mHat = m[i] / (1 - b1 ** t);
      const vHat = v[i] / (1 - b2 ** t);
      return x * (1 - lr * wd) - (lr * mHat) / (Math.sqrt(vHat) + eps);
    });
  });
  return out;
}

describe("AdamW", () => {
  it("matches two hand-computed steps on a 3-element variable", () => {
    const vars = variables({ "dense.weight": [1, -2, 3] });
    const opt = new AdamW(vars, { weightDecay: 0.1 });
    toDispose.push(opt);
    const g1 = [0.1, -0.2, 0.3];
    const g2 = [-0.05, 0.4, 0.3];
    opt.applyGradients(grads({ "dense.weight": g1 }), 0.01);
    opt.applyGradients(grads({ "dense.weight": g2 }), 0.01);
    const want = handAdamW([1, -2, 3], [g1, g2], 0.01, 0.1);
    values(vars.get("dense.weight")!).forEach((x, i) => expect(x).toBeCloseTo(want[i], 6));
  });

  it("decays weights but not biases, LayerNorm parameters or the temperature", () => {
    const vars = variables({
      "encoder.layer.0.output.dense.weight": [1, 2, 3],
      "encoder.layer.0.output.dense.bias": [1, 2, 3],
      "embeddings.LayerNorm.weight": [1, 2, 3],
      logit_scale: [3],
    });
    const opt = new AdamW(vars, { weightDecay: 0.5 });
    toDispose.push(opt);
    // A zero gradient isolates the decay: p ← p·(1 − lr·λ) = p·0.95.
    opt.applyGradients(
      grads({
        "encoder.layer.0.output.dense.weight": [0, 0, 0],
        "encoder.layer.0.output.dense.bias": [0, 0, 0],
        "embeddings.LayerNorm.weight": [0, 0, 0],
        logit_scale: [0],
      }),
      0.1,
    );
    values(vars.get("encoder.layer.0.output.dense.weight")!).forEach((x, i) =>
      expect(x).toBeCloseTo((i + 1) * 0.95, 6),
    );
    expect(values(vars.get("encoder.layer.0.output.dense.bias")!)).toEqual([1, 2, 3]);
    expect(values(vars.get("embeddings.LayerNorm.weight")!)).toEqual([1, 2, 3]);
    expect(values(vars.get("logit_scale")!)).toEqual([3]);
    expect(isNoDecayParameter("encoder.layer.1.attention.output.LayerNorm.bias")).toBe(true);
    expect(isNoDecayParameter("encoder.layer.1.attention.self.query.weight")).toBe(false);
  });

  it("leaves variables without a gradient alone and rejects unknown names", () => {
    const vars = variables({ a: [1], b: [2] });
    const opt = new AdamW(vars);
    toDispose.push(opt);
    opt.applyGradients(grads({ a: [1] }), 0.1);
    expect(values(vars.get("b")!)).toEqual([2]);
    expect(() => opt.applyGradients(grads({ c: [1] }), 0.1)).toThrow(/no variable "c"/);
    expect(() => opt.applyGradients(grads({ a: [1, 2] }), 0.1)).toThrow(/is \[2\] but the variable is \[1\]/);
  });

  it("continues identically after saving and restoring its state", () => {
    const steps = [
      [0.3, -0.1, 0.2],
      [0.1, 0.1, -0.4],
      [-0.2, 0.5, 0.05],
      [0.7, -0.3, 0.1],
      [0.2, 0.2, 0.2],
    ];
    const original = variables({ w: [0.5, -1, 2] });
    const a = new AdamW(original);
    toDispose.push(a);
    steps.slice(0, 3).forEach((g) => a.applyGradients(grads({ w: g }), 0.05));
    const state = a.getState();
    const saved = values(original.get("w")!);
    // A fresh optimiser over a fresh variable, as after a crash: restore, then run the rest on both.
    const restored = variables({ w: saved });
    const b = new AdamW(restored);
    toDispose.push(b);
    b.setState(structuredClone(state));
    steps.slice(3).forEach((g) => {
      a.applyGradients(grads({ w: g }), 0.05);
      b.applyGradients(grads({ w: g }), 0.05);
    });
    expect(values(restored.get("w")!)).toEqual(values(original.get("w")!));
    expect(state.slots[0].step).toBe(3);
    expect(state.slots[0].m).toBeInstanceOf(Float32Array);
    expect(() => b.setState({ slots: [] })).toThrow(/lacks w/);
  });

  it("does not leak tensors over steps, and frees its moments on dispose", () => {
    const vars = variables({ w: [1, 2, 3], "w.bias": [0, 0, 0] });
    const g = grads({ w: [0.1, 0.2, 0.3], "w.bias": [1, 1, 1] });
    const before = tf.memory().numTensors;
    const opt = new AdamW(vars);
    opt.applyGradients(g, 0.01);
    const during = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) opt.applyGradients(g, 0.01);
    opt.setState(opt.getState());
    expect(tf.memory().numTensors).toBe(during);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("fused (host loop) and tensor-op updates agree with each other and with float64, scale included", () => {
    const start = Array.from({ length: 64 }, (_, i) => Math.sin(i) * 2);
    const steps = [0, 1, 2, 3].map((t) => start.map((_, i) => Math.cos(i * (t + 1)) * 0.3));
    const run = (fused: boolean) => {
      const vars = variables({ "dense.weight": start });
      const opt = new AdamW(vars, { weightDecay: 0.1, fused });
      toDispose.push(opt);
      // Scale 0.5 (as clipping would give) on tensors, then on flat arrays.
      steps.forEach((g, t) =>
        t % 2 === 0
          ? opt.applyGradients(grads({ "dense.weight": g }), 0.01, 0.5)
          : opt.applyGradientArrays(new Map([["dense.weight", Float32Array.from(g)]]), 0.01, 0.5),
      );
      return { after: values(vars.get("dense.weight")!), state: opt.getState().slots[0] };
    };
    const fused = run(true);
    const ops = run(false);
    const want = handAdamW(
      start,
      steps.map((g) => g.map((x) => x * 0.5)),
      0.01,
      0.1,
    );
    fused.after.forEach((x, i) => {
      expect(Math.abs(x - want[i])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(want[i])));
      expect(Math.abs(x - ops.after[i])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(want[i])));
    });
    fused.state.v.forEach((x, i) => expect(x).toBeCloseTo(ops.state.v[i], 9));
    expect(fused.state.step).toBe(4);
  });

  it("rejects flat gradients of the wrong length", () => {
    const opt = new AdamW(variables({ w: [1, 2] }), { fused: true });
    toDispose.push(opt);
    expect(() => opt.applyGradientArrays(new Map([["w", new Float32Array(3)]]), 0.1)).toThrow(
      /is \[3\] but the variable is \[2\]/,
    );
  });
});
