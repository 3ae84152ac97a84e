import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { appServices } from "@/lib/app-services";
import { getCorpus } from "@/lib/db/queries/corpora";
import { getModelVersion } from "@/lib/db/queries/model-versions";
import { trainingRunView } from "@/lib/jobs/training-run-view";
import { routeId } from "@/lib/web/page-params";
import { pageAccess, requirePageRole } from "@/app/_auth/page-guard";
import { baseModelLabel, modelDisplayName, sourceSentence } from "@/components/models/model-labels";
import { HeldOutResults } from "@/components/models/held-out-results";
import { recipeLines } from "@/components/models/model-card";
import { RecipeList } from "@/components/models/recipe-list";
import { promotionSentence } from "@/components/models/held-out-summary";
import { PromoteButton } from "@/components/models/promote-button";
import { heldOutReportOf, promotionOf } from "@/lib/eval/held-out-report";
import { TrainingDashboard } from "@/components/training/training-dashboard";
import { PageHeader } from "@/components/ui/page-header";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const id = routeId((await params).id);
  const version =
    id === undefined || !(await pageAccess()).isAdmin ? undefined : await getModelVersion(appServices().db, id);
  const t = await getTranslations("Model");
  return { title: version ? t("tabTitle", { name: modelDisplayName(version.name) }) : t("notFound") };
}

/** "A model fine-tuned on this corpus from hub:…", capitalised, and that the charts are live; in the reader's language. */
async function describe(source: string, baseModel: string): Promise<string> {
  const t = await getTranslations("Model");
  const sources = await getTranslations("ModelSource");
  const key = `sentence.${source}`;
  const sentence = sources.has(key) ? sources(key) : sourceSentence(source);
  const from = source === "scratch" ? "" : t("base", { base: baseModelLabel(baseModel, sources) });
  return t("describe", { model: `${sentence[0].toUpperCase()}${sentence.slice(1)}`, from });
}

/** One model version's training run: a live dashboard of its curves, progress, cancel and resume. */
export default async function ModelTrainingPage({ params }: Props) {
  const raw = (await params).id;
  await requirePageRole("admin", `/models/${raw}`);
  const id = routeId(raw);
  const { db } = appServices();
  const view = id === undefined ? undefined : await trainingRunView(db, id);
  if (!view) notFound();
  const corpus = view.modelVersion.corpusId !== null ? await getCorpus(db, view.modelVersion.corpusId) : undefined;
  const metrics = (await getModelVersion(db, view.modelVersion.id))?.metrics ?? {};
  const report = heldOutReportOf(metrics);
  const promotion = promotionOf(metrics);
  // Admins can make any trained, indexed version serve: a kept one, or a retired one (rollback).
  const canServe =
    !!corpus &&
    corpus.liveModelVersionId !== view.modelVersion.id &&
    (view.modelVersion.status === "ready" || view.modelVersion.status === "retired");
  const t = await getTranslations("Model");
  return (
    <>
      <Breadcrumbs
        items={[
          { label: t("corpora"), href: "/corpora" },
          ...(corpus ? [{ label: corpus.name, href: `/corpora/${corpus.id}#models` }] : []),
          { label: t("version", { id: view.modelVersion.id }) },
        ]}
      />
      <PageHeader
        title={t("title", { name: modelDisplayName(view.modelVersion.name) })}
        description={await describe(view.modelVersion.source, view.modelVersion.baseModel)}
        actions={
          canServe ? <PromoteButton versionId={view.modelVersion.id} status={view.modelVersion.status} /> : undefined
        }
      />
      <TrainingDashboard initial={view} />
      {report ? (
        <HeldOutResults report={report} promotion={promotion} heading={t("heldOut")} />
      ) : (
        promotion && (
          <p className="mt-6 text-sm text-zinc-700 dark:text-zinc-300" data-testid="promotion-reason">
            {promotionSentence(promotion)}
          </p>
        )
      )}
      <div className="mt-6">
        <RecipeList recipe={recipeLines(metrics)} />
      </div>
    </>
  );
}
