"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useId, useState, type ChangeEvent, type FormEvent } from "react";
import type { BaseModelAvailability } from "@/lib/model/store/base-model-availability";
import { Alert } from "@/components/ui/alert";
import { buttonClass, fieldClass, labelClass } from "@/components/ui/styles";
import { AdvancedFields, Field, FieldError, type FormErrors as Errors } from "@/components/training/train-form-fields";
import {
  fieldOfPath,
  initialTrainForm,
  SOURCE_CHOICES,
  trainRequestBody,
  type TrainFormValues,
} from "@/components/training/train-request";

/** Props of {@link TrainForm}. */
export interface TrainFormProps {
  corpusId: number;
  /** The configured base model (`COGNATE_BASE_MODEL`). */
  defaultBase: string;
  /** Largest pair file accepted, in bytes. */
  maxPairFileBytes: number;
  /** What the corpus offers the structural sources, for the hints beside them. */
  shape?: { documents: number; multiPassage: number };
  /** Whether the configured base can run here now; when it cannot, the form starts on scratch and says why. */
  baseAvailability?: BaseModelAvailability;
}

function sourceHint(
  value: string,
  hint: string,
  shape: TrainFormProps["shape"],
  several: (counts: { multi: number; documents: number }) => string,
): string {
  if (!shape || value !== "neighbours") return hint;
  return `${hint}: ${several({ multi: shape.multiPassage, documents: shape.documents })}`;
}

/**
 * "Train a model" on a corpus: base model, pair sources (automatic, chosen, or an uploaded pair
 * file) and, behind "Advanced", loss, similarity, negatives, temperature, learning rate, batch
 * size and steps. Untouched, it trains with the defaults. On success it opens the run's dashboard.
 */
