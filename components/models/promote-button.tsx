"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { buttonClass } from "@/components/ui/styles";

/**
 * Makes a ready or retired version serve its corpus by hand (POST /api/v1/models/{id}/promote),
 * then reloads the page: "Serve this version" for one that was kept, "Roll back to this version"
 * for one that served before.
 */
export function PromoteButton({ versionId, status }: { versionId: number; status: string }) {
  const router = useRouter();
  const t = useTranslations("Model");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const label = status === "retired" ? t("rollBack") : t("serve");

  async function promote() {
    setBusy(true);
    setMessage(null);
    try {
      const res = await fetch(`/api/v1/models/${versionId}/promote`, { method: "POST" });
      const body = await res.json().catch(() => null);
      if (!res.ok) throw new Error(body?.error?.message ?? t("serverAnswered", { status: res.status }));
      setMessage({
        error: false,
        text: body.outcome === "indexing" ? t("servesSoon") : t("servesNow"),
      });
      router.refresh();
    } catch (err) {
      setMessage({
        error: true,
        text: t("switchFailed", { message: err instanceof Error ? err.message : String(err) }),
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="flex flex-col items-start gap-1">
      <button
        type="button"
        className={buttonClass("secondary")}
        disabled={busy}
        onClick={promote}
        data-testid="promote-version"
      >
        {busy ? t("switching") : label}
      </button>
      {message && (
        <p
          role={message.error ? "alert" : "status"}
          className={`text-sm ${message.error ? "text-red-700 dark:text-red-400" : "text-zinc-600 dark:text-zinc-400"}`}
        >
          {message.text}
        </p>
      )}
    </div>
  );
}
