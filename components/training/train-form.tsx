"use client";

import { useRouter } from "next/navigation";
import { useId, useState, type ChangeEvent, type FormEvent, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { buttonClass, fieldClass, labelClass } from "@/components/ui/styles";
import { DEFAULT_TRAIN_FORM, fieldOfPath, LOSS_CHOICES, NEGATIVE_CHOICES, SIMILARITY_CHOICES, SOURCE_CHOICES, trainRequestBody, type TrainFormValues } from "./train-request";

type Errors = Partial<Record<keyof TrainFormValues | "form", string>>;

/** Props of {@link TrainForm}. */
export interface TrainFormProps {
  corpusId: number;
  /** The configured base model (`COGNATE_BASE_MODEL`). */
  defaultBase: string;
  /** Largest pair file accepted, in bytes. */
  maxPairFileBytes: number;
}

function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-1 text-xs text-red-700 dark:text-red-400" data-testid="field-error">
      {message}
    </p>
  );
}

function Field({ id, label, hint, error, children }: { id: string; label: string; hint?: string; error?: string; children: ReactNode }) {
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

/**
 * "Train a model" on a corpus: base model, pair sources (automatic, chosen, or an uploaded pair
 * file) and, behind "Advanced", loss, similarity, negatives, temperature, learning rate, batch
 * size and steps. Untouched, it trains with the defaults. On success it opens the run's dashboard.
 */
export function TrainForm({ corpusId, defaultBase, maxPairFileBytes }: TrainFormProps) {
  const id = useId();
  const router = useRouter();
  const [values, setValues] = useState<TrainFormValues>(DEFAULT_TRAIN_FORM);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof TrainFormValues>(key: K, value: TrainFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const invalid = (key: keyof TrainFormValues) => (errors[key] ? { "aria-invalid": true, "aria-describedby": `${id}-${key}-error` } : {});

  async function readPairFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    setErrors((x) => ({ ...x, pairFile: undefined }));
    if (!file) return set("pairFile", null);
    if (file.size > maxPairFileBytes) {
      setErrors((x) => ({ ...x, pairFile: `${file.name} is larger than the upload limit (${Math.round(maxPairFileBytes / 1048576)} MiB)` }));
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
      const res = await fetch(`/api/v1/corpora/${corpusId}/train`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(trainRequestBody(values)) });
      const body = await res.json().catch(() => null);
      if (!res.ok) {
        const next: Errors = {};
        for (const d of (body?.error?.details as { path: string; message: string }[] | undefined) ?? []) next[fieldOfPath(d.path)] ??= d.message;
        if (Object.keys(next).length === 0 || next.form) next.form = body?.error?.message ?? `the server answered ${res.status}`;
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
    <form onSubmit={submit} noValidate className="space-y-5" data-testid="train-form" aria-describedby={errors.form ? f("form-error") : undefined}>
      <fieldset>
        <legend className={labelClass}>Base model</legend>
        <div className="mt-2 space-y-2 text-sm">
          {(
            [
              ["default", <>The configured base: <span className="font-mono text-xs">{defaultBase}</span></>],
              ["scratch", <>From scratch: a small encoder trained on this corpus alone (works offline)</>],
              ["custom", <>Another model: <span className="font-mono text-xs">hub:ID</span> or <span className="font-mono text-xs">dir:PATH</span></>],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="flex items-start gap-2">
              <input type="radio" name={f("base")} value={value} checked={values.base === value} onChange={() => set("base", value)} className="mt-1" />
              <span>{label}</span>
            </label>
          ))}
          {values.base === "custom" && (
            <div className="pl-6">
              <input id={f("customBase")} aria-label="Base model spec" className={fieldClass} placeholder="hub:sentence-transformers/all-MiniLM-L6-v2" value={values.customBase} onChange={(e) => set("customBase", e.target.value)} {...invalid("customBase")} />
              <FieldError id={f("customBase-error")} message={errors.customBase} />
            </div>
          )}
        </div>
      </fieldset>

      <fieldset>
        <legend className={labelClass}>Pair sources</legend>
        <div className="mt-2 space-y-2 text-sm">
          <label className="flex items-start gap-2">
            <input type="radio" name={f("sourceMode")} checked={values.sourceMode === "auto"} onChange={() => set("sourceMode", "auto")} className="mt-1" />
            <span>Automatic: chosen from what the corpus has (titles, documents of several passages; else SimCSE and augmentation), or the pair file alone</span>
          </label>
          <label className="flex items-start gap-2">
            <input type="radio" name={f("sourceMode")} checked={values.sourceMode === "choose"} onChange={() => set("sourceMode", "choose")} className="mt-1" />
            <span>Choose:</span>
          </label>
          {values.sourceMode === "choose" && (
            <div className="space-y-1.5 pl-6" role="group" aria-label="Pair sources to use" {...invalid("sources")}>
              {SOURCE_CHOICES.map((s) => (
                <label key={s.value} className="flex items-start gap-2">
                  <input
                    type="checkbox"
                    className="mt-1"
                    checked={values.sources.includes(s.value)}
                    onChange={(e) => set("sources", e.target.checked ? [...values.sources, s.value] : values.sources.filter((x) => x !== s.value))}
                  />
                  <span>
                    {s.label} <span className="text-xs text-zinc-500 dark:text-zinc-400">: {s.hint}</span>
                  </span>
                </label>
              ))}
            </div>
          )}
          <FieldError id={f("sources-error")} message={errors.sources} />
        </div>
      </fieldset>

      <Field id={f("pairFile")} label="Pair file (optional)" hint="CSV or JSONL: anchor,positive[,negative] or sentence1,sentence2,score" error={errors.pairFile}>
        <input id={f("pairFile")} type="file" accept=".csv,.jsonl" onChange={readPairFile} className="block text-sm" data-testid="pair-file-input" {...invalid("pairFile")} />
      </Field>

      <details className="rounded-md border border-zinc-200 p-4 dark:border-zinc-800" open={Object.keys(errors).some((k) => !["form", "customBase", "sources", "pairFile"].includes(k))}>
        <summary className="cursor-pointer text-sm font-medium text-zinc-800 dark:text-zinc-200">Advanced: loss, similarity, negatives, learning rate, batch size, steps</summary>
        <div className="mt-4 grid gap-4 sm:grid-cols-2">
          <Field id={f("name")} label="Name" hint="default: from the base model" error={errors.name}>
            <input id={f("name")} className={fieldClass} value={values.name} onChange={(e) => set("name", e.target.value)} {...invalid("name")} />
          </Field>
          <Field id={f("loss")} label="Loss" error={errors.loss}>
            <select id={f("loss")} className={fieldClass} value={values.loss} onChange={(e) => set("loss", e.target.value as TrainFormValues["loss"])}>
              {Object.entries(LOSS_CHOICES).map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </Field>
          <Field id={f("similarity")} label="Similarity" error={errors.similarity}>
            <select id={f("similarity")} className={fieldClass} value={values.similarity} onChange={(e) => set("similarity", e.target.value as TrainFormValues["similarity"])}>
              {Object.entries(SIMILARITY_CHOICES).map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </Field>
          <Field id={f("negatives")} label="Negatives" error={errors.negatives}>
            <select id={f("negatives")} className={fieldClass} value={values.negatives} onChange={(e) => set("negatives", e.target.value as TrainFormValues["negatives"])}>
              {Object.entries(NEGATIVE_CHOICES).map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </Field>
          <Field id={f("temperature")} label="Temperature τ" hint="default 0.05" error={errors.temperature}>
            <input id={f("temperature")} inputMode="decimal" className={fieldClass} placeholder="0.05" value={values.temperature} onChange={(e) => set("temperature", e.target.value)} {...invalid("temperature")} />
          </Field>
          <Field id={f("lr")} label="Peak learning rate" hint="default 2e-5 for a pretrained base, 5e-4 from scratch" error={errors.lr}>
            <input id={f("lr")} inputMode="decimal" className={fieldClass} placeholder="automatic" value={values.lr} onChange={(e) => set("lr", e.target.value)} {...invalid("lr")} />
          </Field>
          <Field id={f("batchSize")} label="Batch size (pairs)" hint="default 32" error={errors.batchSize}>
            <input id={f("batchSize")} inputMode="numeric" className={fieldClass} placeholder="32" value={values.batchSize} onChange={(e) => set("batchSize", e.target.value)} {...invalid("batchSize")} />
          </Field>
          <Field id={f("steps")} label="Steps" hint="default: one pass over the pairs (20 to 2,000 steps)" error={errors.steps}>
            <input id={f("steps")} inputMode="numeric" className={fieldClass} placeholder="automatic" value={values.steps} onChange={(e) => set("steps", e.target.value)} {...invalid("steps")} />
          </Field>
        </div>
      </details>

      {errors.form && (
        <div id={f("form-error")}>
          <Alert tone="error" testId="train-form-error">
            {errors.form}
          </Alert>
        </div>
      )}
      <button type="submit" className={buttonClass("primary")} disabled={busy} data-testid="start-training">
        {busy ? "Starting…" : "Start training"}
      </button>
    </form>
  );
}
