"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRowActions } from "@/components/auth/use-api-form";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDate, formatDateTime } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { buttonClass } from "@/components/ui/styles";
import { AdminTableHead } from "@/components/admin/admin-table-head";
import type { KeyItem } from "@/components/admin/admin-types";

/** Every API key (prefix, scopes, state, expiry, last use) with Revoke for active ones. */
export function KeysTable({ keys }: { keys: KeyItem[] }) {
  const t = useTranslations("Admin");
  const locale = useLocale();
  const { error, busy, act } = useRowActions();

  function revoke(key: KeyItem) {
    if (window.confirm(t("revokeConfirm", { name: key.name }))) void act(key.id, `/api/v1/keys/${key.id}`, "DELETE");
  }

  if (keys.length === 0) return <EmptyState title={t("keysEmpty")}>{t("keysEmptyText")}</EmptyState>;
  return (
    <div className="space-y-3">
      {error && <Alert tone="error">{error}</Alert>}
      <table className="w-full text-left text-sm" data-testid="keys-table">
        <AdminTableHead
          columns={[
            { label: t("name") },
            { label: t("scopes") },
            { label: t("state") },
            { label: t("expires"), hideBelow: "md" },
            { label: t("lastUsed"), hideBelow: "md" },
            { label: t("actions"), srOnly: true },
          ]}
        />
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {keys.map((k) => (
            <tr key={k.id} data-testid="key-row" data-status={k.status}>
              <td className="py-2 pr-3">
                <span className="font-medium text-zinc-900 dark:text-zinc-100">{k.name}</span>
                <span className="block font-mono text-xs text-zinc-500">cgk_{k.prefix}_…</span>
              </td>
              <td className="py-2 pr-3 text-xs">{k.scopes.join(", ")}</td>
              <td className="py-2 pr-3">
                <StatusBadge status={k.status} />
              </td>
              <td className="py-2 pr-3 text-zinc-500 max-md:hidden">
                {k.expiresAt ? formatDate(k.expiresAt, locale) : t("never")}
              </td>
              <td className="py-2 pr-3 text-zinc-500 max-md:hidden">
                {k.lastUsedAt ? formatDateTime(k.lastUsedAt, locale) : t("never")}
              </td>
              <td className="py-2 text-right">
                {k.status === "active" && (
                  <button
                    type="button"
                    disabled={busy === k.id}
                    onClick={() => revoke(k)}
                    className={buttonClass("ghost", "px-2 py-1 text-xs text-red-700 dark:text-red-400")}
                  >
                    {t("revoke")}
                    <span className="sr-only"> {k.name}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