export function TrainForm({ corpusId, defaultBase, maxPairFileBytes, shape, baseAvailability }: TrainFormProps) {
  const id = useId();
  const router = useRouter();
  const t = useTranslations("TrainForm");
  const choice = (key: string, fallback: string) => (t.has(key) ? t(key) : fallback);
  const [values, setValues] = useState<TrainFormValues>(() => initialTrainForm(baseAvailability));
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof TrainFormValues>(key: K, value: TrainFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const invalid = (key: keyof TrainFormValues) =>
    errors[key] ? { "aria-invalid": true, "aria-describedby": `${id}-${key}-error` } : {};

  async function readPairFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    setErrors((x) => ({ ...x, pairFile: undefined }));
    if (!file) return set("pairFile", null);
    if (file.size > maxPairFileBytes) {
      setErrors((x) => ({
        ...x,
        pairFile: t("pairFileTooLarge", { name: file.name, mib: Math.round(maxPairFileBytes / 1048576) }),
      }));
      return set("pairFile", null);
    }
    set("pairFile", { name: file.name, content: await file.text() });
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setErrors({});
    try {
      const res = await fetch(`/api/v1/corpora/${corpusId}/train`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(trainRequestBody(values)),
      });
      const body = await res.json().catch(() => null);
      if (!res.ok) {
        const next: Errors = {};
        for (const d of (body?.error?.details as { path: string; message: string }[] | undefined) ?? [])
          next[fieldOfPath(d.path)] ??= d.message;
        if (Object.keys(next).length === 0 || next.form)
          next.form = body?.error?.message ?? t("serverAnswered", { status: res.status });
        setErrors(next);
        return;
      }
      router.push(`/models/${body.modelVersion.id}`);
    } catch (err) {
      setErrors({ form: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  }

  const f = (key: string) => `${id}-${key}`;
  return (
    <form
      onSubmit={submit}
      noValidate
      className="space-y-5"
      data-testid="train-form"
      aria-describedby={errors.form ? f("form-error") : undefined}
    >
      <fieldset>
        <legend className={labelClass}>{t("baseModel")}</legend>
        {baseAvailability && (
          <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400" role="note" data-testid="base-model-note">
            {baseAvailability.reason}
          </p>
        )}
        <div className="mt-2 space-y-2 text-sm">
          {(
            [
              [
                "default",
                <>
                  {t("configuredBase")} <span className="font-mono text-xs">{defaultBase}</span>
                </>,
              ],
              ["scratch", <>{t("fromScratch")}</>],
              [
                "custom",
                <>
                  {t.rich("another", {
                    hub: () => <span className="font-mono text-xs">hub:ID</span>,
                    dir: () => <span className="font-mono text-xs">dir:PATH</span>,
                  })}
                </>,
              ],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="flex items-start gap-2">
              <input
                type="radio"
                name={f("base")}
                value={value}
                checked={values.base === value}
                onChange={() => set("base", value)}
                className="mt-1"
              />
              <span>{label}</span>
            </label>
          ))}
          {values.base === "custom" && (
            <div className="pl-6">
              <input
                id={f("customBase")}
                aria-label={t("baseSpec")}
                className={fieldClass}
                placeholder="hub:sentence-transformers/all-MiniLM-L6-v2"
                value={values.customBase}
                onChange={(e) => set("customBase", e.target.value)}
                {...invalid("customBase")}
              />
              <FieldError id={f("customBase-error")} message={errors.customBase} />
            </div>
          )}
        </div>
      </fieldset>

      <fieldset>
        <legend className={labelClass}>{t("pairSources")}</legend>
        <div className="mt-2 space-y-2 text-sm">
          <label className="flex items-start gap-2">
            <input
              type="radio"
              name={f("sourceMode")}
              checked={values.sourceMode === "auto"}
              onChange={() => set("sourceMode", "auto")}
              className="mt-1"
            />
            <span>{t("sourcesAuto")}</span>
          </label>
          <label className="flex items-start gap-2">
            <input
              type="radio"
              name={f("sourceMode")}
              checked={values.sourceMode === "choose"}
              onChange={() => set("sourceMode", "choose")}
              className="mt-1"
            />
            <span>{t("choose")}</span>
          </label>
          {values.sourceMode === "choose" && (
            <div className="space-y-1.5 pl-6" role="group" aria-label={t("sourcesToUse")} {...invalid("sources")}>
              {SOURCE_CHOICES.map((s) => (
                <label key={s.value} className="flex items-start gap-2">
                  <input
                    type="checkbox"
                    className="mt-1"
                    checked={values.sources.includes(s.value)}
                    onChange={(e) =>
                      set(
                        "sources",
                        e.target.checked ? [...values.sources, s.value] : values.sources.filter((x) => x !== s.value),
                      )
                    }
                  />
                  <span>
                    {choice(`source.${s.value}.label`, s.label)}{" "}
                    <span className="text-xs text-zinc-500 dark:text-zinc-400">
                      : {sourceHint(s.value, choice(`source.${s.value}.hint`, s.hint), shape, (c) => t("several", c))}
                    </span>
                  </span>
                </label>
              ))}
            </div>
          )}
          <FieldError id={f("sources-error")} message={errors.sources} />
        </div>
      </fieldset>

      <Field id={f("pairFile")} label={t("pairFile")} hint={t("pairFileHint")} error={errors.pairFile}>
        <input
          id={f("pairFile")}
          type="file"
          accept=".csv,.jsonl"
          onChange={readPairFile}
          className="block text-sm"
          data-testid="pair-file-input"
          {...invalid("pairFile")}
        />
      </Field>

      <AdvancedFields values={values} errors={errors} set={set} fieldId={f} invalid={invalid} />

      {errors.form && (
        <div id={f("form-error")}>
          <Alert tone="error" testId="train-form-error">
            {errors.form}
          </Alert>
        </div>
      )}
      <button type="submit" className={buttonClass("primary")} disabled={busy} data-testid="start-training">
        {busy ? t("starting") : t("start")}
      </button>
    </form>
  );
}
