import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { falseNegativeMask } from "@/lib/train/losses/false-negative-mask";
import { infoNceLoss, type InfoNceInputs } from "@/lib/train/losses/info-nce-loss";
import { LearnableTemperature } from "@/lib/train/losses/learnable-temperature";
import { allFinite, perturb, randomMatrix, roll, useCpuBackend, valueOf } from "@/tests/unit/train/helpers";
import {
  infoNceReference,
  numericGradients,
  type ReferenceInputs,
  type ReferenceOptions,
} from "@/tests/unit/train/losses/info-nce-reference";

beforeAll(useCpuBackend);

const anchors = randomMatrix(6, 8, 11);
const positives = perturb(anchors, 0.3, 12);
const negatives = randomMatrix(6, 8, 13);

function tensors(x: ReferenceInputs): InfoNceInputs {
  return {
    anchors: tf.tensor2d(x.anchors),
    positives: tf.tensor2d(x.positives),
    negatives: x.negatives && tf.tensor2d(x.negatives),
  };
}

function disposeInputs(x: InfoNceInputs): void {
  tf.dispose([x.anchors, x.positives, ...(x.negatives ? [x.negatives] : [])]);
}

/** tf.grads of InfoNCE wrt anchors, positives (and negatives), as nested arrays. */
function tfGradients(x: ReferenceInputs, o: ReferenceOptions): number[][][] {
  const inputs = tensors(x);
  const list = [inputs.anchors, inputs.positives, ...(inputs.negatives ? [inputs.negatives] : [])];
  const grads = tf.grads((...t: tf.Tensor[]) =>
    infoNceLoss(
      {
        anchors: t[0] as tf.Tensor2D,
        positives: t[1] as tf.Tensor2D,
        negatives: t[2] as tf.Tensor2D | undefined,
        exclude: o.exclude,
      },
      { temperature: o.tau, symmetric: o.symmetric },
    ),
  )(list);
  const out = grads.map((g) => g.arraySync() as number[][]);
  tf.dispose([...grads, ...list]);
  return out;
}

function expectCloseToReference(got: number[][][], want: (number[][] | undefined)[]): void {
  const flatWant = want.flatMap((m) => (m ?? []).flat());
  const flatGot = got.flatMap((m) => m.flat());
  expect(flatGot.length).toBe(flatWant.length);
  const scale = Math.max(...flatWant.map(Math.abs));
  flatGot.forEach((g, i) => expect(Math.abs(g - flatWant[i])).toBeLessThanOrEqual(1e-4 * scale));
}

