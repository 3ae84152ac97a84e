import Link from "next/link";
import { useTranslations } from "next-intl";
import { Fragment } from "react";
import { linkClass } from "@/components/ui/styles";

/** One step of a breadcrumb trail: a link, or, without `href`, the current page. */
export interface Crumb {
  label: string;
  href?: string;
}

/** The trail above a page's header, steps separated by slashes. */
export function Breadcrumbs({ items }: { items: Crumb[] }) {
  const t = useTranslations("Common");
  return (
    <nav aria-label={t("breadcrumb")} className="mb-4 text-sm text-zinc-500 dark:text-zinc-400">
      {items.map((c, i) => (
        <Fragment key={i}>
          {i > 0 && <span aria-hidden="true"> / </span>}
          {c.href ? (
            <Link href={c.href} className={linkClass}>
              {c.label}
            </Link>
          ) : (
            <span aria-current="page">{c.label}</span>
          )}
        </Fragment>
      ))}
    </nav>
  );
}
