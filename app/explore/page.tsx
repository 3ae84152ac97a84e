import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { redirect } from "next/navigation";
import { appServices } from "@/lib/app-services";
import { latestClusterRun } from "@/lib/db/queries/clusters";
import { listCorpora } from "@/lib/db/queries/corpora";
import { pageAccess, readableCorpora } from "@/app/_auth/page-guard";
import { EmptyState } from "@/components/ui/empty-state";
import { formatCount } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { linkClass, surfaceClass } from "@/components/ui/styles";

export const dynamic = "force-dynamic";

/** The tab title, in the reader's language. */
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("Explore"))("title") };
}

/** Entry to the cluster explorer: straight to the only corpus, else a choice of corpora with their cluster counts. */
export default async function ExplorePage() {
  const { db } = appServices();
  const access = await pageAccess();
  const corpora = await readableCorpora(access, await listCorpora(db));
  if (corpora.length === 1) redirect(`/corpora/${corpora[0].id}/clusters`);
  // The latest cluster run of each corpus, read one after another before rendering.
  const runs = new Map<number, Awaited<ReturnType<typeof latestClusterRun>>>();
  for (const c of corpora) runs.set(c.id, await latestClusterRun(db, c.id));
  const t = await getTranslations("Explore");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      {corpora.length === 0 ? (
        <EmptyState title={t("empty")}>
          <Link href="/corpora" className={linkClass}>
            {t("createCorpus")}
          </Link>{" "}
          {t("emptyRest")}
        </EmptyState>
      ) : (
        <ul className={`${surfaceClass} divide-y divide-zinc-100 dark:divide-zinc-800`}>
          {corpora.map((c) => {
            const run = runs.get(c.id);
            return (
              <li key={c.id} className="flex items-center justify-between gap-4 px-4 py-3 text-sm">
                <Link href={`/corpora/${c.id}/clusters`} className={linkClass}>
                  {c.name}
                </Link>
                <span className="text-zinc-500 tabular-nums">
                  {run
                    ? t("clustered", {
                        clusters: formatCount(run.clusterCount),
                        passages: formatCount(run.passageCount),
                      })
                    : t("notClustered")}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
