import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { appServices } from "@/lib/app-services";
import { getCorpus } from "@/lib/db/queries/corpora";
import { getDocument } from "@/lib/db/queries/documents";
import { detectLanguage } from "@/lib/text/detect-language";
import { routeId } from "@/lib/web/page-params";
import { MetadataList } from "@/components/documents/metadata-list";
import { PassageList } from "@/components/documents/passage-list";
import { ScrollToTarget } from "@/components/documents/scroll-to-target";
import { formatCount, formatDateTime, isoTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { linkClass, surfaceClass } from "@/components/ui/styles";
import { pageAccess, requireCorpusRead } from "@/app/_auth/page-guard";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

/** A language code as a reader of `locale` says it ("zh" → "Chinese (zh)", "中文 (zh)"); "und" is `unknown`. */
function languageName(code: string, locale: string, unknown: string): string {
  if (code === "und") return unknown;
  const name = new Intl.DisplayNames([locale], { type: "language" }).of(code);
  return name && name !== code ? `${name} (${code})` : code;
}

async function load(raw: string) {
  const id = routeId(raw);
  const doc = id === undefined ? undefined : await getDocument(appServices().db, id);
  if (!doc) notFound();
  return doc;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const id = routeId((await params).id);
  const doc = id === undefined ? undefined : await getDocument(appServices().db, id);
  const readable = doc !== undefined && (await (await pageAccess()).canReadCorpus(doc.corpusId));
  return { title: (readable && doc?.title) || (await getTranslations("Document"))("tabTitle") };
}

/** One document: title, corpus, metadata, and its text passage by passage (linkable as #p-{id}). */
export default async function DocumentPage({ params }: Props) {
  const raw = (await params).id;
  const id = routeId(raw);
  const found = id === undefined ? undefined : await getDocument(appServices().db, id);
  // Anonymous visitors get the login page for a private document and a missing one alike.
  await requireCorpusRead(await pageAccess(), found?.corpusId ?? 0, `/documents/${raw}`);
  const doc = await load(raw);
  const corpus = await getCorpus(appServices().db, doc.corpusId);
  const t = await getTranslations("Document");
  const locale = await getLocale();
  return (
    <>
      <ScrollToTarget />
      <Breadcrumbs
        items={[
          { label: t("corpora"), href: "/corpora" },
          { label: corpus?.name ?? t("corpusN", { id: doc.corpusId }), href: `/corpora/${doc.corpusId}` },
        ]}
      />
      <PageHeader
        title={doc.title}
        description={t("summary", { passages: doc.passages.length, chars: formatCount(doc.text.length) })}
      />
      <div className="grid gap-8 lg:grid-cols-[1fr_18rem]">
        <section aria-labelledby="text-heading" className="min-w-0 sm:pl-10">
          <h2 id="text-heading" className="sr-only">
            {t("text")}
          </h2>
          {doc.passages.length ? (
            <PassageList passages={doc.passages} />
          ) : (
            <p className="text-sm whitespace-pre-line">{doc.text}</p>
          )}
        </section>
        <aside aria-labelledby="details-heading" className={`${surfaceClass} h-fit p-5 lg:sticky lg:top-20`}>
          <h2 id="details-heading" className="mb-3 text-sm font-semibold text-zinc-900 dark:text-zinc-100">
            {t("details")}
          </h2>
          <dl className="mb-5 space-y-2 text-sm">
            <div>
              <dt className="text-xs text-zinc-500 dark:text-zinc-400">{t("corpus")}</dt>
              <dd>
                <Link href={`/corpora/${doc.corpusId}`} className={linkClass}>
                  {corpus?.name ?? t("corpusN", { id: doc.corpusId })}
                </Link>
              </dd>
            </div>
            <div>
              <dt className="text-xs text-zinc-500 dark:text-zinc-400">{t("language")}</dt>
              {/* Documents stored before detection have none recorded: detect it for display. */}
              <dd data-testid="document-language">
                {languageName(doc.language ?? detectLanguage(doc.text), locale, t("unknownLanguage"))}
              </dd>
            </div>
            <div>
              <dt className="text-xs text-zinc-500 dark:text-zinc-400">{t("added")}</dt>
              <dd>
                <time dateTime={isoTime(doc.createdAt)}>{formatDateTime(doc.createdAt, locale)}</time>
              </dd>
            </div>
          </dl>
          <h3 className="mb-2 border-t border-zinc-100 pt-4 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:border-zinc-800 dark:text-zinc-400">
            {t("metadata")}
          </h3>
          <MetadataList metadata={doc.metadata} />
          <p className="mt-5 text-xs text-zinc-500 dark:text-zinc-400">
            {t.rich("alsoAs", {
              json: (chunks) => (
                <a href={`/api/v1/documents/${doc.id}`} className={linkClass}>
                  {chunks}
                </a>
              ),
            })}
          </p>
        </aside>
      </div>
    </>
  );
}
