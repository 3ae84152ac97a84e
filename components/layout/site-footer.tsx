import Link from "next/link";
import { useTranslations } from "next-intl";

/** The footer line under every page. */
export function SiteFooter() {
  const t = useTranslations("Footer");
  return (
    <footer className="border-t border-zinc-200 dark:border-zinc-800">
      <div className="mx-auto flex max-w-6xl flex-col gap-1 px-4 py-6 text-xs text-zinc-500 sm:flex-row sm:justify-between sm:px-6 dark:text-zinc-500">
        <p>{t("tagline")}</p>
        <p>
          {t("apiAt")} <code className="font-mono">/api/v1</code>
          <span aria-hidden="true"> · </span>
          <Link
            href="/api-docs"
            className="underline decoration-zinc-300 underline-offset-2 hover:text-zinc-700 dark:decoration-zinc-700 dark:hover:text-zinc-300"
          >
            {t("docs")}
          </Link>
        </p>
      </div>
    </footer>
  );
}