describe("infoNceLoss", () => {
  it("is lower for matched pairs than for shuffled ones", () => {
    const matched = tensors({ anchors, positives });
    const shuffled = tensors({ anchors, positives: roll(positives) });
    expect(valueOf(infoNceLoss(matched))).toBeLessThan(valueOf(infoNceLoss(shuffled)));
    disposeInputs(matched);
    disposeInputs(shuffled);
  });

  it("matches the float64 reference in value and gradient, with extra negatives", () => {
    const x = {
      anchors: anchors.slice(0, 3).map((r) => r.slice(0, 4)),
      positives: positives.slice(0, 3).map((r) => r.slice(0, 4)),
      negatives: negatives.slice(0, 3).map((r) => r.slice(0, 4)),
    };
    const o = { tau: 0.05 };
    const inputs = tensors(x);
    expect(valueOf(infoNceLoss(inputs, { temperature: o.tau }))).toBeCloseTo(infoNceReference(x, o), 4);
    disposeInputs(inputs);
    const want = numericGradients(x, o);
    expectCloseToReference(tfGradients(x, o), [want.anchors, want.positives, want.negatives]);
  });

  it("matches the reference gradient when symmetric and masked", () => {
    const x = {
      anchors: anchors.slice(0, 4).map((r) => r.slice(0, 3)),
      positives: positives.slice(0, 4).map((r) => r.slice(0, 3)),
    };
    const exclude = [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => (i === 0 && j === 2) || (i === 3 && j === 1)));
    const o = { tau: 0.1, symmetric: true, exclude };
    const want = numericGradients(x, o);
    expectCloseToReference(tfGradients(x, o), [want.anchors, want.positives]);
  });

  it("symmetric equals the mean of both directions", () => {
    const forward = tensors({ anchors, positives, negatives });
    const backward = tensors({ anchors: positives, positives: anchors });
    const symmetric = valueOf(infoNceLoss(forward, { symmetric: true }));
    const mean = (valueOf(infoNceLoss(forward)) + valueOf(infoNceLoss(backward))) / 2;
    expect(symmetric).toBeCloseTo(mean, 4);
    disposeInputs(forward);
    disposeInputs(backward);
  });

  it("the duplicate mask removes a false negative's contribution", () => {
    // Pair 2 repeats pair 0's positive text: for anchor 0 it is a false negative, and vice versa.
    const dupPositives = positives.map((row, i) => (i === 2 ? [...positives[0]] : row));
    const x = { anchors, positives: dupPositives };
    const ids = { anchors: ["a0", "a1", "a2", "a3", "a4", "a5"], positives: ["p0", "p1", "p0", "p3", "p4", "p5"] };
    const mask = falseNegativeMask(ids);
    expect(mask[0][2]).toBe(true);
    expect(mask[2][0]).toBe(true);
    expect(mask.flat().filter(Boolean)).toHaveLength(2);
    const inputs = tensors(x);
    const unmasked = valueOf(infoNceLoss(inputs));
    const byIds = valueOf(infoNceLoss({ ...inputs, ids }));
    const byMask = valueOf(infoNceLoss({ ...inputs, exclude: tf.tensor2d(mask, undefined, "bool") as tf.Tensor2D }));
    expect(byIds).toBeCloseTo(infoNceReference(x, { tau: 0.05, exclude: mask }), 4);
    expect(byMask).toBeCloseTo(byIds, 6);
    expect(byIds).toBeLessThan(unmasked);
    disposeInputs(inputs);
  });

  it("per-anchor negatives only meet their own anchor", () => {
    const inputs = tensors({
      anchors: anchors.slice(0, 2),
      positives: positives.slice(0, 2),
      negatives: negatives.slice(0, 4),
    });
    const shaped = { ...inputs, negatives: tf.reshape(inputs.negatives!, [2, 2, 8]) as tf.Tensor3D };
    const own = valueOf(infoNceLoss(shaped, { shareNegatives: false }));
    const shared = valueOf(infoNceLoss(shaped));
    expect(shared).toBeGreaterThan(own); // more negatives in the denominator
    // Reference: anchor 0 sees positives 0, 1 and negatives 0, 1; anchor 1 sees positives and negatives 2, 3.
    const ref = (i: number) =>
      infoNceReference(
        { anchors: [anchors[i]], positives: [positives[i], positives[1 - i], ...negatives.slice(2 * i, 2 * i + 2)] },
        { tau: 0.05 },
      );
    expect(own).toBeCloseTo((ref(0) + ref(1)) / 2, 4);
    disposeInputs(inputs);
    shaped.negatives.dispose();
  });

  it("the learnable temperature starts at τ and receives a finite, non-zero gradient", () => {
    const temperature = new LearnableTemperature({ initial: 0.05 });
    const inputs = tensors({ anchors, positives });
    const fixed = valueOf(infoNceLoss(inputs, { temperature: 0.05 }));
    const { value, grads } = tf.variableGrads(
      () => infoNceLoss(inputs, { learnableTemperature: temperature }),
      [temperature.variable],
    );
    expect(valueOf(value)).toBeCloseTo(fixed, 4);
    const g = valueOf(grads[temperature.variable.name]);
    expect(Number.isFinite(g)).toBe(true);
    expect(g).not.toBe(0);
    disposeInputs(inputs);
    temperature.dispose();
  });

  it("clamps the learnable temperature to its range, and frees everything on dispose", () => {
    const before = tf.memory().numTensors;
    const temperature = new LearnableTemperature({ initial: 0.05, min: 0.01, max: 1 });
    tf.tidy(() => temperature.variable.assign(tf.scalar(Math.log(1e6))));
    expect(temperature.temperature).toBeCloseTo(0.01, 6);
    temperature.clamp();
    expect(temperature.variable.dataSync()[0]).toBeCloseTo(Math.log(100), 5);
    temperature.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => new LearnableTemperature({ initial: 2 })).toThrow(/min ≤ initial ≤ max/);
  });

  it("gives finite gradients when a batch holds identical rows", () => {
    const same = tf.tensor2d([anchors[0], anchors[0], anchors[1]]);
    const grads = tf.grads((a: tf.Tensor, p: tf.Tensor) =>
      infoNceLoss({ anchors: a as tf.Tensor2D, positives: p as tf.Tensor2D }),
    )([same, same]);
    expect(allFinite(grads)).toBe(true);
    tf.dispose([same, ...grads]);
  });

  it("rejects a mask of the wrong shape", () => {
    const inputs = tensors({ anchors, positives });
    expect(() => infoNceLoss({ ...inputs, exclude: [[true]] })).toThrow(/exclusion mask is \[1,1\]/);
    disposeInputs(inputs);
  });
});
