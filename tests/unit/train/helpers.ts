import * as tf from "@tensorflow/tfjs";
import { seededRandom } from "@/lib/core/random";

/** The plain CPU backend: exact enough and small tensors only. */
export async function useCpuBackend(): Promise<void> {
  await tf.setBackend("cpu");
  await tf.ready();
}

/** A `[rows][cols]` matrix of standard normal draws (Box–Muller over a seeded PRNG). */
export function randomMatrix(rows: number, cols: number, seed: number): number[][] {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: rows }, () => Array.from({ length: cols }, normal));
}

/** `m + scale · noise`: a "positive" close to each row of `m`. */
export function perturb(m: number[][], scale: number, seed: number): number[][] {
  const noise = randomMatrix(m.length, m[0].length, seed);
  return m.map((row, i) => row.map((x, j) => x + scale * noise[i][j]));
}

/** Rows shifted by one, so that row i is paired with row i + 1's partner: a shuffled batch. */
export function roll<T>(rows: readonly T[]): T[] {
  return [...rows.slice(1), rows[0]];
}

/** The scalar's value, disposing it. */
export function valueOf(t: tf.Tensor): number {
  const v = t.dataSync()[0];
  t.dispose();
  return v;
}

/** Every value of the tensors is finite. */
export function allFinite(tensors: readonly tf.Tensor[]): boolean {
  return tensors.every((t) => Array.from(t.dataSync()).every(Number.isFinite));
}
