import { kmeans } from "@/lib/cluster/kmeans";
import type { Tokenizer } from "@/lib/model/tokenizer/tokenizer";
import type { EvaluationPoint } from "@/lib/train/checkpoint/training-state";
import { evaluateClustering } from "@/lib/train/evaluators/clustering-evaluator";
import { evaluateRetrieval } from "@/lib/train/evaluators/retrieval-evaluator";
import { evaluateSts } from "@/lib/train/evaluators/sts-evaluator";
import { embedTexts, type MatrixEmbedder } from "@/lib/train/trainer/embed-texts";
import type { EvalSets } from "@/lib/train/trainer/eval-sets";

/** Rows of a flat `[n, dim]` array as views. */
function rows(vectors: Float32Array, dim: number): Float32Array[] {
  return Array.from({ length: vectors.length / dim }, (_, i) => vectors.subarray(i * dim, (i + 1) * dim));
}

/** The order in which a metric becomes the primary one: STS, then retrieval, then clustering. */
const PRIMARY_ORDER = ["sts_spearman", "retrieval_ndcg@10", "clustering_nmi"];

/**
 * Evaluates the model being trained on the held-out sets: STS (Spearman, Pearson), retrieval
 * (nDCG@10, MRR@10, recall@1/5/10) and clustering (k-means with k = classes: NMI, ARI).
 * Metric names carry their set as a prefix (`sts_spearman`, `retrieval_mrr@10`, …).
 */
export class TrainingEvaluator {
  constructor(
    readonly sets: EvalSets,
    private readonly tokenizer: Tokenizer,
    private readonly maxLength: number,
    private readonly seed = 0,
  ) {}

  /** Whether there is anything to evaluate. */
  get empty(): boolean {
    return !this.sets.sts && !this.sets.retrieval && !this.sets.clustering;
  }

  async evaluate(engine: MatrixEmbedder, step: number): Promise<EvaluationPoint> {
    const metrics: Record<string, number> = {};
    const embed = async (texts: string[]) => {
      const { vectors, dim } = await embedTexts(engine, this.tokenizer, texts, this.maxLength);
      return rows(vectors, dim);
    };
    const { sts, retrieval, clustering } = this.sets;
    if (sts) {
      const [a, b] = [await embed(sts.a), await embed(sts.b)];
      const r = evaluateSts({ a, b, gold: sts.gold });
      for (const [k, v] of Object.entries(r.metrics)) metrics[`sts_${k}`] = v;
    }
    if (retrieval) {
      const queries = await embed(retrieval.queries);
      const corpus = await embed(retrieval.corpus);
      const relevant = Object.fromEntries(retrieval.relevant.map((docs, q) => [String(q), docs.map(String)]));
      const r = evaluateRetrieval(
        {
          queries: { ids: retrieval.queries.map((_, i) => String(i)), embeddings: queries },
          corpus: { ids: retrieval.corpus.map((_, i) => String(i)), embeddings: corpus },
          relevant,
        },
        { recallAt: [1, 5, 10] },
      );
      for (const [k, v] of Object.entries(r.metrics)) metrics[`retrieval_${k}`] = v;
    }
    if (clustering) {
      const vectors = await embed(clustering.texts);
      const dim = vectors[0].length;
      const flat = new Float32Array(vectors.length * dim);
      vectors.forEach((v, i) => flat.set(v, i * dim));
      const k = new Set(clustering.labels).size;
      const { assignments } = kmeans(flat, dim, { k, seed: this.seed });
      const r = evaluateClustering({ clusters: Array.from(assignments), labels: clustering.labels });
      metrics.clustering_nmi = r.metrics.nmi;
      metrics.clustering_ari = r.metrics.ari;
    }
    const primary = PRIMARY_ORDER.find((name) => name in metrics) ?? Object.keys(metrics)[0];
    return { step, metrics, primary, value: metrics[primary] };
  }
}
