"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { apiCall } from "@/components/auth/api-call";
import { Alert } from "@/components/ui/alert";
import { buttonClass, surfaceClass } from "@/components/ui/styles";

/** Admins: whether anyone may search and read this corpus without logging in, with a button to change it. */
export function PublicToggle({ corpusId, isPublic }: { corpusId: number; isPublic: boolean }) {
  const router = useRouter();
  const t = useTranslations("Corpus");
  const requests = useTranslations("Requests");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function toggle() {
    setPending(true);
    setError(null);
    const result = await apiCall(`/api/v1/corpora/${corpusId}`, "PATCH", { public: !isPublic }, requests);
    setPending(false);
    if (!result.ok) setError(result.message);
    router.refresh();
  }

  return (
    <div
      className={`${surfaceClass} flex flex-wrap items-center justify-between gap-3 px-5 py-4`}
      data-testid="public-toggle"
      data-public={isPublic}
    >
      <div>
        <p className="text-sm font-medium">{isPublic ? t("public") : t("private")}</p>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("adminOnly")}</p>
      </div>
      <button
        type="button"
        onClick={toggle}
        disabled={pending}
        aria-pressed={isPublic}
        className={buttonClass("secondary")}
      >
        {pending ? t("saving") : isPublic ? t("makePrivate") : t("makePublic")}
      </button>
      {error && (
        <div className="w-full">
          <Alert tone="error">{error}</Alert>
        </div>
      )}
    </div>
  );
}
