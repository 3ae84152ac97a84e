import { useTranslations } from "next-intl";
import { modelDisplayName, sourceLabel } from "@/components/models/model-labels";
import { surfaceClass } from "@/components/ui/styles";
import { heatmapStyle, legendGradient, mostSimilarPair } from "@/components/similarity/heatmap-color";

/** The answer of `POST /api/v1/similarity` for a list of texts. */
export interface SimilarityResult {
  model: { name: string; source: string; dim: number };
  texts: string[];
  /** Cosine similarity, `[n, n]`, symmetric, 1 on the diagonal. */
  matrix: number[][];
}

/** A text cut to `max` characters for tight places (the callout); the full text is in the list. */
function short(text: string, max = 90): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

function Legend() {
  const t = useTranslations("Similarity");
  return (
    <figure className="flex items-center gap-3 text-xs text-zinc-600 dark:text-zinc-400" aria-label={t("matrix.scale")}>
      <figcaption className="shrink-0">{t("matrix.cosine")}</figcaption>
      <div className="w-48">
        <div
          aria-hidden="true"
          className="h-3 rounded-sm ring-1 ring-zinc-200 ring-inset dark:ring-zinc-700"
          style={{ background: legendGradient }}
        />
        <div aria-hidden="true" className="mt-1 flex justify-between font-mono tabular-nums">
          <span>−1</span>
          <span>0</span>
          <span>1</span>
        </div>
      </div>
    </figure>
  );
}

const BEST_RING =
  "ring-2 ring-accent-500 ring-offset-1 ring-offset-white dark:ring-accent-300 dark:ring-offset-zinc-900";

/** One cell: coloured by its cosine; the diagonal (a text with itself) is drawn neutral, the best pair ringed. */
function Cell({ value, i, j, best }: { value: number; i: number; j: number; best: boolean }) {
  const t = useTranslations("Similarity");
  const self = i === j;
  return (
    <td
      data-testid="similarity-cell"
      data-value={value}
      title={self ? t("matrix.self", { n: i + 1 }) : t("matrix.pair", { a: i + 1, b: j + 1, value: value.toFixed(4) })}
      style={self ? undefined : heatmapStyle(value)}
      className={`h-12 w-16 rounded-md text-center font-mono text-sm tabular-nums ${self ? "bg-zinc-100 text-zinc-400 dark:bg-zinc-800 dark:text-zinc-500" : ""} ${best ? BEST_RING : ""}`}
    >
      {value.toFixed(2)}
    </td>
  );
}

/**
 * The similarity matrix as a heatmap table: numbered texts on both axes (the full text in a
 * tooltip and in the numbered list below), each cell coloured by its cosine and printed with
 * two decimals; above it, the most similar pair and the model that answered.
 */
export function SimilarityMatrix({ result }: { result: SimilarityResult }) {
  const { model, texts, matrix } = result;
  const best = mostSimilarPair(matrix);
  const t = useTranslations("Similarity");
  const sources = useTranslations("ModelSource");
  return (
    <section aria-labelledby="similarity-result-heading" className="mt-8 space-y-5" data-testid="similarity-result">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="similarity-result-heading" className="text-lg font-semibold">
            {t("matrix.result")}
          </h2>
          <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400" data-testid="similarity-model">
            {t.rich("matrix.answeredBy", {
              source: sources.has(`short.${model.source}`)
                ? sources(`short.${model.source}`)
                : sourceLabel(model.source),
              dim: model.dim,
              model: () => (
                <span className="font-medium text-zinc-700 dark:text-zinc-300" title={model.name}>
                  {modelDisplayName(model.name)}
                </span>
              ),
            })}
          </p>
        </div>
        <Legend />
      </div>

      {best && (
        <p
          className="rounded-md border border-accent-200 bg-accent-50 px-4 py-3 text-sm text-accent-950 dark:border-accent-800 dark:bg-accent-950/60 dark:text-accent-50"
          data-testid="similarity-best"
        >
          {t.rich("matrix.best", {
            a: best.i + 1,
            b: best.j + 1,
            value: best.value.toFixed(2),
            strong: (chunks) => <strong className="font-semibold">{chunks}</strong>,
            num: (chunks) => <span className="font-mono font-semibold tabular-nums">{chunks}</span>,
          })}
          <span className="mt-1 block text-xs text-accent-800 dark:text-accent-200">
            “{short(texts[best.i])}” · “{short(texts[best.j])}”
          </span>
        </p>
      )}

      <div className={`${surfaceClass} overflow-x-auto p-4`}>
        <table data-testid="similarity-matrix" className="mx-auto border-separate border-spacing-1 text-sm">
          <caption className="sr-only">{t("matrix.caption")}</caption>
          <thead>
            <tr>
              <td />
              {texts.map((text, j) => (
                <th
                  key={j}
                  scope="col"
                  title={text}
                  className="w-16 pb-1 text-center text-xs font-medium text-zinc-500 dark:text-zinc-400"
                >
                  <span className="sr-only">{t("matrix.textPrefix")} </span>
                  {j + 1}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.map((row, i) => (
              <tr key={i}>
                <th
                  scope="row"
                  title={texts[i]}
                  className="pr-2 text-right text-xs font-medium text-zinc-500 dark:text-zinc-400"
                >
                  <span className="sr-only">{t("matrix.textPrefix")} </span>
                  {i + 1}
                </th>
                {row.map((value, j) => (
                  <Cell
                    key={j}
                    value={value}
                    i={i}
                    j={j}
                    best={best !== null && ((i === best.i && j === best.j) || (i === best.j && j === best.i))}
                  />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <ol className="space-y-1.5 text-sm text-zinc-700 dark:text-zinc-300" aria-label={t("matrix.compared")}>
        {texts.map((text, i) => (
          <li key={i} className="flex gap-3">
            <span className="w-6 shrink-0 text-right font-mono text-xs leading-5 text-zinc-500 tabular-nums dark:text-zinc-400">
              {i + 1}.
            </span>
            <span className="min-w-0 break-words">{text}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
