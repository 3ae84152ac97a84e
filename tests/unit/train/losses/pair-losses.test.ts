import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { distanceInfoNceLoss } from "@/lib/train/losses/distance-info-nce-loss";
import { infoNceLoss } from "@/lib/train/losses/info-nce-loss";
import { marginContrastiveLoss } from "@/lib/train/losses/margin-contrastive-loss";
import { tripletLoss } from "@/lib/train/losses/triplet-loss";
import { distanceByName } from "@/lib/train/similarity/distance-measure";
import { similarityByName } from "@/lib/train/similarity/similarity-registry";
import { perturb, randomMatrix, useCpuBackend, valueOf } from "@/tests/unit/train/helpers";

beforeAll(useCpuBackend);

describe("distanceInfoNceLoss", () => {
  const a = randomMatrix(5, 4, 31);
  const p = perturb(a, 0.2, 32);

  it("is InfoNCE with s = −d: e^{−d} in the softmax", () => {
    const [ta, tp] = [tf.tensor2d(a), tf.tensor2d(p)];
    for (const name of ["euclidean", "scaled-squared-l2"]) {
      const viaDistance = valueOf(
        distanceInfoNceLoss({ anchors: ta, positives: tp }, { distance: distanceByName(name), temperature: 0.5 }),
      );
      const viaSimilarity = valueOf(
        infoNceLoss({ anchors: ta, positives: tp }, { similarity: similarityByName(name), temperature: 0.5 }),
      );
      expect(viaDistance).toBeCloseTo(viaSimilarity, 5);
    }
    // Cosine distance 1 − cos: the constant cancels in the softmax.
    const cosineDistance = valueOf(
      distanceInfoNceLoss({ anchors: ta, positives: tp }, { distance: distanceByName("cosine") }),
    );
    expect(cosineDistance).toBeCloseTo(valueOf(infoNceLoss({ anchors: ta, positives: tp })), 4);
    tf.dispose([ta, tp]);
  });

  it("pulls positives closer: hand-computed on one dimension", () => {
    // Anchors 0 and 10, positives 1 and 10: d = [[1, 10], [9, 0]], τ = 1.
    const anchors = tf.tensor2d([[0], [10]]);
    const positives = tf.tensor2d([[1], [10]]);
    const want = (Math.log(Math.exp(-1) + Math.exp(-10)) + 1 + Math.log(Math.exp(-9) + 1)) / 2;
    expect(valueOf(distanceInfoNceLoss({ anchors, positives }, { temperature: 1 }))).toBeCloseTo(want, 4);
    tf.dispose([anchors, positives]);
  });
});

describe("marginContrastiveLoss", () => {
  it("matches ½[y·d² + (1 − y)·max(0, m − d)²] on cosine distance", () => {
    const a = tf.tensor2d([
      [1, 0],
      [1, 0],
      [1, 0],
    ]);
    const b = tf.tensor2d([
      [0.6, 0.8],
      [0.8, 0.6],
      [0, 1],
    ]); // cos 0.6, 0.8, 0 → d 0.4, 0.2, 1
    const value = valueOf(marginContrastiveLoss({ a, b, scores: [1, 0, 0] }, { margin: 0.5 }));
    const want = (0.5 * 0.4 ** 2 + 0.5 * 0.3 ** 2 + 0) / 3;
    expect(value).toBeCloseTo(want, 5);
    tf.dispose([a, b]);
  });
});

describe("tripletLoss", () => {
  it("matches mean max(0, s(a,n) − s(a,p) + margin)", () => {
    const a = tf.tensor2d([
      [1, 0],
      [1, 0],
    ]);
    const p = tf.tensor2d([
      [0.8, 0.6],
      [0, 1],
    ]); // cos 0.8, 0
    const n = tf.tensor2d([
      [0, 1],
      [0.6, 0.8],
    ]); // cos 0, 0.6
    const value = valueOf(tripletLoss({ anchors: a, positives: p, negatives: n }, { margin: 0.5 }));
    expect(value).toBeCloseTo((0 + (0.6 - 0 + 0.5)) / 2, 5);
    tf.dispose([a, p, n]);
  });
});
