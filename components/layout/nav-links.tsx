"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/", label: "Search", matches: (p: string) => p === "/" || p.startsWith("/documents") },
  { href: "/corpora", label: "Corpora", matches: (p: string) => p.startsWith("/corpora") && !/^\/corpora\/\d+\/clusters/.test(p) },
  { href: "/explore", label: "Explore", matches: (p: string) => p.startsWith("/explore") || /^\/corpora\/\d+\/clusters/.test(p) },
  { href: "/similarity", label: "Similarity", matches: (p: string) => p.startsWith("/similarity") },
  { href: "/jobs", label: "Jobs", matches: (p: string) => p.startsWith("/jobs") },
  { href: "/api-docs", label: "API", matches: (p: string) => p.startsWith("/api-docs") },
];

/** The main navigation; the current section carries aria-current="page" and is underlined. */
export function NavLinks() {
  const pathname = usePathname() ?? "/";
  return (
    <nav aria-label="Main">
      <ul className="flex items-center sm:gap-1">
        {LINKS.map((link) => {
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
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
