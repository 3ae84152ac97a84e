"use client";

import { useTranslations } from "next-intl";
import type { FileFormat } from "@/lib/ingest/formats/registry";
import type { FileInspection } from "@/lib/ingest/formats/parse-options";
import { fieldClass, labelClass } from "@/components/ui/styles";

/** Which columns (CSV) or fields (JSONL) hold the text and the title; "" title means automatic. */
export interface ColumnChoices {
  text: string[];
  title: string;
}

/** The choices the server would make by itself, as the starting point. */
export function suggestedChoices(inspection: FileInspection): ColumnChoices {
  return { text: inspection.suggestedTextColumns ?? [], title: inspection.suggestedTitleColumn ?? "" };
}

/** Props of {@link ColumnPicker}. */
export interface ColumnPickerProps {
  format: FileFormat;
  inspection: FileInspection;
  choices: ColumnChoices;
  onChange: (choices: ColumnChoices) => void;
  disabled?: boolean;
}

function cell(value: unknown): string {
  const text = typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** CSV: text columns as checkboxes and a title column; JSONL: a text field and a title field. Then a few sample rows. */
export function ColumnPicker({ format, inspection, choices, onChange, disabled }: ColumnPickerProps) {
  const t = useTranslations("Upload");
  const columns = inspection.columns ?? [];
  const noun = format === "csv" ? "column" : "field";
  const toggle = (column: string, on: boolean) =>
    onChange({
      ...choices,
      text: on
        ? columns.filter((c) => c === column || choices.text.includes(c))
        : choices.text.filter((c) => c !== column),
    });
  return (
    <div className="space-y-4">
      {format === "csv" ? (
        <fieldset disabled={disabled}>
          <legend className={labelClass}>{t("textColumns")}</legend>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("textColumnsHint")}</p>
          <div className="mt-2 flex flex-wrap gap-2">
            {columns.map((c) => (
              <label
                key={c}
                className="inline-flex cursor-pointer items-center gap-2 rounded-md border border-zinc-300 px-2.5 py-1.5 text-sm has-checked:border-accent-500 has-checked:bg-accent-50 dark:border-zinc-700 dark:has-checked:border-accent-500 dark:has-checked:bg-accent-950/60"
              >
                <input
                  type="checkbox"
                  name="textColumns"
                  value={c}
                  checked={choices.text.includes(c)}
                  onChange={(e) => toggle(c, e.target.checked)}
                  className="h-4 w-4 accent-accent-600"
                />
                {c}
              </label>
            ))}
          </div>
        </fieldset>
      ) : (
        <div>
          <label htmlFor="upload-text-field" className={labelClass}>
            {t("textField")}
          </label>
          <select
            id="upload-text-field"
            disabled={disabled}
            value={choices.text[0] ?? ""}
            onChange={(e) => onChange({ ...choices, text: e.target.value ? [e.target.value] : [] })}
            className={`${fieldClass} mt-1`}
          >
            <option value="">{t("chooseField")}</option>
            {columns.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
      )}
      <div>
        <label htmlFor="upload-title" className={labelClass}>
          {t(noun === "column" ? "titleColumn" : "titleField")}
        </label>
        <select
          id="upload-title"
          disabled={disabled}
          value={choices.title}
          onChange={(e) => onChange({ ...choices, title: e.target.value })}
          className={`${fieldClass} mt-1`}
        >
          <option value="">{t(noun === "column" ? "automaticColumn" : "automaticField")}</option>
          {columns.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </div>
      {inspection.sample.length > 0 && (
        <SampleTable columns={columns} rows={inspection.sample.slice(0, 3)} textColumns={choices.text} />
      )}
    </div>
  );
}

function SampleTable({
  columns,
  rows,
  textColumns,
}: {
  columns: string[];
  rows: Record<string, unknown>[];
  textColumns: string[];
}) {
  const t = useTranslations("Upload");
  // JSONL records may nest; show the top-level keys only.
  const shown = columns.filter((c) => rows.some((r) => c in r));
  return (
    <div className="overflow-x-auto rounded-md border border-zinc-200 dark:border-zinc-800">
      <table className="min-w-full text-left text-xs">
        <caption className="sr-only">{t("firstRows")}</caption>
        <thead className="bg-zinc-50 text-zinc-600 dark:bg-zinc-800/60 dark:text-zinc-300">
          <tr>
            {shown.map((c) => (
              <th
                key={c}
                scope="col"
                className={`px-3 py-2 font-medium whitespace-nowrap ${textColumns.includes(c) ? "text-accent-700 dark:text-accent-300" : ""}`}
              >
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {rows.map((row, i) => (
            <tr key={i}>
              {shown.map((c) => (
                <td key={c} className="max-w-xs truncate px-3 py-1.5 text-zinc-700 dark:text-zinc-300">
                  {cell(row[c])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
