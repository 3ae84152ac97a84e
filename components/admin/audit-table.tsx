import { useLocale, useTranslations } from "next-intl";
import type { AuditEntry } from "@/lib/db/schema";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime, isoTime } from "@/components/ui/format";
import { AdminTableHead } from "@/components/admin/admin-table-head";

/** The newest audit entries: when, who, what, on what, from where. Text only, never HTML. */
export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  const t = useTranslations("Admin");
  const locale = useLocale();
  if (entries.length === 0) return <EmptyState title={t("auditEmpty")}>{t("auditEmptyText")}</EmptyState>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="audit-table">
        <AdminTableHead
          columns={[
            { label: t("when") },
            { label: t("who") },
            { label: t("what") },
            { label: t("from"), hideBelow: "md" },
          ]}
        />
        <tbody className="divide-y divide-zinc-100 align-top dark:divide-zinc-800">
          {entries.map((e) => (
            <tr key={e.id} data-testid="audit-row">
              <td className="whitespace-nowrap py-2 pr-3 text-zinc-500">
                <time dateTime={isoTime(e.createdAt)}>{formatDateTime(e.createdAt, locale)}</time>
              </td>
              <td className="max-w-48 truncate py-2 pr-3" title={e.actor}>
                {e.actor}
              </td>
              <td className="py-2 pr-3">
                <span className="font-mono text-xs">{e.action}</span>
                {e.target && <span className="ml-2 text-xs text-zinc-500">{e.target}</span>}
                {e.detail && <span className="block text-xs text-zinc-600 dark:text-zinc-400">{e.detail}</span>}
              </td>
              <td className="py-2 pr-3 font-mono text-xs text-zinc-500 max-md:hidden">{e.ip}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
