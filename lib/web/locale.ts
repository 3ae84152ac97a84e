/** The interface languages: English (the default) and Simplified Chinese. API error messages stay English. */
export const LOCALES = ["en", "zh-CN"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";
/** The cookie the header's language switch sets; it wins over the browser's Accept-Language. */
export const LOCALE_COOKIE = "NEXT_LOCALE";

/** A supported locale for a language tag ("zh", "zh-Hans-CN", "zh-SG" → zh-CN; "en-GB" → en), or undefined. */
function supported(tag: string): Locale | undefined {
  const lower = tag.trim().toLowerCase();
  if (
    lower === "zh" ||
    lower.startsWith("zh-cn") ||
    lower.startsWith("zh-hans") ||
    lower === "zh-sg" ||
    lower === "zh-my"
  )
    return "zh-CN";
  if (lower === "en" || lower.startsWith("en-")) return "en";
  return undefined;
}

/**
 * The interface language of a request: the switch's cookie when it names a supported locale,
 * else the first supported language of Accept-Language by quality (ties in the order given),
 * else English. Traditional Chinese (zh-TW, zh-Hant) is not Simplified, so it falls through. Pure.
 */
export function negotiateLocale(cookie: string | undefined, acceptLanguage: string | null | undefined): Locale {
  if (cookie && (LOCALES as readonly string[]).includes(cookie)) return cookie as Locale;
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part, i) => {
      const [tag, ...params] = part.split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag, q: q ? Number(q.slice(2)) || 0 : 1, i };
    })
    .filter((x) => x.tag.trim() && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    const locale = supported(tag);
    if (locale) return locale;
  }
  return DEFAULT_LOCALE;
}
