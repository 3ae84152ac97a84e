import type { JsonSchema } from "@/components/api-docs/openapi-types";

/** zod writes integer bounds it did not set as ±MAX_SAFE_INTEGER; they say nothing to a reader. */
const NOISE = new Set([Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER]);

const json = (v: unknown) => JSON.stringify(v);

function range(min: number | undefined, max: number | undefined, unit: string): string | null {
  const lo = min !== undefined && !NOISE.has(min) ? min : undefined;
  const hi = max !== undefined && !NOISE.has(max) ? max : undefined;
  if (lo !== undefined && hi !== undefined) return lo === hi ? `exactly ${lo}${unit}` : `${lo}–${hi}${unit}`;
  if (lo !== undefined) return `at least ${lo}${unit}`;
  if (hi !== undefined) return `at most ${hi}${unit}`;
  return null;
}

/** A schema's type as people read it: "string", "integer", "array of string", "[string, string]", "object". */
export function typeText(schema: JsonSchema | boolean | undefined): string {
  if (schema === undefined || schema === true) return "any";
  if (schema === false) return "nothing";
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.map(typeText).join(" | ");
  if (schema.enum && !schema.type) return "enum";
  if (schema.const !== undefined) return json(schema.const);
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? "any");
  if (type === "array") {
    if (schema.prefixItems) return `[${schema.prefixItems.map(typeText).join(", ")}]`;
    return `array of ${typeText(schema.items)}`;
  }
  if (type === "object" && typeof schema.additionalProperties === "object" && !schema.properties) {
    return `object of ${typeText(schema.additionalProperties)}`;
  }
  return schema.format ? `${type} (${schema.format})` : type;
}

/** The rules a value must follow, one phrase each: "1–1000 characters", "> 0", "2–64 items". */
export function constraintTexts(schema: JsonSchema | undefined): string[] {
  if (!schema) return [];
  const out: string[] = [];
  const chars = range(schema.minLength, schema.maxLength, " characters");
  if (chars) out.push(chars);
  const items = range(schema.minItems, schema.maxItems, " items");
  if (items && !schema.prefixItems) out.push(items);
  const numbers = range(schema.minimum, schema.maximum, "");
  if (numbers) out.push(numbers);
  if (schema.exclusiveMinimum !== undefined) out.push(`> ${schema.exclusiveMinimum}`);
  if (schema.exclusiveMaximum !== undefined && !NOISE.has(schema.exclusiveMaximum))
    out.push(`< ${schema.exclusiveMaximum}`);
  if (schema.pattern) out.push(`matches ${schema.pattern}`);
  // Nested arrays (pairs of strings) say "each:" once, not once per level.
  const each = (c: string) => (c.startsWith("each: ") ? c : `each: ${c}`);
  if (schema.type === "array" && typeof schema.items === "object" && !schema.prefixItems) {
    out.push(...constraintTexts(schema.items).map(each));
  }
  if (schema.prefixItems) {
    out.push(...[...new Set(schema.prefixItems.flatMap((s) => constraintTexts(s)))].map(each));
  }
  if (typeof schema.additionalProperties === "object" && schema.properties === undefined) {
    out.push(...constraintTexts(schema.propertyNames).map((c) => `keys: ${c}`));
  }
  return out;
}

/** Allowed values of an enum as JSON literals, or null. */
export function enumValues(schema: JsonSchema | undefined): string[] | null {
  return schema?.enum ? schema.enum.map(json) : null;
}

/** The default as a JSON literal, or null when there is none. */
export function defaultText(schema: JsonSchema | undefined): string | null {
  return schema && "default" in schema && schema.default !== undefined ? json(schema.default) : null;
}
