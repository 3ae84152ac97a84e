"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";

/** Who sees a link: everyone, logged-in accounts, or admins. */
type Audience = "all" | "user" | "admin";

const CLUSTERS = /^\/corpora\/\d+\/clusters/;
const LINKS: {
  href: string;
  label: "search" | "corpora" | "explore" | "similarity" | "jobs" | "admin" | "api";
  audience: Audience;
  matches: (p: string) => boolean;
}[] = [
  { href: "/", label: "search", audience: "all", matches: (p: string) => p === "/" || p.startsWith("/documents") },
  {
    href: "/corpora",
    label: "corpora",
    audience: "user",
    matches: (p: string) => p.startsWith("/corpora") && !CLUSTERS.test(p),
  },
  {
    href: "/explore",
    label: "explore",
    audience: "user",
    matches: (p: string) => p.startsWith("/explore") || CLUSTERS.test(p),
  },
  { href: "/similarity", label: "similarity", audience: "user", matches: (p: string) => p.startsWith("/similarity") },
  { href: "/jobs", label: "jobs", audience: "admin", matches: (p: string) => p.startsWith("/jobs") },
  { href: "/admin", label: "admin", audience: "admin", matches: (p: string) => p.startsWith("/admin") },
  { href: "/api-docs", label: "api", audience: "all", matches: (p: string) => p.startsWith("/api-docs") },
];

/** The main navigation for the viewer's role; the current section carries aria-current="page" and is underlined. */
export function NavLinks({ role }: { role: "admin" | "user" | null }) {
  const pathname = usePathname() ?? "/";
  const t = useTranslations("Header");
  const visible = LINKS.filter(
    (l) =>
      l.audience === "all" || (l.audience === "user" && role !== null) || (l.audience === "admin" && role === "admin"),
  );
  return (
    <nav aria-label={t("nav")}>
      <ul className="flex items-center sm:gap-1">
        {visible.map((link) => {
          const current = link.matches(pathname);
          return (
            <li key={link.href}>
              <Link
                href={link.href}
                aria-current={current ? "page" : undefined}
                className={`relative rounded-md px-2 py-2 text-sm sm:px-3 font-medium transition-colors ${
                  current
                    ? "text-accent-700 after:absolute after:inset-x-2 sm:after:inset-x-3 after:-bottom-[13px] after:h-0.5 after:rounded-full after:bg-accent-600 dark:text-accent-300 dark:after:bg-accent-400"
                    : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
                }`}
              >
                {t(link.label)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
