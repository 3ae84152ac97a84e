import { useLocale, useTranslations } from "next-intl";
import type { Upload } from "@/lib/db/schema";
import { formatCount, formatDateTime, formatSize, isoTime } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { surfaceClass } from "@/components/ui/styles";

const th = "px-4 py-2.5 text-left text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400";
const td = "px-4 py-2.5 whitespace-nowrap";

/** A corpus's uploads, newest first: file, format, status and what each stored. */
export function UploadsTable({ uploads }: { uploads: Upload[] }) {
  const t = useTranslations("Corpus");
  const locale = useLocale();
  if (uploads.length === 0) return <p className="text-sm text-zinc-500 dark:text-zinc-400">{t("noUploads")}</p>;
  return (
    <div className={`${surfaceClass} overflow-x-auto`}>
      <table className="min-w-full divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
        <caption className="sr-only">{t("uploads")}</caption>
        <thead className="bg-zinc-50 dark:bg-zinc-900">
          <tr>
            <th scope="col" className={th}>
              {t("file")}
            </th>
            <th scope="col" className={th}>
              {t("format")}
            </th>
            <th scope="col" className={th}>
              {t("status")}
            </th>
            <th scope="col" className={`${th} text-right`}>
              {t("documents")}
            </th>
            <th scope="col" className={`${th} text-right`}>
              {t("passages")}
            </th>
            <th scope="col" className={`${th} text-right`}>
              {t("duplicates")}
            </th>
            <th scope="col" className={th}>
              {t("uploaded")}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {uploads.map((u) => (
            <tr key={u.id} data-testid="upload-row">
              <td className={`${td} max-w-xs truncate font-medium`} title={u.fileName}>
                {u.fileName}
                {u.bytes > 0 && (
                  <span className="ml-2 font-normal text-zinc-500 dark:text-zinc-400">{formatSize(u.bytes)}</span>
                )}
              </td>
              <td className={`${td} font-mono text-xs uppercase`}>{u.format}</td>
              <td className={td}>
                <StatusBadge status={u.status} />
              </td>
              <td className={`${td} text-right tabular-nums`}>{formatCount(u.documentCount)}</td>
              <td className={`${td} text-right tabular-nums`}>{formatCount(u.passageCount)}</td>
              <td className={`${td} text-right tabular-nums`}>{formatCount(u.duplicateCount)}</td>
              <td className={`${td} text-zinc-600 dark:text-zinc-400`}>
                <time dateTime={isoTime(u.createdAt)}>{formatDateTime(u.createdAt, locale)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
