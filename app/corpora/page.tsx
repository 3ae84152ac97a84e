import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { appServices } from "@/lib/app-services";
import { listCorpora } from "@/lib/db/queries/corpora";
import { listJobs } from "@/lib/db/queries/jobs";
import { CorpusCard } from "@/components/corpora/corpus-card";
import { NewCorpusForm } from "@/components/corpora/new-corpus-form";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { surfaceClass } from "@/components/ui/styles";
import { createCorpusAction } from "@/app/corpora/actions";
import { requirePageRole } from "@/app/_auth/page-guard";

export const dynamic = "force-dynamic";

/** The tab title, in the reader's language. */
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("Corpora"))("title") };
}

/** Every corpus with its counts, and the form that creates a new one. */
export default async function CorporaPage() {
  const { isAdmin } = await requirePageRole("user", "/corpora");
  const { db } = appServices();
  const corpora = await listCorpora(db);
  const ingesting = new Set(
    (await listJobs(db, { limit: 200 }))
      .filter((j) => j.type === "ingest" && (j.status === "queued" || j.status === "running"))
      .map((j) => j.corpusId),
  );
  const t = await getTranslations("Corpora");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="grid gap-8 lg:grid-cols-3">
        <section aria-labelledby="corpora-heading" className={isAdmin ? "lg:col-span-2" : "lg:col-span-3"}>
          <h2 id="corpora-heading" className="sr-only">
            {t("all")}
          </h2>
          {corpora.length === 0 ? (
            <EmptyState title={t("empty")}>{isAdmin ? t("emptyAdmin") : t("emptyUser")}</EmptyState>
          ) : (
            <ul className="grid gap-4 sm:grid-cols-2">
              {corpora.map((c) => (
                <CorpusCard key={c.id} corpus={c} ingesting={ingesting.has(c.id)} />
              ))}
            </ul>
          )}
        </section>
        {isAdmin && (
          <section aria-labelledby="new-corpus-heading" className={`${surfaceClass} h-fit p-5`}>
            <h2 id="new-corpus-heading" className="mb-2 text-base font-semibold">
              {t("new")}
            </h2>
            <NewCorpusForm action={createCorpusAction} />
          </section>
        )}
      </div>
    </>
  );
}
