import Link from "next/link";
import { useTranslations } from "next-intl";
import { buttonClass } from "@/components/ui/styles";

/** Shown for unknown URLs and for documents or corpora that do not exist (any more). */
export default function NotFound() {
  const t = useTranslations("NotFound");
  return (
    <div className="mx-auto max-w-lg py-16 text-center">
      <p className="text-sm font-semibold text-accent-600 dark:text-accent-400">404</p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight">{t("title")}</h1>
      <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">{t("text")}</p>
      <div className="mt-8 flex justify-center gap-3">
        <Link href="/" className={buttonClass("primary")}>
          {t("search")}
        </Link>
        <Link href="/corpora" className={buttonClass("secondary")}>
          {t("corpora")}
        </Link>
      </div>
    </div>
  );
}
