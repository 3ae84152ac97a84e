"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { buttonClass, fieldClass, labelClass } from "@/components/ui/styles";
import { sendJson } from "@/components/clusters/post-json";

/** Renames a cluster; an empty name restores the keyword label. The name survives re-runs. */
export function RenameClusterForm({
  corpusId,
  clusterId,
  name,
  label,
}: {
  corpusId: number;
  clusterId: number;
  name: string | null;
  label: string;
}) {
  const router = useRouter();
  const t = useTranslations("Clusters");
  const requests = useTranslations("Requests");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await sendJson(
        `/api/v1/corpora/${corpusId}/clusters/${clusterId}`,
        "PATCH",
        { name: String(new FormData(e.currentTarget).get("name") ?? "") },
        requests,
      );
      router.refresh();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-2">
      <div className="min-w-64 flex-1">
        <label htmlFor="cluster-name" className={labelClass}>
          {t("name")}
        </label>
        <input
          id="cluster-name"
          name="name"
          maxLength={120}
          defaultValue={name ?? ""}
          placeholder={label}
          className={`${fieldClass} mt-1`}
        />
      </div>
      <button type="submit" disabled={busy} className={buttonClass("secondary")}>
        {t("rename")}
      </button>
      {error && (
        <div className="w-full">
          <Alert tone="error">{error}</Alert>
        </div>
      )}
    </form>
  );
}
