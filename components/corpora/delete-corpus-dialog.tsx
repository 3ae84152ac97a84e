"use client";

import { useTranslations } from "next-intl";
import { useActionState, useRef, useState } from "react";
import { FieldError } from "@/components/auth/field-error";
import { buttonClass, fieldClass, labelClass } from "@/components/ui/styles";
import type { DeleteCorpusState } from "@/components/corpora/form-states";

/** Props of {@link DeleteCorpusDialog}. */
export interface DeleteCorpusDialogProps {
  corpusName: string;
  /** Server action bound to the corpus id: deletes it and redirects to /corpora. */
  action: (prev: DeleteCorpusState, form: FormData) => Promise<DeleteCorpusState>;
}

/**
 * "Delete corpus" button and its confirmation dialog, where the name must be typed. A native
 * modal <dialog> keeps focus inside, makes the page behind inert, and closes with Escape.
 */
export function DeleteCorpusDialog({ corpusName, action }: DeleteCorpusDialogProps) {
  const t = useTranslations("Corpus");
  const dialog = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState("");
  const [state, formAction, pending] = useActionState(action, {});
  const close = () => {
    dialog.current?.close();
    setTyped("");
  };
  return (
    <>
      <button type="button" onClick={() => dialog.current?.showModal()} className={buttonClass("dangerOutline")}>
        {t("delete")}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby="delete-title"
        aria-describedby="delete-description"
        onClose={() => setTyped("")}
        className="m-auto w-[calc(100%-2rem)] max-w-md rounded-lg border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-zinc-950/50 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
      >
        <form action={formAction} className="space-y-4 p-6">
          <h2 id="delete-title" className="text-lg font-semibold">
            {t("deleteTitle", { name: corpusName })}
          </h2>
          <p id="delete-description" className="text-sm text-zinc-600 dark:text-zinc-400">
            {t("deleteText")}
          </p>
          <div>
            <label htmlFor="delete-confirm" className={labelClass}>
              {t.rich("deleteConfirm", {
                name: () => <span className="font-mono font-semibold">{corpusName}</span>,
              })}
            </label>
            <input
              id="delete-confirm"
              name="confirm"
              autoComplete="off"
              autoFocus
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              aria-invalid={state.error ? true : undefined}
              aria-describedby={state.error ? "delete-error" : undefined}
              className={`${fieldClass} mt-1`}
            />
            <FieldError id="delete-error" message={state.error} />
          </div>
          <div className="flex justify-end gap-2">
            <button type="button" onClick={close} className={buttonClass("secondary")}>
              {t("cancel")}
            </button>
            <button type="submit" disabled={typed.trim() !== corpusName || pending} className={buttonClass("danger")}>
              {pending ? t("deleting") : t("delete")}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
