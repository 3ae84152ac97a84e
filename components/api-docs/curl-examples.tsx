import { useTranslations } from "next-intl";
import { surfaceClass } from "@/components/ui/styles";
import { CopyButton } from "@/components/api-docs/copy-button";

/** A single-quoted shell word, so examples paste safely. */
function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Every example sends an API key from $COGNATE_KEY (create one on /admin). */
const AUTH = `-H "Authorization: Bearer $COGNATE_KEY"`;

function postJson(origin: string, path: string, body: unknown): string {
  return `curl -s -X POST ${origin}${path} ${AUTH} \\\n  -H 'Content-Type: application/json' \\\n  -d ${shellQuote(JSON.stringify(body))}`;
}

/** The ready-to-paste examples for a server at `origin`. */
export function curlExamples(origin: string) {
  return [
    {
      id: "search",
      title: "Search",
      note: "Hybrid search over every corpus (set COGNATE_KEY to an API key with the search scope first); add corpusId to search one, mode=dense or lexical to use one ranking.",
      command: `curl -s ${AUTH} '${origin}/api/v1/search?q=why+is+venus+so+hot&k=5'`,
    },
    {
      id: "similarity",
      title: "Similarity",
      note: "The cosine similarity matrix of the texts, with the live model of corpus 1.",
      command: postJson(origin, "/api/v1/similarity", {
        texts: ["A man plays a guitar.", "Someone plays the guitar.", "Stocks fell."],
        corpusId: 1,
      }),
    },
    {
      id: "embed",
      title: "Embed",
      note: "L2-normalised sentence embeddings, one array per text.",
      command: postJson(origin, "/api/v1/embed", { texts: ["A man is playing a guitar."], corpusId: 1 }),
    },
  ];
}

/** "Try it": curl commands for search, similarity and embed, each with a copy button. */
export function CurlExamples({ origin }: { origin: string }) {
  const t = useTranslations("ApiDocs");
  const text = (key: string, fallback: string) => (t.has(key) ? t(key) : fallback);
  return (
    <div className="space-y-4">
      {curlExamples(origin).map((ex) => (
        <figure
          key={ex.id}
          id={`try-${ex.id}`}
          className={`${surfaceClass} flex min-w-0 flex-col scroll-mt-20`}
          data-testid="curl-example"
        >
          <div className="flex items-center justify-between gap-2 border-b border-zinc-200 px-4 py-2 dark:border-zinc-800">
            <figcaption className="text-sm font-semibold">{text(`curl.${ex.id}.title`, ex.title)}</figcaption>
            <CopyButton
              text={ex.command}
              label={t("exampleOf", { title: text(`curl.${ex.id}.title`, ex.title).toLowerCase() })}
            />
          </div>
          <p className="px-4 pt-3 text-sm text-zinc-600 dark:text-zinc-400">{text(`curl.${ex.id}.note`, ex.note)}</p>
          <pre
            tabIndex={0}
            aria-label={t("commandOf", { title: text(`curl.${ex.id}.title`, ex.title) })}
            className="m-4 mt-2 overflow-x-auto rounded-md bg-zinc-950 p-3 font-mono text-xs leading-relaxed text-zinc-100 dark:bg-black/60"
          >
            <code>{ex.command}</code>
          </pre>
        </figure>
      ))}
    </div>
  );
}
