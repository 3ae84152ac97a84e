import type { ScoredId } from "@/lib/index/scored-id";
import { spearman } from "@/lib/train/evaluators/rank-correlation";
import { ndcgAt, reciprocalRankAt, type Judgements } from "@/lib/train/evaluators/retrieval-metrics";
import { topK } from "@/lib/core/top-k";
import type { EvalSets } from "@/lib/train/trainer/eval-sets";
import { Bm25Index } from "@/lib/eval/bm25";
import { chooseFusion, FUSION_CANDIDATES, fuseLists, type FusionChoice } from "@/lib/eval/fusion-choice";
import { rankSparse, sparseCosine, TfIdf } from "@/lib/eval/tfidf";

/** The cut-off of nDCG and MRR on held-out retrieval. */
export const HELD_OUT_CUTOFF = 10;
/** How deep each list goes before fusion: as deep as hybrid search fuses (it fuses at least 50). */
const FUSION_DEPTH = 50;

/** nDCG@10 and MRR@10 averaged over the judged held-out queries. */
export interface RankScores {
  ndcg: number;
  mrr: number;
}

/** Keyword baselines on a split: they need no model. STS values are Spearman of cosine against gold. */
export interface BaselineScores {
  retrieval?: { bm25: RankScores; tfidf: RankScores };
  sts?: { tfidf: number };
}

/** One model on a split: dense retrieval, hybrid with the fusion that suited it best there, and STS. */
export interface ModelScores {
  retrieval?: { dense: RankScores; hybrid: RankScores; fusion: FusionChoice };
  sts?: { dense: number };
}

/** A split made ready to score models on: judgements and keyword lists computed once. */
export interface PreparedSplit {
  sets: EvalSets;
  /** Per query, its relevant corpus rows (as ids "0", "1", …); queries without any are skipped. */
  judged: (Judgements | undefined)[];
  /** Per query, BM25's list over the split's corpus (ids are corpus rows). */
  bm25: ScoredId[][];
  baselines: BaselineScores;
}

/** Embeddings of a split's texts, L2-normalised rows of width `dim`, in the sets' order. */
export interface SplitEmbeddings {
  dim: number;
  queries?: Float32Array;
  corpus?: Float32Array;
  stsA?: Float32Array;
  stsB?: Float32Array;
}

/** Mean nDCG@10 and MRR@10 of per-query rankings (ids best first) over the judged queries. */
export function rankScores(
  rankings: readonly (readonly number[])[],
  judged: readonly (Judgements | undefined)[],
): RankScores {
  let [ndcg, mrr, n] = [0, 0, 0];
  rankings.forEach((ranked, q) => {
    const j = judged[q];
    if (!j) return;
    const ids = ranked.map(String);
    ndcg += ndcgAt(ids, j, HELD_OUT_CUTOFF);
    mrr += reciprocalRankAt(ids, j, HELD_OUT_CUTOFF);
    n++;
  });
  return n ? { ndcg: ndcg / n, mrr: mrr / n } : { ndcg: 0, mrr: 0 };
}

/** Spearman that reads 0 where it is undefined (constant similarities), so it stays a number in JSON. */
function spearmanOrZero(x: number[], gold: number[]): number {
  const r = spearman(x, gold);
  return Number.isFinite(r) ? r : 0;
}

/** Computes the keyword lists and baselines of a held-out split (BM25 and TF-IDF; STS by TF-IDF cosine). Pure. */
export function prepareSplit(sets: EvalSets): PreparedSplit {
  const baselines: BaselineScores = {};
  let judged: (Judgements | undefined)[] = [];
  let bm25: ScoredId[][] = [];
  const r = sets.retrieval;
  if (r) {
    judged = r.relevant.map((rows) => (rows.length ? new Map(rows.map((row) => [String(row), 1])) : undefined));
    const index = new Bm25Index(r.corpus);
    bm25 = r.queries.map((q) => index.search(q, FUSION_DEPTH));
    const tfidf = new TfIdf(r.corpus);
    const docs = r.corpus.map((t) => tfidf.vector(t));
    const tfidfLists = r.queries.map((q) => rankSparse(tfidf.vector(q), docs, HELD_OUT_CUTOFF).map((s) => s.id));
    baselines.retrieval = {
      bm25: rankScores(
        bm25.map((l) => l.map((s) => s.id)),
        judged,
      ),
      tfidf: rankScores(tfidfLists, judged),
    };
  }
  if (sets.sts) {
    const { a, b, gold } = sets.sts;
    const tfidf = new TfIdf([...a, ...b]);
    baselines.sts = {
      tfidf: spearmanOrZero(
        a.map((x, i) => sparseCosine(tfidf.vector(x), tfidf.vector(b[i]))),
        gold,
      ),
    };
  }
  return { sets, judged, bm25, baselines };
}

function rowDot(x: Float32Array, i: number, y: Float32Array, j: number, dim: number): number {
  let s = 0;
  for (let d = 0; d < dim; d++) s += x[i * dim + d] * y[j * dim + d];
  return s;
}

/** Per query, the corpus rows by cosine, best `depth` first. */
function denseLists(queries: Float32Array, corpus: Float32Array, dim: number, depth: number): ScoredId[][] {
  const [nq, nc] = [queries.length / dim, corpus.length / dim];
  return Array.from({ length: nq }, (_, q) => {
    const scores = new Float64Array(nc);
    for (let c = 0; c < nc; c++) scores[c] = rowDot(queries, q, corpus, c, dim);
    return topK(scores, depth).map((id) => ({ id, score: scores[id] }));
  });
}

/**
 * Scores one model's embeddings on a prepared split: dense nDCG@10 / MRR@10, hybrid with the
 * fusion (of {@link FUSION_CANDIDATES}) that gives the best nDCG@10 there, and STS Spearman. Pure.
 */
export function scoreModel(split: PreparedSplit, emb: SplitEmbeddings): ModelScores {
  const out: ModelScores = {};
  if (split.sets.retrieval && emb.queries && emb.corpus) {
    const dense = denseLists(emb.queries, emb.corpus, emb.dim, FUSION_DEPTH);
    const best = chooseFusion(FUSION_CANDIDATES, (choice) => {
      const scores = rankScores(
        dense.map((list, q) => fuseLists({ dense: list, lexical: split.bm25[q] }, choice)),
        split.judged,
      );
      return { ...scores, value: scores.ndcg };
    });
    const { value: _value, ...hybrid } = best.result;
    out.retrieval = {
      dense: rankScores(
        dense.map((l) => l.map((s) => s.id)),
        split.judged,
      ),
      hybrid,
      fusion: best.choice,
    };
  }
  if (split.sets.sts && emb.stsA && emb.stsB) {
    const { gold } = split.sets.sts;
    out.sts = {
      dense: spearmanOrZero(
        gold.map((_, i) => rowDot(emb.stsA!, i, emb.stsB!, i, emb.dim)),
        gold,
      ),
    };
  }
  return out;
}

/**
 * The metric that decides promotion, in the trainer's order (STS first, then retrieval):
 * dense STS Spearman, else dense nDCG@10; undefined when the model was not scored on either.
 */
export function primaryHeldOut(scores: ModelScores): { label: string; value: number } | undefined {
  if (scores.sts) return { label: "STS Spearman", value: scores.sts.dense };
  if (scores.retrieval) return { label: `nDCG@${HELD_OUT_CUTOFF}`, value: scores.retrieval.dense.ndcg };
  return undefined;
}
