import type { EvaluationResult, Vector } from "@/lib/train/evaluators/evaluation-result";
import { ndcgAt, recallAt, reciprocalRankAt, type Judgements } from "@/lib/train/evaluators/retrieval-metrics";
import { topK } from "@/lib/core/top-k";
import { unitVector } from "@/lib/core/vector-math";

/** Relevant documents of one query: a set (all relevance 1), or doc id → graded relevance. */
export type QueryJudgements =
  ReadonlySet<string> | ReadonlyMap<string, number> | readonly string[] | Readonly<Record<string, number>>;

/** Embedded texts with their ids, row for row. */
export interface EmbeddedTexts {
  ids: readonly string[];
  /** `[n][dim]` */
  embeddings: readonly Vector[];
}

export interface RetrievalInput {
  queries: EmbeddedTexts;
  corpus: EmbeddedTexts;
  /** Query id → its relevant documents (qrels). Queries with no relevant document are skipped, as BEIR does. */
  relevant: ReadonlyMap<string, QueryJudgements> | Readonly<Record<string, QueryJudgements>>;
}

export interface RetrievalOptions {
  /** Cut-offs for Recall@k. Default 1, 5, 10, 100. */
  recallAt?: readonly number[];
  /** Cut-off for nDCG. Default 10. */
  ndcgAt?: number;
  /** Cut-off for MRR. Default 10. */
  mrrAt?: number;
}

/** Metric names: `ndcg@10`, `mrr@10`, `recall@1`, … (the cut-offs follow the options). */
export type RetrievalMetric = `ndcg@${number}` | `mrr@${number}` | `recall@${number}`;

/**
 * Retrieval evaluation by exact cosine search of every query over the whole corpus:
 * nDCG@k (primary, as in BEIR/MTEB), MRR@k and Recall@k averaged over the judged queries.
 * O(queries × corpus × dim); meant for evaluation sets, not for serving.
 * @throws when no query has a relevant document, or ids and embeddings disagree in number
 */
export function evaluateRetrieval(
  input: RetrievalInput,
  options: RetrievalOptions = {},
): EvaluationResult<RetrievalMetric> {
  const { recallAt: recallCuts = [1, 5, 10, 100], ndcgAt: ndcgCut = 10, mrrAt: mrrCut = 10 } = options;
  checkRows(input.queries, "queries");
  checkRows(input.corpus, "corpus");
  const depth = Math.max(ndcgCut, mrrCut, ...recallCuts);
  const docs = input.corpus.embeddings.map(unitVector);
  const sums = new Map<RetrievalMetric, number>();
  const add = (name: RetrievalMetric, value: number) => sums.set(name, (sums.get(name) ?? 0) + value);
  let judgedQueries = 0;
  input.queries.ids.forEach((qid, q) => {
    const judged = toJudgements(lookup(input.relevant, qid));
    if (![...judged.values()].some((g) => g > 0)) return;
    judgedQueries++;
    const ranked = rankCorpus(unitVector(input.queries.embeddings[q]), docs, depth).map((d) => input.corpus.ids[d]);
    add(`ndcg@${ndcgCut}`, ndcgAt(ranked, judged, ndcgCut));
    add(`mrr@${mrrCut}`, reciprocalRankAt(ranked, judged, mrrCut));
    for (const k of recallCuts) add(`recall@${k}`, recallAt(ranked, judged, k));
  });
  if (judgedQueries === 0) {
    throw new Error(
      "Retrieval evaluation: no query has a relevant document: check that the judgements use the query ids",
    );
  }
  const metrics = {} as Record<RetrievalMetric, number>;
  for (const [name, sum] of sums) metrics[name] = sum / judgedQueries;
  return { primary: `ndcg@${ndcgCut}`, metrics };
}

/** Corpus rows by cosine to the query (all vectors unit length), best `depth` first. */
function rankCorpus(query: Float64Array, docs: readonly Float64Array[], depth: number): number[] {
  const scores = new Float64Array(docs.length);
  for (let d = 0; d < docs.length; d++) {
    const doc = docs[d];
    let s = 0;
    for (let i = 0; i < query.length; i++) s += query[i] * doc[i];
    scores[d] = s;
  }
  return topK(scores, depth);
}

function checkRows(texts: EmbeddedTexts, what: string): void {
  if (texts.ids.length !== texts.embeddings.length) {
    throw new Error(
      `Retrieval evaluation: ${texts.ids.length} ${what} ids but ${texts.embeddings.length} embeddings: give one id per row`,
    );
  }
}

function lookup(relevant: RetrievalInput["relevant"], qid: string): QueryJudgements | undefined {
  if (relevant instanceof Map) return relevant.get(qid);
  return Object.prototype.hasOwnProperty.call(relevant, qid)
    ? (relevant as Record<string, QueryJudgements>)[qid]
    : undefined;
}

/** Any accepted judgement shape as doc id → relevance. */
function toJudgements(given: QueryJudgements | undefined): Judgements {
  if (given === undefined) return new Map();
  if (given instanceof Map) return given;
  if (given instanceof Set || Array.isArray(given))
    return new Map([...(given as Iterable<string>)].map((id) => [id, 1]));
  return new Map(Object.entries(given));
}
