"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FieldError } from "@/components/auth/field-error";
import { buttonClass, fieldClass, labelClass } from "@/components/ui/styles";
import { EMPTY_CORPUS_FORM, type CorpusFormState } from "@/components/corpora/form-states";

/** Props of {@link NewCorpusForm}. */
export interface NewCorpusFormProps {
  /** The server action that validates and creates the corpus. */
  action: (prev: CorpusFormState, form: FormData) => Promise<CorpusFormState>;
}

/** The "New corpus" form: name and description, with the server's messages under each field. */
export function NewCorpusForm({ action }: NewCorpusFormProps) {
  const [state, formAction, pending] = useActionState(action, EMPTY_CORPUS_FORM);
  const t = useTranslations("Corpora");
  return (
    <form action={formAction} noValidate className="space-y-4" aria-describedby="new-corpus-hint">
      <p id="new-corpus-hint" className="text-sm text-zinc-600 dark:text-zinc-400">
        {t("newHint")}
      </p>
      <div>
        <label htmlFor="corpus-name" className={labelClass}>
          {t("name")}
        </label>
        <input
          id="corpus-name"
          name="name"
          required
          maxLength={100}
          defaultValue={state.values.name}
          // A new key after each answer resets the field to the returned value.
          key={`name-${state.values.name}`}
          aria-invalid={state.errors.name ? true : undefined}
          aria-describedby={state.errors.name ? "corpus-name-error" : undefined}
          className={`${fieldClass} mt-1`}
        />
        <FieldError id="corpus-name-error" message={state.errors.name} />
      </div>
      <div>
        <label htmlFor="corpus-description" className={labelClass}>
          {t("descriptionField")} <span className="font-normal text-zinc-500">{t("optional")}</span>
        </label>
        <textarea
          id="corpus-description"
          name="description"
          rows={3}
          maxLength={1000}
          defaultValue={state.values.description}
          key={`description-${state.values.description}`}
          aria-invalid={state.errors.description ? true : undefined}
          aria-describedby={state.errors.description ? "corpus-description-error" : undefined}
          className={`${fieldClass} mt-1`}
        />
        <FieldError id="corpus-description-error" message={state.errors.description} />
      </div>
      <button type="submit" disabled={pending} className={buttonClass("primary", "w-full")}>
        {pending ? t("creating") : t("create")}
      </button>
    </form>
  );
}
