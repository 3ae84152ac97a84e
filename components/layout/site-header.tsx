import Link from "next/link";
import { NavLinks } from "./nav-links";

/** The sticky top bar: product name and main navigation. */
export function SiteHeader() {
  return (
    <header className="sticky top-0 z-30 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
      <div className="mx-auto flex h-14 max-w-6xl items-center justify-between gap-4 px-4 sm:px-6">
        <Link href="/" className="flex items-center gap-2 rounded-md text-base font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">
          <span aria-hidden="true" className="grid h-7 w-7 place-items-center rounded-md bg-accent-600 text-sm font-bold text-white dark:bg-accent-500">
            C
          </span>
          <span className="max-sm:sr-only">Cognate</span>
        </Link>
        <NavLinks />
      </div>
    </header>
  );
}
