import Link from "next/link";
import { useTranslations } from "next-intl";

const EXAMPLES = [
  "why is Venus so hot",
  "sourdough starter",
  "compound interest",
  "coral bleaching",
  "how DNS works",
  "feudal system",
];

/** Shown before the first query: what search does and a few example queries to try. */
export function SearchIntro({ corpusId }: { corpusId?: number }) {
  const t = useTranslations("Search");
  const href = (q: string) => `/?${new URLSearchParams({ q, ...(corpusId ? { corpus: String(corpusId) } : {}) })}`;
  return (
    <section
      aria-labelledby="examples-heading"
      className="rounded-lg border border-dashed border-zinc-300 px-6 py-10 text-center dark:border-zinc-700"
    >
      <h2 id="examples-heading" className="text-base font-medium text-zinc-900 dark:text-zinc-100">
        {t("introTitle")}
      </h2>
      <p className="mx-auto mt-1 max-w-prose text-sm text-zinc-600 dark:text-zinc-400">{t("introText")}</p>
      <ul className="mt-5 flex flex-wrap justify-center gap-2">
        {EXAMPLES.map((q) => (
          <li key={q}>
            <Link
              href={href(q)}
              className="inline-block rounded-full border border-zinc-300 bg-white px-3 py-1 text-sm text-zinc-700 hover:border-accent-400 hover:text-accent-700 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300 dark:hover:border-accent-500 dark:hover:text-accent-300"
            >
              {q}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
