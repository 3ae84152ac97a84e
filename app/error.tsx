"use client";

import Link from "next/link";
import { useEffect } from "react";
import { buttonClass } from "@/components/ui/styles";

/** The error boundary of every page: says what happened and offers to try again. */
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
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
        <p className="text-sm font-semibold text-amber-600 dark:text-amber-400">Slow down</p>
        <h1 className="mt-2 text-3xl font-semibold tracking-tight">Too many pages from your address</h1>
        <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">Wait {limited[1]} s, then try again.</p>
        <div className="mt-8 flex justify-center">
          <button type="button" onClick={() => retry()} className={buttonClass("primary")}>
            Try again
          </button>
        </div>
      </div>
    );
  }
  return (
    <div role="alert" className="mx-auto max-w-lg py-16 text-center">
      <p className="text-sm font-semibold text-red-600 dark:text-red-400">Error</p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight">Something went wrong</h1>
      <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">
        This page could not be shown. Try again; if it keeps failing, the server log has the details
        {digest && (
          <>
            {" "}
            (look for <code className="rounded bg-zinc-100 px-1 font-mono text-xs dark:bg-zinc-800">{digest}</code>)
          </>
        )}
        .
      </p>
      <div className="mt-8 flex justify-center gap-3">
        <button type="button" onClick={() => retry()} className={buttonClass("primary")}>
          Try again
        </button>
        <Link href="/" className={buttonClass("secondary")}>
          Go to search
        </Link>
      </div>
    </div>
  );
}
