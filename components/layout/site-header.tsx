import Link from "next/link";
import { useTranslations } from "next-intl";
import { LogoutButton } from "@/components/auth/logout-button";
import { buttonClass } from "@/components/ui/styles";
import { LanguageSwitch } from "@/components/layout/language-switch";
import { NavLinks } from "@/components/layout/nav-links";

/** Props of {@link SiteHeader}: the logged-in account, or null for an anonymous visitor. */
export interface SiteHeaderProps {
  account: { email: string; role: "admin" | "user" } | null;
}

/** The sticky top bar: product name, main navigation for the viewer's role, who is logged in, and the interface language. */
export function SiteHeader({ account }: SiteHeaderProps) {
  const t = useTranslations("Header");
  return (
    <header className="sticky top-0 z-30 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
      <div className="mx-auto flex h-14 max-w-6xl items-center justify-between gap-4 px-4 sm:px-6">
        <Link
          href="/"
          className="flex items-center gap-2 rounded-md text-base font-semibold tracking-tight text-zinc-900 dark:text-zinc-50"
        >
          <span
            aria-hidden="true"
            className="grid h-7 w-7 place-items-center rounded-md bg-accent-600 text-sm font-bold text-white dark:bg-accent-500"
          >
            C
          </span>
          <span className="max-sm:sr-only">Cognate</span>
        </Link>
        <div className="flex items-center gap-2 sm:gap-4">
          <NavLinks role={account?.role ?? null} />
          {account ? (
            <div
              className="flex items-center gap-1 border-l border-zinc-200 pl-2 sm:pl-4 dark:border-zinc-800"
              data-testid="account-menu"
            >
              <span className="flex min-w-0 items-center gap-1.5 text-xs text-zinc-600 max-md:sr-only dark:text-zinc-400">
                <span className="max-w-44 truncate" title={account.email}>
                  {account.email}
                </span>
                {account.role === "admin" && (
                  <span className="shrink-0 rounded bg-accent-100 px-1.5 py-0.5 font-medium text-accent-800 dark:bg-accent-950 dark:text-accent-200">
                    admin
                  </span>
                )}
              </span>
              <LogoutButton />
            </div>
          ) : (
            <Link href="/login" className={buttonClass("secondary", "px-3 py-1.5 text-xs")}>
              {t("login")}
            </Link>
          )}
          <LanguageSwitch />
        </div>
      </div>
    </header>
  );
}
