import type { Metadata } from "next";
import type { ReactNode } from "react";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import { SiteFooter } from "@/components/layout/site-footer";
import { SiteHeader } from "@/components/layout/site-header";
import { pageAccess } from "@/app/_auth/page-guard";
import "@/app/globals.css";

/** The site's title template and description, in the reader's language. */
export async function generateMetadata(): Promise<Metadata> {
  return {
    title: { default: "Cognate", template: "%s · Cognate" },
    description: (await getTranslations("Header"))("siteDescription"),
  };
}

/** The shell of every page: skip link, header with navigation, main content, footer. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const { principal } = await pageAccess();
  const account = principal.kind === "user" ? { email: principal.email, role: principal.role } : null;
  const locale = await getLocale();
  const t = await getTranslations("Header");
  return (
    <html lang={locale}>
      <body className="flex min-h-screen flex-col">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:left-4 focus:top-3 focus:z-50 focus:rounded-md focus:bg-white focus:px-4 focus:py-2 focus:text-sm focus:font-medium focus:text-accent-700 focus:shadow-lg dark:focus:bg-zinc-900 dark:focus:text-accent-300"
        >
          {t("skip")}
        </a>
        {/* Client components (language switch, forms) read their messages from this provider. */}
        <NextIntlClientProvider>
          <SiteHeader account={account} />
          <main
            id="main"
            tabIndex={-1}
            className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 focus:outline-none sm:px-6 sm:py-10"
          >
            {children}
          </main>
        </NextIntlClientProvider>
        <SiteFooter />
      </body>
    </html>
  );
}
