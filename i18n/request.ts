import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { LOCALE_COOKIE, negotiateLocale } from "@/lib/web/locale";

/** next-intl's per-request configuration: the locale from the switch's cookie or Accept-Language, and its messages. */
export default getRequestConfig(async () => {
  const locale = negotiateLocale((await cookies()).get(LOCALE_COOKIE)?.value, (await headers()).get("accept-language"));
  return {
    locale,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    messages: (await import(`../messages/${locale}.json`)).default,
  };
});
