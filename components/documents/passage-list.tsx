import { useTranslations } from "next-intl";
import type { PassageRow } from "@/lib/db/schema";

/**
 * The document's text passage by passage, plain text only. Each passage has `id="p-{id}"` so search
 * results can link to it; the linked one (`:target`) is highlighted.
 */
export function PassageList({ passages }: { passages: Pick<PassageRow, "id" | "ordinal" | "text">[] }) {
  const t = useTranslations("Document");
  return (
    <ol className="space-y-3">
      {passages.map((p) => (
        <li
          key={p.id}
          id={`p-${p.id}`}
          tabIndex={-1}
          data-testid="passage"
          className="group relative scroll-mt-24 rounded-md border border-zinc-200 bg-white px-4 py-3 text-[15px] leading-relaxed whitespace-pre-line text-zinc-800 transition-colors target:border-accent-400 target:bg-accent-50 target:ring-2 target:ring-accent-300 focus:outline-none dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-200 dark:target:border-accent-600 dark:target:bg-accent-950/50 dark:target:ring-accent-700"
        >
          <a
            href={`#p-${p.id}`}
            aria-label={t("passageLink", { n: p.ordinal + 1 })}
            className="absolute top-3 -left-9 hidden w-7 text-right font-mono text-xs text-zinc-400 opacity-70 group-hover:opacity-100 hover:text-accent-600 focus:opacity-100 sm:block dark:text-zinc-500"
          >
            {p.ordinal + 1}
          </a>
          {p.text}
        </li>
      ))}
    </ol>
  );
}
