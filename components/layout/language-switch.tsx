"use client";

import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { LOCALE_COOKIE, LOCALES, type Locale } from "@/lib/web/locale";

/** Each language named in itself, so a reader finds their own whatever language the page is in. */
const NAMES: Record<Locale, string> = { en: "English", "zh-CN": "简体中文" };

/** The interface language switch: a cookie (a year) that wins over the browser's Accept-Language, then the page re-renders. */
export function LanguageSwitch() {
  const locale = useLocale();
  const t = useTranslations("Header");
  const router = useRouter();
  return (
    <select
      aria-label={t("language")}
      data-testid="language-switch"
      value={locale}
      onChange={(e) => {
        document.cookie = `${LOCALE_COOKIE}=${e.target.value}; path=/; max-age=31536000; samesite=lax`;
        router.refresh();
      }}
      className="rounded-md border border-zinc-200 bg-transparent px-1.5 py-1 text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-400"
    >
      {LOCALES.map((l) => (
        <option key={l} value={l}>
          {NAMES[l]}
        </option>
      ))}
    </select>
  );
}
