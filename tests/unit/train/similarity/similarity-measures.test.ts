import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { distanceByName } from "@/lib/train/similarity/distance-measure";
import { SIMILARITY_NAMES, type SimilarityName } from "@/lib/train/similarity/similarity-measure";
import { similarityByName } from "@/lib/train/similarity/similarity-registry";
import { allFinite, randomMatrix, useCpuBackend } from "@/tests/unit/train/helpers";

beforeAll(useCpuBackend);

const dot = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * y[i], 0);
const sq = (x: number[], y: number[]) => x.reduce((s, v, i) => s + (v - y[i]) ** 2, 0);
const reference: Record<SimilarityName, (x: number[], y: number[]) => number> = {
  cosine: (x, y) => dot(x, y) / Math.sqrt(dot(x, x) * dot(y, y)),
  dot,
  "scaled-squared-l2": (x, y) => -sq(x, y) / x.length,
  euclidean: (x, y) => -Math.sqrt(sq(x, y)),
};

describe("similarity measures", () => {
  const a = randomMatrix(3, 5, 1);
  const b = randomMatrix(4, 5, 2);

  it.each(SIMILARITY_NAMES)("%s: matrix and rowwise match a float64 reference", (name) => {
    const measure = similarityByName(name);
    const [ta, tb] = [tf.tensor2d(a), tf.tensor2d(b)];
    const matrix = measure.matrix(ta, tb);
    expect(matrix.shape).toEqual([3, 4]);
    const got = matrix.arraySync();
    a.forEach((x, i) => b.forEach((y, j) => expect(got[i][j]).toBeCloseTo(reference[name](x, y), 4)));
    const rows = measure.rowwise(ta, tf.tensor2d(b.slice(0, 3)));
    expect(rows.shape).toEqual([3]);
    Array.from(rows.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(reference[name](a[i], b[i]), 4));
    tf.dispose([ta, tb, matrix, rows]);
  });

  it.each(SIMILARITY_NAMES)("%s: finite gradients at identical and zero vectors", (name) => {
    const measure = similarityByName(name);
    const x = tf.tensor2d([
      [1, 2, 3],
      [0, 0, 0],
    ]);
    const y = tf.tensor2d([
      [1, 2, 3],
      [0, 0, 0],
    ]);
    const grads = tf.grads((p: tf.Tensor, q: tf.Tensor) =>
      tf.add(
        tf.sum(measure.matrix(p as tf.Tensor2D, q as tf.Tensor2D)),
        tf.sum(measure.rowwise(p as tf.Tensor2D, q as tf.Tensor2D)),
      ),
    )([x, y]);
    expect(allFinite(grads)).toBe(true);
    const self = measure.rowwise(x, y);
    expect(allFinite([self])).toBe(true);
    tf.dispose([x, y, self, ...grads]);
  });

  it("negative distances are 0 for identical rows and negative otherwise", () => {
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    for (const name of ["euclidean", "scaled-squared-l2"]) {
      const m = similarityByName(name).matrix(x, x).arraySync();
      expect(m[0][0]).toBeCloseTo(0, 5);
      expect(m[0][1]).toBeLessThan(0);
    }
    x.dispose();
  });

  it("names the choices for an unknown similarity, and dot has no distance", () => {
    expect(() => similarityByName("manhattan")).toThrow(/cosine, dot, scaled-squared-l2, euclidean/);
    expect(() => distanceByName("dot")).toThrow(/no distance form/);
  });

  it("cosine distance is 1 − cos; Euclidean distance is −s", () => {
    const x = tf.tensor2d([[1, 0]]);
    const y = tf.tensor2d([[0, 2]]);
    expect(distanceByName("cosine").rowwise(x, y).dataSync()[0]).toBeCloseTo(1, 6);
    expect(distanceByName("euclidean").matrix(x, y).dataSync()[0]).toBeCloseTo(Math.sqrt(5), 5);
    tf.dispose([x, y]);
  });

  it("rejects mismatched shapes with a message", () => {
    const x = tf.zeros([2, 3]) as tf.Tensor2D;
    const y = tf.zeros([2, 4]) as tf.Tensor2D;
    expect(() => similarityByName("cosine").matrix(x, y)).toThrow(/embedding sizes differ/);
    tf.dispose([x, y]);
  });
});
