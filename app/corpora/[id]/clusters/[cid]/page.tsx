import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { appServices } from "@/lib/app-services";
import { clusterDetail, clusterKeywords, findCluster } from "@/lib/cluster/cluster-service";
import type { ClusterPassage } from "@/lib/db/queries/clusters";
import { getCorpusSummary } from "@/lib/db/queries/corpora";
import { pageParam, routeId, type SearchParams } from "@/lib/web/page-params";
import { pageAccess, requireCorpusRead } from "@/app/_auth/page-guard";
import { RenameClusterForm } from "@/components/clusters/rename-cluster-form";
import { CorpusStats } from "@/components/corpora/corpus-stats";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { linkClass, surfaceClass } from "@/components/ui/styles";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";

export const dynamic = "force-dynamic";

const PAGE_SIZE = 50;

type Props = { params: Promise<{ id: string; cid: string }>; searchParams: Promise<SearchParams> };

async function load(rawId: string, rawCid: string) {
  const id = routeId(rawId);
  const { db } = appServices();
  const corpus = id === undefined ? undefined : await getCorpusSummary(db, id);
  const found = corpus && /^-?\d{1,9}$/.test(rawCid) ? await findCluster(db, corpus.id, Number(rawCid)) : undefined;
  if (!corpus || !found) notFound();
  return { corpus, ...found };
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id, cid } = await params;
  const { cluster, corpus } = await load(id, cid);
  const t = await getTranslations("Clusters");
  return { title: `${cluster ? cluster.name || cluster.label : t("outliers")} · ${corpus.name}` };
}

function PassageItem({ p }: { p: ClusterPassage }) {
  return (
    <li data-testid="cluster-member" className="px-4 py-3 text-sm">
      <Link href={`/documents/${p.documentId}#p-${p.passageId}`} className={linkClass}>
        {p.documentTitle}
      </Link>
      <p className="mt-1 text-zinc-700 dark:text-zinc-300">{p.text}</p>
    </li>
  );
}

/** One cluster: name (renamable), keywords, size, the run's silhouette, representative passages and all members page by page. */
export default async function ClusterPage({ params, searchParams }: Props) {
  const { id, cid } = await params;
  const access = await pageAccess();
  await requireCorpusRead(access, routeId(id) ?? 0, `/corpora/${id}/clusters/${cid}`);
  const { corpus, run, clusterId, cluster } = await load(id, cid);
  const { db } = appServices();
  const page = pageParam(await searchParams);
  const {
    members: rows,
    total,
    representatives,
  } = await clusterDetail(db, run, clusterId, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const keywords = cluster ? clusterKeywords(cluster) : [];
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const t = await getTranslations("Clusters");
  const title = cluster ? cluster.name || cluster.label : t("outliers");
  const base = `/corpora/${corpus.id}/clusters/${clusterId}`;

  return (
    <>
      <Breadcrumbs
        items={[
          { label: t("corpora"), href: "/corpora" },
          { label: corpus.name, href: `/corpora/${corpus.id}` },
          { label: t("clusters"), href: `/corpora/${corpus.id}/clusters` },
          { label: title },
        ]}
      />
      <PageHeader
        title={title}
        description={
          cluster ? t("clusterDescription", { id: clusterId, label: cluster.label }) : t("outliersDescription")
        }
      />
      <CorpusStats
        stats={[
          { label: t("passages"), value: total },
          { label: t("share"), value: `${((100 * total) / Math.max(1, run.passageCount)).toFixed(1)}%` },
          { label: t("runSilhouette"), value: run.silhouette === null ? t("na") : run.silhouette.toFixed(3) },
          { label: t("runClusters"), value: run.clusterCount },
        ]}
      />
      {cluster && (
        <div className="mt-6">
          {access.isAdmin && (
            <RenameClusterForm corpusId={corpus.id} clusterId={clusterId} name={cluster.name} label={cluster.label} />
          )}
        </div>
      )}
      {keywords.length > 0 && (
        <section aria-labelledby="keywords-heading" className="mt-8">
          <h2 id="keywords-heading" className="mb-3 text-lg font-semibold">
            {t("keywords")}
          </h2>
          <ul className="flex flex-wrap gap-2" data-testid="cluster-keywords">
            {keywords.map((k) => (
              <li
                key={k.term}
                title={`c-TF-IDF ${k.weight.toFixed(4)}`}
                className="rounded-full border border-zinc-200 bg-white px-3 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
              >
                {k.term}
              </li>
            ))}
          </ul>
        </section>
      )}
      {representatives.length > 0 && (
        <section aria-labelledby="representatives-heading" className="mt-8">
          <h2 id="representatives-heading" className="mb-3 text-lg font-semibold">
            {t("representatives")}
          </h2>
          <ol className={`${surfaceClass} divide-y divide-zinc-100 dark:divide-zinc-800`}>
            {representatives.map((p) => (
              <PassageItem key={p.passageId} p={p} />
            ))}
          </ol>
        </section>
      )}
      <section id="members" aria-labelledby="members-heading" className="mt-8 scroll-mt-20">
        <h2 id="members-heading" className="mb-3 text-lg font-semibold">
          {t("allPassages")}
        </h2>
        {rows.length === 0 ? (
          <EmptyState title={t("emptyPage")}>
            <Link href={base} className={linkClass}>
              {t("firstPage")}
            </Link>
          </EmptyState>
        ) : (
          <ol className={`${surfaceClass} divide-y divide-zinc-100 dark:divide-zinc-800`}>
            {rows.map((p) => (
              <PassageItem key={p.passageId} p={p} />
            ))}
          </ol>
        )}
        <Pagination
          page={page}
          hasPrevious={page > 1 && total > 0}
          hasNext={page < pages}
          href={(p) => (p > 1 ? `${base}?page=${p}#members` : `${base}#members`)}
          summary={t("pageSummary", { page: Math.min(page, pages), pages, total })}
          label={t("passagePages")}
        />
      </section>
    </>
  );
}
