"use client";

import { useTranslations } from "next-intl";
import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { modelDisplayName, sourceLabel } from "@/components/models/model-labels";
import { Alert } from "@/components/ui/alert";
import type { Translate } from "@/components/ui/translate";
import { buttonClass, fieldClass, labelClass } from "@/components/ui/styles";
import { EXAMPLE_TEXTS, MAX_TEXT_CHARS, MAX_TEXTS, MIN_TEXTS } from "@/components/similarity/example-texts";
import { SimilarityMatrix, type SimilarityResult } from "@/components/similarity/similarity-matrix";

/** A corpus whose live model can answer, as offered in the model select. */
export interface SimilarityModelOption {
  corpusId: number;
  corpusName: string;
  modelName: string;
  source: string;
}

interface Entry {
  key: number;
  text: string;
}

/** The message of an `{ error: { message } }` body, or a sentence about the status in the language of `words`. */
async function errorMessage(response: Response, words: Translate): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    if (body.error?.message) return body.error.message;
  } catch {
    // not JSON: fall through to the status line
  }
  return words("answeredText", { status: response.status, text: response.statusText }).trim();
}

/**
 * Compares texts with a corpus's live model: one textarea per text (2 to 16), a model select,
 * and the similarity heatmap once the API answers. Ctrl+Enter in a text submits.
 */
