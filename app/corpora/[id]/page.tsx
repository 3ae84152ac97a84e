import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { appServices } from "@/lib/app-services";
import { baseModelAvailability } from "@/lib/model/store/base-model-availability";
import { getCorpusSummary } from "@/lib/db/queries/corpora";
import { listDocuments } from "@/lib/db/queries/documents";
import { listJobs } from "@/lib/db/queries/jobs";
import { listModelVersions } from "@/lib/db/queries/model-versions";
import { corpusPairShape } from "@/lib/db/queries/training-data";
import { listUploads } from "@/lib/db/queries/uploads";
import { toJobView } from "@/lib/jobs/job-view";
import { pageParam, routeId, type SearchParams } from "@/lib/web/page-params";
import { CorpusStats } from "@/components/corpora/corpus-stats";
import { DeleteCorpusDialog } from "@/components/corpora/delete-corpus-dialog";
import { DocumentsTable } from "@/components/corpora/documents-table";
import { UploadsTable } from "@/components/corpora/uploads-table";
import { ModelVersionsSection } from "@/components/models/model-versions-section";
import { HeldOutResults } from "@/components/models/held-out-results";
import { heldOutReportOf, promotionOf } from "@/lib/eval/held-out-report";
import { UploadPanel } from "@/components/upload/upload-panel";
import { ACCEPT, browserFormats } from "@/lib/ingest/formats/registry";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDate } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { buttonClass, linkClass } from "@/components/ui/styles";
import { deleteCorpusAction } from "@/app/corpora/actions";
import { PublicToggle } from "@/components/corpora/public-toggle";
import { pageAccess, requireCorpusRead } from "@/app/_auth/page-guard";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";

export const dynamic = "force-dynamic";

const PAGE_SIZE = 50;

type Props = { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> };

async function load(raw: string) {
  const id = routeId(raw);
  const corpus = id === undefined ? undefined : await getCorpusSummary(appServices().db, id);
  if (!corpus) notFound();
  return corpus;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const id = routeId((await params).id);
  const readable = id !== undefined && (await (await pageAccess()).canReadCorpus(id));
  return {
    title:
      (readable && (await getCorpusSummary(appServices().db, id))?.name) ||
      (await getTranslations("Corpus"))("tabTitle"),
  };
}

/** One corpus: counts, upload panel with live ingest progress, uploads, its model versions, and its documents page by page. */
export default async function CorpusPage({ params, searchParams }: Props) {
  const raw = (await params).id;
  const access = await pageAccess();
  const rawId = routeId(raw);
  // Anonymous visitors get the login page for a private corpus and a missing one alike.
  await requireCorpusRead(access, rawId ?? 0, `/corpora/${raw}`);
  const corpus = await load(raw);
  const { isAdmin } = access;
  const { db, cfg } = appServices();
  const page = pageParam(await searchParams);
  const { rows, total } = await listDocuments(db, corpus.id, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const uploads = await listUploads(db, corpus.id);
  const jobs = (await listJobs(db, { corpusId: corpus.id, limit: 50 })).map(toJobView);
  const modelVersions = await listModelVersions(db, corpus.id);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  // Held-out results of the serving version, or else of the newest version that has them.
  const evaluated = [...modelVersions.filter((v) => v.id === corpus.liveModelVersionId), ...modelVersions].find((v) =>
    heldOutReportOf(v.metrics),
  );

  const t = await getTranslations("Corpus");
  return (
    <>
      <Breadcrumbs items={[{ label: t("corpora"), href: "/corpora" }, { label: corpus.name }]} />
      <PageHeader
        title={corpus.name}
        description={corpus.description || undefined}
        actions={
          <>
            <Link href={`/?corpus=${corpus.id}`} className={buttonClass("secondary")}>
              {t("search")}
            </Link>
            <Link href={`/corpora/${corpus.id}/clusters`} className={buttonClass("secondary")}>
              {t("explore")}
            </Link>
            {isAdmin && (
              <DeleteCorpusDialog corpusName={corpus.name} action={deleteCorpusAction.bind(null, corpus.id)} />
            )}
          </>
        }
      />
      <CorpusStats
        stats={[
          { label: t("documents"), value: corpus.documentCount },
          { label: t("passages"), value: corpus.passageCount },
          { label: t("uploads"), value: uploads.length },
          { label: t("created"), value: formatDate(corpus.createdAt, await getLocale()) },
        ]}
      />
      {isAdmin && (
        <>
          <div className="mt-6">
            <PublicToggle corpusId={corpus.id} isPublic={corpus.public} />
          </div>
          <div className="mt-8">
            <UploadPanel
              corpusId={corpus.id}
              maxBytes={cfg.maxUploadBytes}
              initialJobs={jobs}
              formats={browserFormats()}
              accept={ACCEPT}
            />
          </div>
        </>
      )}
      <section aria-labelledby="uploads-heading" className="mt-10">
        <h2 id="uploads-heading" className="mb-3 text-lg font-semibold">
          {t("uploads")}
        </h2>
        <UploadsTable uploads={uploads} />
      </section>
      <ModelVersionsSection
        versions={modelVersions}
        liveId={corpus.liveModelVersionId}
        preparing={jobs.some((j) => j.type !== "ingest" && (j.status === "queued" || j.status === "running"))}
        trainedIds={
          new Set(jobs.flatMap((j) => (j.type === "train" && j.modelVersionId !== null ? [j.modelVersionId] : [])))
        }
        train={
          isAdmin
            ? {
                corpusId: corpus.id,
                defaultBase: cfg.baseModel,
                maxPairFileBytes: cfg.maxUploadBytes,
                shape: await corpusPairShape(db, corpus.id),
                baseAvailability: await baseModelAvailability(cfg.baseModel, {
                  storeDir: cfg.modelDir,
                  endpoint: cfg.hfEndpoint,
                }),
              }
            : undefined
        }
      />
      {evaluated && (
        <HeldOutResults
          report={heldOutReportOf(evaluated.metrics)!}
          promotion={promotionOf(evaluated.metrics)}
          heading={t(evaluated.id === corpus.liveModelVersionId ? "heldOutServing" : "heldOut", { id: evaluated.id })}
          id="corpus-held-out-heading"
        />
      )}
      <section id="documents" aria-labelledby="documents-heading" className="mt-10 scroll-mt-20">
        <h2 id="documents-heading" className="mb-3 text-lg font-semibold">
          {t("documents")}
        </h2>
        {total === 0 ? (
          <EmptyState title={t("noDocuments")}>{t("noDocumentsText")}</EmptyState>
        ) : rows.length === 0 ? (
          <EmptyState title={t("emptyPage")}>
            <Link href={`/corpora/${corpus.id}`} className={linkClass}>
              {t("firstPage")}
            </Link>
          </EmptyState>
        ) : (
          <DocumentsTable documents={rows} firstNumber={(page - 1) * PAGE_SIZE + 1} />
        )}
        <Pagination
          page={page}
          hasPrevious={page > 1 && total > 0}
          hasNext={page < pages}
          href={(p) => (p > 1 ? `/corpora/${corpus.id}?page=${p}#documents` : `/corpora/${corpus.id}#documents`)}
          summary={t("pageSummary", { page: Math.min(page, pages), pages, total })}
          label={t("documentPages")}
        />
      </section>
    </>
  );
}
