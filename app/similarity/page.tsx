import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { appServices } from "@/lib/app-services";
import { listCorpora } from "@/lib/db/queries/corpora";
import { listJobs } from "@/lib/db/queries/jobs";
import { liveModelVersions } from "@/lib/db/queries/model-versions";
import { SimilarityForm, type SimilarityModelOption } from "@/components/similarity/similarity-form";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { linkClass } from "@/components/ui/styles";
import { requirePageRole } from "@/app/_auth/page-guard";

export const dynamic = "force-dynamic";

/** The tab title, in the reader's language. */
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("Similarity"))("title") };
}

const MODEL_JOBS = new Set(["prepare-model", "index", "train"]);

/** Sentence similarity: compare a few texts with a corpus's live model and see the cosine matrix. */
export default async function SimilarityPage() {
  await requirePageRole("user", "/similarity");
  const { db } = appServices();
  const names = new Map((await listCorpora(db)).map((c) => [c.id, c.name]));
  const options: SimilarityModelOption[] = (await liveModelVersions(db))
    .filter((v) => v.corpusId !== null && names.has(v.corpusId))
    .map((v) => ({ corpusId: v.corpusId!, corpusName: names.get(v.corpusId!)!, modelName: v.name, source: v.source }))
    .sort((a, b) => a.corpusName.localeCompare(b.corpusName));
  const preparing =
    options.length === 0 &&
    (await listJobs(db, { limit: 100 })).some(
      (j) => MODEL_JOBS.has(j.type) && (j.status === "queued" || j.status === "running"),
    );

  const t = await getTranslations("Similarity");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      {options.length > 0 ? (
        <SimilarityForm options={options} />
      ) : preparing ? (
        <Alert tone="info" title={t("preparing")} testId="similarity-no-model">
          {t.rich("preparingText", {
            jobs: (chunks) => (
              <Link href="/jobs" className={linkClass}>
                {chunks}
              </Link>
            ),
          })}
        </Alert>
      ) : (
        <Alert tone="warning" title={t("noModel")} testId="similarity-no-model">
          {t.rich("noModelText", {
            jobs: (chunks) => (
              <Link href="/jobs" className={linkClass}>
                {chunks}
              </Link>
            ),
            corpora: (chunks) => (
              <Link href="/corpora" className={linkClass}>
                {chunks}
              </Link>
            ),
          })}
        </Alert>
      )}
    </>
  );
}
