"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { fieldClass, labelClass } from "@/components/ui/styles";
import {
  LOSS_CHOICES,
  NEGATIVE_CHOICES,
  SIMILARITY_CHOICES,
  type TrainFormValues,
} from "@/components/training/train-request";

/** Messages by form field; `form` for the ones no field owns. */
export type FormErrors = Partial<Record<keyof TrainFormValues | "form", string>>;

/** A field's error, referenced by the input's `aria-describedby`. */
export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-1 text-xs text-red-700 dark:text-red-400" data-testid="field-error">
      {message}
    </p>
  );
}

/** A labelled field with a hint, or its error once refused. */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <div className="mt-1">{children}</div>
      {hint && !error && <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">{hint}</p>}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** Props of {@link AdvancedFields}. */
export interface AdvancedFieldsProps {
  values: TrainFormValues;
  errors: FormErrors;
  set: <K extends keyof TrainFormValues>(key: K, value: TrainFormValues[K]) => void;
  fieldId: (key: string) => string;
  invalid: (key: keyof TrainFormValues) => Record<string, unknown>;
}

/** The "Advanced" disclosure of the train form: name, loss, similarity, negatives, τ, learning rate, batch size, steps. Opens itself when one of them is refused. */
export function AdvancedFields({ values, errors, set, fieldId: f, invalid }: AdvancedFieldsProps) {
  const t = useTranslations("TrainForm");
  const choice = (key: string, fallback: string) => (t.has(key) ? t(key) : fallback);
  return (
    <details
      className="rounded-md border border-zinc-200 p-4 dark:border-zinc-800"
      open={Object.keys(errors).some((k) => !["form", "customBase", "sources", "pairFile"].includes(k))}
    >
      <summary className="cursor-pointer text-sm font-medium text-zinc-800 dark:text-zinc-200">{t("advanced")}</summary>
      <div className="mt-4 grid gap-4 sm:grid-cols-2">
        <Field id={f("name")} label={t("name")} hint={t("nameHint")} error={errors.name}>
          <input
            id={f("name")}
            className={fieldClass}
            value={values.name}
            onChange={(e) => set("name", e.target.value)}
            {...invalid("name")}
          />
        </Field>
        <Field id={f("loss")} label={t("loss")} error={errors.loss}>
          <select
            id={f("loss")}
            className={fieldClass}
            value={values.loss}
            onChange={(e) => set("loss", e.target.value as TrainFormValues["loss"])}
          >
            {Object.entries(LOSS_CHOICES).map(([v, l]) => (
              <option key={v} value={v}>
                {choice(`lossChoice.${v}`, l)}
              </option>
            ))}
          </select>
        </Field>
        <Field id={f("similarity")} label={t("similarity")} error={errors.similarity}>
          <select
            id={f("similarity")}
            className={fieldClass}
            value={values.similarity}
            onChange={(e) => set("similarity", e.target.value as TrainFormValues["similarity"])}
          >
            {Object.entries(SIMILARITY_CHOICES).map(([v, l]) => (
              <option key={v} value={v}>
                {choice(`similarityChoice.${v}`, l)}
              </option>
            ))}
          </select>
        </Field>
        <Field id={f("negatives")} label={t("negatives")} error={errors.negatives}>
          <select
            id={f("negatives")}
            className={fieldClass}
            value={values.negatives}
            onChange={(e) => set("negatives", e.target.value as TrainFormValues["negatives"])}
          >
            {Object.entries(NEGATIVE_CHOICES).map(([v, l]) => (
              <option key={v} value={v}>
                {choice(`negativeChoice.${v}`, l)}
              </option>
            ))}
          </select>
        </Field>
        <Field id={f("temperature")} label={t("temperature")} hint={t("temperatureHint")} error={errors.temperature}>
          <input
            id={f("temperature")}
            inputMode="decimal"
            className={fieldClass}
            placeholder="0.05"
            value={values.temperature}
            onChange={(e) => set("temperature", e.target.value)}
            {...invalid("temperature")}
          />
        </Field>
        <Field id={f("lr")} label={t("lr")} hint={t("lrHint")} error={errors.lr}>
          <input
            id={f("lr")}
            inputMode="decimal"
            className={fieldClass}
            placeholder={t("automatic")}
            value={values.lr}
            onChange={(e) => set("lr", e.target.value)}
            {...invalid("lr")}
          />
        </Field>
        <Field id={f("batchSize")} label={t("batchSize")} hint={t("batchSizeHint")} error={errors.batchSize}>
          <input
            id={f("batchSize")}
            inputMode="numeric"
            className={fieldClass}
            placeholder="32"
            value={values.batchSize}
            onChange={(e) => set("batchSize", e.target.value)}
            {...invalid("batchSize")}
          />
        </Field>
        <Field id={f("steps")} label={t("steps")} hint={t("stepsHint")} error={errors.steps}>
          <input
            id={f("steps")}
            inputMode="numeric"
            className={fieldClass}
            placeholder={t("automatic")}
            value={values.steps}
            onChange={(e) => set("steps", e.target.value)}
            {...invalid("steps")}
          />
        </Field>
      </div>
    </details>
  );
}
