/** Plain float64 InfoNCE with cosine similarity, and its gradient by central differences. */

const cos = (x: number[], y: number[]) => {
  let xy = 0;
  let xx = 0;
  let yy = 0;
  x.forEach((v, i) => {
    xy += v * y[i];
    xx += v * v;
    yy += y[i] * y[i];
  });
  return xy / Math.sqrt(xx * yy);
};

/** Mean over rows of −log softmax at the diagonal, leaving out excluded off-diagonal columns. */
function crossEntropy(queries: number[][], candidates: number[][], tau: number, exclude?: boolean[][]): number {
  let total = 0;
  queries.forEach((q, i) => {
    const logits = candidates.map((c) => cos(q, c) / tau).filter((_, j) => j === i || !exclude?.[i]?.[j]);
    const target = cos(q, candidates[i]) / tau;
    const max = Math.max(...logits);
    total += max + Math.log(logits.reduce((s, l) => s + Math.exp(l - max), 0)) - target;
  });
  return total / queries.length;
}

export interface ReferenceInputs {
  anchors: number[][];
  positives: number[][];
  negatives?: number[][];
}

export interface ReferenceOptions {
  tau: number;
  symmetric?: boolean;
  /** `[b][b + negatives]` */
  exclude?: boolean[][];
}

export function infoNceReference(x: ReferenceInputs, o: ReferenceOptions): number {
  const forward = crossEntropy(x.anchors, [...x.positives, ...(x.negatives ?? [])], o.tau, o.exclude);
  if (!o.symmetric) return forward;
  const transposed = o.exclude && x.positives.map((_, j) => x.anchors.map((_, i) => o.exclude![i][j]));
  return (forward + crossEntropy(x.positives, x.anchors, o.tau, transposed)) / 2;
}

/** d loss / d every input value, by central differences (h = 1e-6, float64). */
export function numericGradients(x: ReferenceInputs, o: ReferenceOptions): ReferenceInputs {
  const h = 1e-6;
  const perturbed = (key: keyof ReferenceInputs, i: number, j: number, delta: number): ReferenceInputs => {
    const copy = { ...x, [key]: x[key]!.map((row) => [...row]) };
    copy[key]![i][j] += delta;
    return copy;
  };
  const gradOf = (key: keyof ReferenceInputs) =>
    x[key]?.map((row, i) =>
      row.map(
        (_, j) =>
          (infoNceReference(perturbed(key, i, j, h), o) - infoNceReference(perturbed(key, i, j, -h), o)) / (2 * h),
      ),
    );
  return { anchors: gradOf("anchors")!, positives: gradOf("positives")!, negatives: gradOf("negatives") };
}
