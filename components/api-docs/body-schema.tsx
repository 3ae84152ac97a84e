import { useTranslations } from "next-intl";
import { FieldTable, propertyRows } from "@/components/api-docs/field-table";
import type { JsonSchema } from "@/components/api-docs/openapi-types";
import { typeText } from "@/components/api-docs/schema-text";

/** Names of a variant's required fields, to title it: "{ texts }". */
function variantTitle(schema: JsonSchema, i: number): string {
  const req = schema.required ?? [];
  return req.length ? `{ ${req.join(", ")} }` : `variant ${i + 1}`;
}

/**
 * A request body schema rendered for people: an object's fields as a table, or for a union
 * (`anyOf`) each alternative under its own heading; `additionalProperties: false` is stated.
 */
export function BodySchema({ schema, label }: { schema: JsonSchema; label: string }) {
  const t = useTranslations("ApiDocs");
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) {
    return (
      <div className="space-y-3">
        <p className="text-xs text-zinc-600 dark:text-zinc-400">{t("shapes", { count: variants.length })}</p>
        {variants.map((v, i) => (
          <div key={i}>
            <p className="mb-1.5 text-xs font-medium text-zinc-700 dark:text-zinc-300">
              {String.fromCharCode(65 + i)}. <code className="font-mono">{variantTitle(v, i)}</code>
            </p>
            <BodySchema schema={v} label={t("shapeOf", { label, shape: String.fromCharCode(65 + i) })} />
          </div>
        ))}
      </div>
    );
  }
  if (!schema.properties)
    return <p className="font-mono text-xs text-zinc-700 dark:text-zinc-300">{typeText(schema)}</p>;
  return (
    <div className="space-y-1">
      <FieldTable rows={propertyRows(schema)} caption={label} />
      {schema.additionalProperties === false && (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("otherFields")}</p>
      )}
    </div>
  );
}
