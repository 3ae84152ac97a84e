import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { cosentLoss } from "@/lib/train/losses/cosent-loss";
import { distanceInfoNceLoss } from "@/lib/train/losses/distance-info-nce-loss";
import { infoNceLoss } from "@/lib/train/losses/info-nce-loss";
import { LearnableTemperature } from "@/lib/train/losses/learnable-temperature";
import { marginContrastiveLoss } from "@/lib/train/losses/margin-contrastive-loss";
import { tripletLoss } from "@/lib/train/losses/triplet-loss";
import { allFinite, perturb, randomMatrix, roll, useCpuBackend, valueOf } from "@/tests/unit/train/helpers";

beforeAll(useCpuBackend);

const N = 8;
const anchors = randomMatrix(N, 6, 21);
const positives = perturb(anchors, 0.3, 22);
const negatives = randomMatrix(N, 6, 23);
/** Gold: pairs 0–3 are true matches (label 1, score 5), 4–7 random (label 0, score 0–1.5). */
const labels = anchors.map((_, i) => (i < 4 ? 1 : 0));
const partners = anchors.map((_, i) => (i < 4 ? positives[i] : negatives[i]));
const grades = anchors.map((_, i) => (i < 4 ? 5 - i * 0.2 : (i - 4) * 0.5));

/** Each loss as a function of (anchors, second side, third side) tensors. */
type LossOf = (a: tf.Tensor2D, b: tf.Tensor2D, c: tf.Tensor2D) => tf.Scalar;

interface Case {
  name: string;
  loss: LossOf;
  /** [first, second, third] inputs in matched order */
  matched: number[][][];
  /** the same with the pairing broken */
  shuffled: number[][][];
  /** how many of the three inputs the loss reads (tf.grads refuses an unused input) */
  inputs: 2 | 3;
}

const cases: Case[] = [
  {
    name: "InfoNCE",
    loss: (a, b) => infoNceLoss({ anchors: a, positives: b }),
    matched: [anchors, positives, negatives],
    shuffled: [anchors, roll(positives), negatives],
    inputs: 2,
  },
  {
    name: "InfoNCE, symmetric with negatives",
    loss: (a, b, c) => infoNceLoss({ anchors: a, positives: b, negatives: c }, { symmetric: true }),
    matched: [anchors, positives, negatives],
    shuffled: [anchors, roll(positives), negatives],
    inputs: 3,
  },
  {
    name: "distance InfoNCE",
    loss: (a, b, c) => distanceInfoNceLoss({ anchors: a, positives: b, negatives: c }, { temperature: 1 }),
    matched: [anchors, positives, negatives],
    shuffled: [anchors, roll(positives), negatives],
    inputs: 3,
  },
  {
    name: "margin contrastive",
    loss: (a, b) => marginContrastiveLoss({ a, b, scores: labels }),
    matched: [anchors, partners, negatives],
    shuffled: [anchors, roll(partners), negatives],
    inputs: 2,
  },
  {
    name: "triplet",
    loss: (a, b, c) => tripletLoss({ anchors: a, positives: b, negatives: c }),
    matched: [anchors, positives, negatives],
    shuffled: [anchors, roll(positives), negatives],
    inputs: 3,
  },
  {
    name: "CoSENT",
    loss: (a, b) => cosentLoss({ a, b, scores: grades }),
    matched: [anchors, partners, negatives],
    shuffled: [anchors, roll(partners), negatives],
    inputs: 2,
  },
];

function evaluate(c: Case, data: number[][][]): number {
  const t = data.map((m) => tf.tensor2d(m));
  const value = valueOf(c.loss(t[0], t[1], t[2]));
  tf.dispose(t);
  return value;
}

/** Gradients of the loss wrt the inputs it reads. */
function gradients(c: Case, t: tf.Tensor2D[]): tf.Tensor[] {
  const f = (...x: tf.Tensor[]) => c.loss(x[0] as tf.Tensor2D, x[1] as tf.Tensor2D, (x[2] ?? t[2]) as tf.Tensor2D);
  return tf.grads(f)(t.slice(0, c.inputs));
}

describe.each(cases)("$name", (c) => {
  it("is lower for matched pairs than for shuffled ones", () => {
    expect(evaluate(c, c.matched)).toBeLessThan(evaluate(c, c.shuffled));
  });

  it("has finite gradients wrt every input, even with repeated rows", () => {
    const repeated = c.matched.map((m) => [m[0], m[0], ...m.slice(2)]);
    for (const data of [c.matched, repeated, [anchors, anchors, anchors]]) {
      const t = data.map((m) => tf.tensor2d(m));
      const grads = gradients(c, t);
      expect(grads).toHaveLength(c.inputs);
      expect(allFinite(grads)).toBe(true);
      tf.dispose([...t, ...grads]);
    }
  });
});

describe("memory", () => {
  it("no loss leaks tensors over 20 loss + gradient evaluations", () => {
    const t = [anchors, positives, negatives].map((m) => tf.tensor2d(m));
    const temperature = new LearnableTemperature();
    const ids = {
      anchors: anchors.map((_, i) => i),
      positives: anchors.map((_, i) => i % 3),
      negatives: anchors.map((_, i) => i % 4),
    };
    const step = (c: Case) => {
      tf.dispose(gradients(c, t));
      const loss = () =>
        infoNceLoss(
          { anchors: t[0], positives: t[1], negatives: t[2], ids },
          { learnableTemperature: temperature, symmetric: true },
        );
      const { value, grads: vg } = tf.variableGrads(loss, [temperature.variable]);
      tf.dispose([value, ...Object.values(vg)]);
    };
    for (const c of cases) step(c); // warm up kernels and any cached constants
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) for (const c of cases) step(c);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(t);
    temperature.dispose();
  });
});
