import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { appServices } from "@/lib/app-services";
import { latestClusterRun, listClusters } from "@/lib/db/queries/clusters";
import { getCorpusSummary } from "@/lib/db/queries/corpora";
import { listJobs } from "@/lib/db/queries/jobs";
import { getModelVersion, liveModelVersion } from "@/lib/db/queries/model-versions";
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
    id !== undefined && (await pageAccess()).canReadCorpus(id) && getCorpusSummary(appServices().db, id)?.name;
  return { title: name ? `Clusters of ${name}` : "Corpus not found" };
}

const METHODS: Record<string, string> = { kmeans: "k-means", density: "Density (HDBSCAN)" };

/** The cluster explorer of a corpus: job status, the map, the cluster list, and re-clustering. */
export default async function ClustersPage({ params }: Props) {
  const raw = (await params).id;
  const id = routeId(raw);
  const access = await pageAccess();
  requireCorpusRead(access, id ?? 0, `/corpora/${raw}/clusters`);
  const { isAdmin } = access;
  const { db } = appServices();
  const corpus = id === undefined ? undefined : getCorpusSummary(db, id);
  if (!corpus) notFound();
  const run = latestClusterRun(db, corpus.id);
  const clusters = run ? listClusters(db, run.id) : [];
  const jobs = listJobs(db, { corpusId: corpus.id, limit: 50 })
    .filter((j) => j.type === "cluster")
    .map(toJobView);
  const live = liveModelVersion(db, corpus.id);
  const model = run?.modelVersionId ? getModelVersion(db, run.modelVersionId) : undefined;
  const settings = run
    ? (JSON.parse(run.settings) as { method?: string; k?: number; minClusterSize?: number; assignOutliers?: boolean })
    : {};
  const views = clusters.map((c) => ({
    id: c.clusterId,
    displayName: c.name || c.label,
    x: c.x,
    y: c.y,
    size: c.size,
    keywords: (JSON.parse(c.keywords) as { term: string }[]).map((k) => k.term),
  }));

  return (
    <>
      <Breadcrumbs
        items={[
          { label: "Corpora", href: "/corpora" },
          { label: corpus.name, href: `/corpora/${corpus.id}` },
          { label: "Clusters" },
        ]}
      />
      <PageHeader
        title={`Clusters of ${corpus.name}`}
        description="What the corpus is about, without knowing what to search for: passages grouped by meaning, named by their keywords."
        actions={
          run && (
            <>
              <a
                href={`/api/v1/corpora/${corpus.id}/clusters/export?format=csv`}
                className={buttonClass("secondary")}
                download
              >
                Export CSV
              </a>
              <a
                href={`/api/v1/corpora/${corpus.id}/clusters/export?format=json`}
                className={buttonClass("secondary")}
                download
              >
                Export JSON
              </a>
            </>
          )
        }
      />
      {isAdmin && <ClusterJobStatus corpusId={corpus.id} initial={jobs} />}
      {!live && !run ? (
        <EmptyState title="No model yet" testId="clusters-empty">
          Clustering starts by itself once this corpus&apos;s model is ready and its passages are indexed. Follow it on
          the{" "}
          <Link href="/jobs" className={linkClass}>
            jobs page
          </Link>
          .
        </EmptyState>
      ) : !run ? (
        <EmptyState title="Not clustered yet" testId="clusters-empty">
          The first clustering runs after the model has indexed the corpus; its progress shows above.
        </EmptyState>
      ) : (
        <>
          <CorpusStats
            stats={[
              { label: "Clusters", value: run.clusterCount },
              { label: "Passages", value: run.passageCount },
              {
                label: run.method === "density" ? "Outliers" : "Method",
                value: run.method === "density" ? run.outlierCount : METHODS[run.method],
              },
              { label: "Silhouette (cosine)", value: run.silhouette === null ? "n/a" : run.silhouette.toFixed(3) },
            ]}
          />
          <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">
            {METHODS[run.method] ?? run.method} on the embeddings of{" "}
            {model ? model.name : "a model version no longer kept"}; silhouette from −1 to 1, higher means better
            separated clusters.
          </p>
          <section aria-labelledby="map-heading" className="mt-8">
            <h2 id="map-heading" className="mb-3 text-lg font-semibold">
              Map
            </h2>
            <ClusterMap corpusId={corpus.id} runId={run.id} clusters={views} />
          </section>
          <section aria-labelledby="clusters-heading" className="mt-10">
            <h2 id="clusters-heading" className="mb-3 text-lg font-semibold">
              Clusters
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
            Settings
          </h2>
          <ReclusterForm corpusId={corpus.id} defaults={settings} clusterCount={run?.clusterCount ?? 0} />
        </section>
      )}
    </>
  );
}
