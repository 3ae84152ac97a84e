import Link from "next/link";
import { useTranslations } from "next-intl";
import { formatCount } from "@/components/ui/format";
import { surfaceClass } from "@/components/ui/styles";

/** A row of the documents table. */
export interface DocumentListItem {
  id: number;
  title: string;
  passageCount: number;
  length: number;
}

const th = "px-4 py-2.5 text-left text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400";

/** One page of a corpus's documents: title (linking to the document), passages, length. */
export function DocumentsTable({ documents, firstNumber }: { documents: DocumentListItem[]; firstNumber: number }) {
  const t = useTranslations("Corpus");
  return (
    <div className={`${surfaceClass} overflow-x-auto`}>
      <table className="min-w-full divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
        <caption className="sr-only">{t("documents")}</caption>
        <thead className="bg-zinc-50 dark:bg-zinc-900">
          <tr>
            <th scope="col" className={`${th} w-12`}>
              #
            </th>
            <th scope="col" className={th}>
              {t("docTitle")}
            </th>
            <th scope="col" className={`${th} text-right`}>
              {t("passages")}
            </th>
            <th scope="col" className={`${th} text-right`}>
              {t("length")}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {documents.map((d, i) => (
            <tr key={d.id} data-testid="document-row" className="hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
              <td className="px-4 py-2.5 text-zinc-400 tabular-nums dark:text-zinc-500">{firstNumber + i}</td>
              <td className="max-w-md px-4 py-2.5">
                <Link
                  href={`/documents/${d.id}`}
                  className="block truncate font-medium text-accent-700 underline-offset-2 hover:underline dark:text-accent-300"
                >
                  {d.title}
                </Link>
              </td>
              <td className="px-4 py-2.5 text-right tabular-nums">{formatCount(d.passageCount)}</td>
              <td className="px-4 py-2.5 text-right whitespace-nowrap text-zinc-600 tabular-nums dark:text-zinc-400">
                {t("chars", { count: formatCount(d.length) })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
