import { useTranslations } from "next-intl";
import type { JsonSchema } from "@/components/api-docs/openapi-types";
import { constraintTexts, defaultText, enumValues, typeText } from "@/components/api-docs/schema-text";

/** One row of a {@link FieldTable}: a body field or a parameter. */
export interface FieldRow {
  name: string;
  schema?: JsonSchema;
  required?: boolean;
  description?: string;
  /** Where a parameter goes: "path" or "query"; empty for body fields. */
  location?: string;
}

const th = "px-3 py-2 text-left text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400";
const code = "rounded bg-zinc-100 px-1 py-0.5 font-mono text-xs text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200";

function Rules({ row }: { row: FieldRow }) {
  const t = useTranslations("ApiDocs");
  const rules = constraintTexts(row.schema);
  const values = enumValues(row.schema);
  const fallback = defaultText(row.schema);
  if (!rules.length && !values && !fallback && !row.description)
    return <span className="text-zinc-400 dark:text-zinc-600">–</span>;
  return (
    <div className="space-y-1">
      {row.description && <p className="text-zinc-700 dark:text-zinc-300">{row.description}</p>}
      {values && (
        <p className="flex flex-wrap items-center gap-1">
          <span className="text-zinc-500 dark:text-zinc-400">{t("oneOf")}</span>
          {values.map((v) => (
            <code key={v} className={code}>
              {v}
            </code>
          ))}
        </p>
      )}
      {rules.length > 0 && <p className="text-zinc-600 dark:text-zinc-400">{rules.join(" · ")}</p>}
      {fallback && (
        <p className="text-zinc-500 dark:text-zinc-400">
          {t("default")} <code className={code}>{fallback}</code>
        </p>
      )}
    </div>
  );
}

/** Fields or parameters as a table: name, type, required, and the rules a value must follow. */
export function FieldTable({ rows, caption }: { rows: FieldRow[]; caption: string }) {
  const t = useTranslations("ApiDocs");
  const showLocation = rows.some((r) => r.location);
  return (
    <div className="overflow-x-auto rounded-md border border-zinc-200 dark:border-zinc-800">
      <table className="min-w-full divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-zinc-50 dark:bg-zinc-900">
          <tr>
            <th scope="col" className={`${th} w-60`}>
              {t("name")}
            </th>
            {showLocation && (
              <th scope="col" className={`${th} w-16`}>
                {t("in")}
              </th>
            )}
            <th scope="col" className={`${th} w-64`}>
              {t("type")}
            </th>
            <th scope="col" className={th}>
              {t("rules")}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 align-top text-xs dark:divide-zinc-800">
          {rows.map((r) => (
            <tr key={`${r.location ?? ""}-${r.name}`}>
              <th scope="row" className="px-3 py-2 text-left font-normal whitespace-nowrap">
                <code className="font-mono text-sm font-semibold text-zinc-900 dark:text-zinc-100">{r.name}</code>
                {r.required ? (
                  <span className="ml-2 text-[0.7rem] font-medium text-red-700 uppercase dark:text-red-400">
                    required
                  </span>
                ) : (
                  <span className="ml-2 text-[0.7rem] text-zinc-500 dark:text-zinc-500">optional</span>
                )}
              </th>
              {showLocation && <td className="px-3 py-2 text-zinc-600 dark:text-zinc-400">{r.location}</td>}
              <td className="px-3 py-2 font-mono whitespace-nowrap text-accent-700 dark:text-accent-300">
                {typeText(r.schema)}
              </td>
              <td className="px-3 py-2">
                <Rules row={r} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The rows of an object schema's properties, required ones first. */
export function propertyRows(schema: JsonSchema): FieldRow[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {})
    .map(([name, s]) => ({ name, schema: s, required: required.has(name), description: s.description }))
    .sort((a, b) => Number(b.required) - Number(a.required));
}