export function SimilarityForm({ options }: { options: SimilarityModelOption[] }) {
  const t = useTranslations("Similarity");
  const requests = useTranslations("Requests");
  const sources = useTranslations("ModelSource");
  const idPrefix = useId();
  const nextKey = useRef(EXAMPLE_TEXTS.length);
  const fields = useRef(new Map<number, HTMLTextAreaElement>());
  const addButton = useRef<HTMLButtonElement>(null);
  const [entries, setEntries] = useState<Entry[]>(() => EXAMPLE_TEXTS.map((text, key) => ({ key, text })));
  const [corpusId, setCorpusId] = useState(options[0]?.corpusId ?? 0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [invalidKey, setInvalidKey] = useState<number | null>(null);
  const [result, setResult] = useState<SimilarityResult | null>(null);
  const [announcement, setAnnouncement] = useState("");

  function focusLater(key: number | null) {
    requestAnimationFrame(() => (key === null ? addButton.current : fields.current.get(key))?.focus());
  }

  function add() {
    if (entries.length >= MAX_TEXTS) return;
    const key = nextKey.current++;
    setEntries([...entries, { key, text: "" }]);
    focusLater(key);
  }

  function remove(index: number) {
    if (entries.length <= MIN_TEXTS) return;
    const next = entries.filter((_, i) => i !== index);
    setEntries(next);
    if (invalidKey === entries[index].key) setInvalidKey(null);
    focusLater(next[Math.min(index, next.length - 1)]?.key ?? null);
  }

  async function submit(e?: FormEvent) {
    e?.preventDefault();
    if (busy) return;
    const empty = entries.findIndex((entry) => !entry.text.trim());
    if (empty >= 0) {
      setError(t("empty", { n: empty + 1 }));
      setInvalidKey(entries[empty].key);
      setAnnouncement("");
      fields.current.get(entries[empty].key)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    setInvalidKey(null);
    setAnnouncement(t("announceComparing", { count: entries.length }));
    try {
      const response = await fetch("/api/v1/similarity", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ texts: entries.map((entry) => entry.text), corpusId }),
      });
      if (!response.ok) throw new Error(await errorMessage(response, requests));
      const body = (await response.json()) as SimilarityResult;
      setResult(body);
      setAnnouncement(t("announceCompared", { count: body.texts.length, model: modelDisplayName(body.model.name) }));
    } catch (err) {
      const message = err instanceof TypeError ? t("unreachable") : (err as Error).message;
      setError(message);
      setAnnouncement("");
    } finally {
      setBusy(false);
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLFormElement>) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) void submit(e);
  }

  return (
    <>
      <form
        data-testid="similarity-form"
        onSubmit={submit}
        onKeyDown={onKeyDown}
        noValidate
        aria-describedby={`${idPrefix}-hint`}
        className="space-y-5"
      >
        <div className="max-w-md">
          <label htmlFor={`${idPrefix}-model`} className={labelClass}>
            {t("model")}
          </label>
          <select
            id={`${idPrefix}-model`}
            value={corpusId}
            onChange={(e) => setCorpusId(Number(e.target.value))}
            className={`${fieldClass} mt-1`}
            data-testid="similarity-model-select"
          >
            {options.map((o) => (
              <option key={o.corpusId} value={o.corpusId}>
                {o.corpusName}: {modelDisplayName(o.modelName)} (
                {sources.has(`short.${o.source}`) ? sources(`short.${o.source}`) : sourceLabel(o.source)})
              </option>
            ))}
          </select>
          <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">{t("modelHint")}</p>
        </div>

        <fieldset>
          <legend className={labelClass}>{t("texts")}</legend>
          <p id={`${idPrefix}-hint`} className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
            {t("textsHint", { min: MIN_TEXTS, max: MAX_TEXTS, chars: MAX_TEXT_CHARS.toLocaleString("en-US") })}
          </p>
          <ol className="mt-3 space-y-3">
            {entries.map((entry, i) => (
              <li
                key={entry.key}
                className="grid grid-cols-[1fr_auto] items-center gap-x-3 gap-y-1 sm:grid-cols-[3.5rem_1fr_auto] sm:items-start"
              >
                <label
                  htmlFor={`${idPrefix}-text-${entry.key}`}
                  className="text-sm font-medium text-zinc-600 tabular-nums sm:pt-2 sm:text-right dark:text-zinc-400"
                >
                  {t("text", { n: i + 1 })}
                </label>
                <textarea
                  id={`${idPrefix}-text-${entry.key}`}
                  ref={(el) => {
                    if (el) fields.current.set(entry.key, el);
                    else fields.current.delete(entry.key);
                  }}
                  data-testid="similarity-text"
                  rows={2}
                  maxLength={MAX_TEXT_CHARS}
                  value={entry.text}
                  aria-invalid={invalidKey === entry.key || undefined}
                  onChange={(e) => {
                    const text = e.target.value;
                    setEntries((all) => all.map((x) => (x.key === entry.key ? { ...x, text } : x)));
                    if (invalidKey === entry.key && text.trim()) setInvalidKey(null);
                  }}
                  className={`${fieldClass} order-last col-span-2 min-h-[2.75rem] resize-y sm:order-none sm:col-span-1`}
                />
                <button
                  type="button"
                  onClick={() => remove(i)}
                  disabled={entries.length <= MIN_TEXTS}
                  aria-label={t("removeText", { n: i + 1 })}
                  title={entries.length <= MIN_TEXTS ? t("atLeast", { min: MIN_TEXTS }) : t("removeText", { n: i + 1 })}
                  className={buttonClass("ghost", "sm:mt-1")}
                >
                  {t("remove")}
                </button>
              </li>
            ))}
          </ol>
          <div className="mt-3 sm:pl-[4.25rem]">
            <button
              ref={addButton}
              type="button"
              onClick={add}
              disabled={entries.length >= MAX_TEXTS}
              className={buttonClass("secondary")}
            >
              <span aria-hidden="true">+</span> {t("add")}
            </button>
            {entries.length >= MAX_TEXTS && (
              <span className="ml-3 text-xs text-zinc-500 dark:text-zinc-400">{t("most", { max: MAX_TEXTS })}</span>
            )}
          </div>
        </fieldset>

        {error && (
          <Alert tone="error" title={t("error")} testId="similarity-error">
            {error}
          </Alert>
        )}

        <div className="flex items-center gap-3">
          <button
            type="submit"
            disabled={busy}
            data-testid="similarity-submit"
            className={buttonClass("primary", "whitespace-nowrap")}
          >
            {busy && (
              <span
                aria-hidden="true"
                className="h-3.5 w-3.5 animate-spin rounded-full border-2 border-current border-r-transparent"
              />
            )}
            {busy ? t("comparing") : t("compare")}
          </button>
          <p aria-live="polite" className="text-sm text-zinc-600 dark:text-zinc-400">
            {announcement}
          </p>
        </div>
      </form>
      {result && <SimilarityMatrix result={result} />}
    </>
  );
}
