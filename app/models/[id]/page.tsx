import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { appServices } from "@/lib/app-services";
import { getCorpus } from "@/lib/db/queries/corpora";
import { getModelVersion } from "@/lib/db/queries/model-versions";
import { trainingRunView } from "@/lib/jobs/training-run-view";
import { routeId } from "@/lib/web/page-params";
import { pageAccess, requirePageRole } from "../../_auth/page-guard";
import { baseModelLabel, modelDisplayName, sourceSentence } from "@/components/models/model-labels";
import { TrainingDashboard } from "@/components/training/training-dashboard";
import { PageHeader } from "@/components/ui/page-header";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const id = routeId((await params).id);
  const version = id === undefined || !(await pageAccess()).isAdmin ? undefined : getModelVersion(appServices().db, id);
  return { title: version ? `Training · ${modelDisplayName(version.name)}` : "Model not found" };
}

/** "A model fine-tuned on this corpus from hub:…", capitalised, and that the charts are live. */
function describe(source: string, baseModel: string): string {
  const sentence = sourceSentence(source);
  const from = source === "scratch" ? "" : ` (base: ${baseModelLabel(baseModel)})`;
  return `${sentence[0].toUpperCase()}${sentence.slice(1)}${from}. The charts update live while it trains.`;
}

/** One model version's training run: a live dashboard of its curves, progress, cancel and resume. */
export default async function ModelTrainingPage({ params }: Props) {
  const raw = (await params).id;
  await requirePageRole("admin", `/models/${raw}`);
  const id = routeId(raw);
  const { db } = appServices();
  const view = id === undefined ? undefined : trainingRunView(db, id);
  if (!view) notFound();
  const corpus = view.modelVersion.corpusId !== null ? getCorpus(db, view.modelVersion.corpusId) : undefined;
  return (
    <>
      <Breadcrumbs items={[{ label: "Corpora", href: "/corpora" }, ...(corpus ? [{ label: corpus.name, href: `/corpora/${corpus.id}#models` }] : []), { label: `Model version ${view.modelVersion.id}` }]} />
      <PageHeader
        title={`Training: ${modelDisplayName(view.modelVersion.name)}`}
        description={describe(view.modelVersion.source, view.modelVersion.baseModel)}
      />
      <TrainingDashboard initial={view} />
    </>
  );
}
