"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect } from "react";
import { buttonClass } from "@/components/ui/styles";

/** The error boundary of every page: says what happened and offers to try again. */
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  const t = useTranslations("Error");
  useEffect(() => {
    console.error(error);
  }, [error]);
  // Server errors reach the browser without their message (it could leak internals), only a digest.
  const digest =
    error instanceof Error && "digest" in error ? String((error as Error & { digest?: string }).digest ?? "") : "";
  const limited = /^COGNATE_RATE_LIMITED:(\d+)$/.exec(digest);
  if (limited) {
    return (
      <div role="alert" className="mx-auto max-w-lg py-16 text-center" data-testid="page-rate-limited">
        <p className="text-sm font-semibold text-amber-600 dark:text-amber-400">{t("slowDown")}</p>
        <h1 className="mt-2 text-3xl font-semibold tracking-tight">{t("tooMany")}</h1>
        <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">{t("wait", { seconds: limited[1] })}</p>
        <div className="mt-8 flex justify-center">
          <button type="button" onClick={() => retry()} className={buttonClass("primary")}>
            {t("retry")}
          </button>
        </div>
      </div>
    );
  }
  return (
    <div role="alert" className="mx-auto max-w-lg py-16 text-center">
      <p className="text-sm font-semibold text-red-600 dark:text-red-400">{t("label")}</p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight">{t("title")}</h1>
      <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">
        {t("text")}
        {digest && (
          <>
            {" "}
            {t.rich("digest", {
              code: () => <code className="rounded bg-zinc-100 px-1 font-mono text-xs dark:bg-zinc-800">{digest}</code>,
            })}
          </>
        )}
        {t("end")}
      </p>
      <div className="mt-8 flex justify-center gap-3">
        <button type="button" onClick={() => retry()} className={buttonClass("primary")}>
          {t("retry")}
        </button>
        <Link href="/" className={buttonClass("secondary")}>
          {t("search")}
        </Link>
      </div>
    </div>
  );
}
