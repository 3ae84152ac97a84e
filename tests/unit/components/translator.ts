import { type AbstractIntlMessages, createTranslator } from "next-intl";
import type { Translate } from "@/components/ui/translate";
import en from "@/messages/en.json";
import zh from "@/messages/zh-CN.json";

/**
 * A translator for one namespace of the real message files, as a page's `useTranslations(namespace)`
 * gives it, typed loosely like the helpers that take one.
 */
export function translator(locale: "en" | "zh-CN", namespace: string): Translate & { has: (key: string) => boolean } {
  const messages = (locale === "en" ? en : zh) as AbstractIntlMessages;
  const t = createTranslator({ locale, messages, namespace, timeZone: "UTC" });
  return Object.assign((key: string, values?: Record<string, string | number>) => t(key, values as never), {
    has: (key: string) => t.has(key),
  });
}
