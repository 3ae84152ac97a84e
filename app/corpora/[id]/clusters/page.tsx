import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { appServices } from "@/lib/app-services";
import { clusterExplorer, clusterKeywords } from "@/lib/cluster/cluster-service";
import { getCorpusSummary } from "@/lib/db/queries/corpora";
import { toJobView } from "@/lib/jobs/job-view";
import { routeId } from "@/lib/web/page-params";
import { pageAccess, requireCorpusRead } from "@/app/_auth/page-guard";
import { ClusterJobStatus } from "@/components/clusters/cluster-job-status";
import { ClusterMap } from "@/components/clusters/cluster-map";
import { ClusterTable } from "@/components/clusters/cluster-table";
import { ReclusterForm } from "@/components/clusters/recluster-form";
import { CorpusStats } from "@/components/corpora/corpus-stats";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { buttonClass, linkClass } from "@/components/ui/styles";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const id = routeId((await params).id);
  const name =
    id !== undefined &&
    (await (await pageAccess()).canReadCorpus(id)) &&
    (await getCorpusSummary(appServices().db, id))?.name;
  const t = await getTranslations("Clusters");
  return { title: name ? t("title", { name }) : t("corpusNotFound") };
}

const METHODS = { kmeans: "kmeans", density: "density" } as const;

/** The cluster explorer of a corpus: job status, the map, the cluster list, and re-clustering. */
export default async function ClustersPage({ params }: Props) {
  const raw = (await params).id;
  const id = routeId(raw);
  const access = await pageAccess();
  await requireCorpusRead(access, id ?? 0, `/corpora/${raw}/clusters`);
  const { isAdmin } = access;
  const { db } = appServices();
  const corpus = id === undefined ? undefined : await getCorpusSummary(db, id);
  if (!corpus) notFound();
  const explorer = await clusterExplorer(db, corpus.id);
  const { run, clusters, liveModel: live, runModel: model } = explorer;
  const jobs = explorer.jobs.map(toJobView);
  const settings = explorer.settings ?? {};
  const views = clusters.map((c) => ({
    id: c.clusterId,
    displayName: c.name || c.label,
    x: c.x,
    y: c.y,
    size: c.size,
    keywords: clusterKeywords(c).map((k) => k.term),
  }));
  const t = await getTranslations("Clusters");
  const methodName = (m: string) => (m in METHODS ? t(`method.${m}`) : m);

  return (
    <>
      <Breadcrumbs
        items={[
          { label: t("corpora"), href: "/corpora" },
          { label: corpus.name, href: `/corpora/${corpus.id}` },
          { label: t("clusters") },
        ]}
      />
      <PageHeader
        title={t("title", { name: corpus.name })}
        description={t("description")}
        actions={
          run && (
            <>
              <a
                href={`/api/v1/corpora/${corpus.id}/clusters/export?format=csv`}
                className={buttonClass("secondary")}
                download
              >
                {t("exportCsv")}
              </a>
              <a
                href={`/api/v1/corpora/${corpus.id}/clusters/export?format=json`}
                className={buttonClass("secondary")}
                download
              >
                {t("exportJson")}
              </a>
            </>
          )
        }
      />
      {isAdmin && <ClusterJobStatus corpusId={corpus.id} initial={jobs} />}
      {!live && !run ? (
        <EmptyState title={t("noModel")} testId="clusters-empty">
          {t.rich("noModelText", {
            jobs: (chunks) => (
              <Link href="/jobs" className={linkClass}>
                {chunks}
              </Link>
            ),
          })}
        </EmptyState>
      ) : !run ? (
        <EmptyState title={t("notClustered")} testId="clusters-empty">
          {t("notClusteredText")}
        </EmptyState>
      ) : (
        <>
          <CorpusStats
            stats={[
              { label: t("clusters"), value: run.clusterCount },
              { label: t("passages"), value: run.passageCount },
              {
                label: run.method === "density" ? t("outliers") : t("methodLabel"),
                value: run.method === "density" ? run.outlierCount : methodName(run.method),
              },
              { label: t("silhouette"), value: run.silhouette === null ? t("na") : run.silhouette.toFixed(3) },
            ]}
          />
          <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">
            {t("runNote", { method: methodName(run.method), model: model ? model.name : t("modelGone") })}
          </p>
          <section aria-labelledby="map-heading" className="mt-8">
            <h2 id="map-heading" className="mb-3 text-lg font-semibold">
              {t("map")}
            </h2>
            <ClusterMap corpusId={corpus.id} runId={run.id} clusters={views} />
          </section>
          <section aria-labelledby="clusters-heading" className="mt-10">
            <h2 id="clusters-heading" className="mb-3 text-lg font-semibold">
              {t("clusters")}
            </h2>
            <ClusterTable
              corpusId={corpus.id}
              clusters={views}
              total={run.passageCount}
              outliers={run.outlierCount}
              editable={isAdmin}
            />
          </section>
        </>
      )}
      {live && isAdmin && (
        <section
          aria-labelledby="settings-heading"
          className="mt-10 border-t border-zinc-200 pt-8 dark:border-zinc-800"
        >
          <h2 id="settings-heading" className="mb-4 text-lg font-semibold">
            {t("settings")}
          </h2>
          <ReclusterForm corpusId={corpus.id} defaults={settings} clusterCount={run?.clusterCount ?? 0} />
        </section>
      )}
    </>
  );
}
