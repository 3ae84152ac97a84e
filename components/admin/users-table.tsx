"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRowActions } from "@/components/auth/use-api-form";
import { Alert } from "@/components/ui/alert";
import { formatDate } from "@/components/ui/format";
import { buttonClass, fieldClass } from "@/components/ui/styles";
import { AdminTableHead } from "@/components/admin/admin-table-head";
import type { UserItem } from "@/components/admin/admin-types";

/** Every account, with its role to change and a Delete button (not for yourself). */
export function UsersTable({ users, selfId }: { users: UserItem[]; selfId: number }) {
  const t = useTranslations("Admin");
  const locale = useLocale();
  const { error, busy, act } = useRowActions();
  const change = (id: number, method: "PATCH" | "DELETE", body?: unknown) =>
    act(id, `/api/v1/users/${id}`, method, body);

  return (
    <div className="space-y-3">
      {error && <Alert tone="error">{error}</Alert>}
      <table className="w-full text-left text-sm" data-testid="users-table">
        <AdminTableHead
          columns={[
            { label: t("email") },
            { label: t("role") },
            { label: t("since"), hideBelow: "sm" },
            { label: t("actions"), srOnly: true },
          ]}
        />
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {users.map((u) => (
            <tr key={u.id} data-testid="user-row">
              <td className="max-w-56 truncate py-2 pr-3 font-medium text-zinc-900 dark:text-zinc-100">{u.email}</td>
              <td className="py-2 pr-3">
                <label className="sr-only" htmlFor={`role-${u.id}`}>
                  {t("roleOf", { email: u.email })}
                </label>
                <select
                  id={`role-${u.id}`}
                  value={u.role}
                  disabled={busy === u.id || u.id === selfId}
                  onChange={(e) => change(u.id, "PATCH", { role: e.target.value })}
                  className={`${fieldClass} w-28 py-1`}
                >
                  <option value="user">{t("user")}</option>
                  <option value="admin">{t("admin")}</option>
                </select>
              </td>
              <td className="py-2 pr-3 text-zinc-500 max-sm:hidden">{formatDate(u.createdAt, locale)}</td>
              <td className="py-2 text-right">
                {u.id !== selfId && (
                  <button
                    type="button"
                    disabled={busy === u.id}
                    onClick={() => window.confirm(t("deleteConfirm", { email: u.email })) && change(u.id, "DELETE")}
                    className={buttonClass("ghost", "px-2 py-1 text-xs text-red-700 dark:text-red-400")}
                  >
                    {t("delete")}
                    <span className="sr-only"> {u.email}</span>
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
