"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { appServices } from "@/lib/app-services";
import { createCorpus, DuplicateCorpusError, getCorpus } from "@/lib/db/queries/corpora";
import { removeCorpus } from "@/lib/jobs/remove-corpus";
import type { CorpusFormState, DeleteCorpusState } from "@/components/corpora/form-states";
import { createCorpusBody } from "@/app/api/v1/corpora/schemas";
import { recordAudit } from "@/lib/db/queries/audit-log";
import { actorLabel } from "@/lib/auth/principal";
import { requireAdminAction } from "@/app/_auth/page-guard";

/**
 * Creates a corpus from the "New corpus" form and opens it; on invalid input returns the
 * messages per field (and the typed values, so the form keeps them without JavaScript too).
 */
export async function createCorpusAction(_prev: CorpusFormState, form: FormData): Promise<CorpusFormState> {
  const { principal } = await requireAdminAction();
  const values = { name: String(form.get("name") ?? ""), description: String(form.get("description") ?? "") };
  const parsed = createCorpusBody.safeParse(values);
  if (!parsed.success) {
    const errors: CorpusFormState["errors"] = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] === "description" ? "description" : "name";
      errors[field] ??= issue.message;
    }
    return { values, errors };
  }
  let id: number;
  try {
    id = (await createCorpus(appServices().db, parsed.data)).id;
    await recordAudit(appServices().db, {
      actor: actorLabel(principal),
      action: "create corpus",
      target: `/corpora/${id}`,
      detail: `created corpus "${parsed.data.name}"`,
    });
  } catch (err) {
    if (err instanceof DuplicateCorpusError) return { values, errors: { name: err.message } };
    throw err;
  }
  revalidatePath("/corpora");
  redirect(`/corpora/${id}`);
}

/** Deletes a corpus once the typed confirmation matches its name, then goes back to the list. */
export async function deleteCorpusAction(
  corpusId: number,
  _prev: DeleteCorpusState,
  form: FormData,
): Promise<DeleteCorpusState> {
  const { principal } = await requireAdminAction();
  const { db } = appServices();
  const gone = { error: "This corpus no longer exists; it may have been deleted already." };
  const corpus = await getCorpus(db, corpusId);
  if (!corpus) return gone;
  if (String(form.get("confirm") ?? "").trim() !== corpus.name) {
    return { error: `Type the corpus name, ${corpus.name}, exactly to confirm.` };
  }
  // Another request may have deleted it since the read above: only the one that deleted it records it.
  if (!(await removeCorpus(db, appServices().cfg, corpusId))) return gone;
  await recordAudit(db, {
    actor: actorLabel(principal),
    action: "delete corpus",
    target: `/corpora/${corpusId}`,
    detail: `deleted corpus "${corpus.name}"`,
  });
  revalidatePath("/corpora");
  revalidatePath("/");
  redirect("/corpora");
}
