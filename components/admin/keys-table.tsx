"use client";

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
  const { error, busy, act } = useRowActions();

  function revoke(key: KeyItem) {
    if (window.confirm(`Revoke the key "${key.name}"? Programs using it stop working at once.`))
      void act(key.id, `/api/v1/keys/${key.id}`, "DELETE");
  }

  if (keys.length === 0)
    return <EmptyState title="No API keys yet">Create one for each program that calls the API.</EmptyState>;
  return (
    <div className="space-y-3">
      {error && <Alert tone="error">{error}</Alert>}
      <table className="w-full text-left text-sm" data-testid="keys-table">
        <AdminTableHead
          columns={[
            { label: "Name" },
            { label: "Scopes" },
            { label: "State" },
            { label: "Expires", hideBelow: "md" },
            { label: "Last used", hideBelow: "md" },
            { label: "Actions", srOnly: true },
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
                {k.expiresAt ? formatDate(k.expiresAt) : "never"}
              </td>
              <td className="py-2 pr-3 text-zinc-500 max-md:hidden">
                {k.lastUsedAt ? formatDateTime(k.lastUsedAt) : "never"}
              </td>
              <td className="py-2 text-right">
                {k.status === "active" && (
                  <button
                    type="button"
                    disabled={busy === k.id}
                    onClick={() => revoke(k)}
                    className={buttonClass("ghost", "px-2 py-1 text-xs text-red-700 dark:text-red-400")}
                  >
                    Revoke<span className="sr-only"> {k.name}</span>
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
