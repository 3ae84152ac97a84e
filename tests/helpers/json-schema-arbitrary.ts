import fc from "fast-check";

/** The part of JSON Schema (as z.toJSONSchema writes it) that the arbitraries below follow. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema | false;
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  default?: unknown;
}

/** Strings that have broken parsers, tokenizers, SQL and file names before. */
export const HOSTILE_STRINGS = [
  "",
  " ",
  "\u0000",
  "\ud800",
  "a\udfffb",
  "\u2028\u2029",
  "\ufeff",
  "%00",
  "%",
  "\\",
  '"',
  "'; DROP TABLE corpora; --",
  "*",
  "NEAR(",
  '"unclosed',
  "-",
  "AND OR NOT",
  "../../etc/passwd",
  "<script>",
  "=HYPERLINK(1)",
  "__proto__",
  "constructor",
  "1e999",
  "NaN",
  "-0",
  "0x1f",
  "负样本",
  "😀".repeat(50),
  "a".repeat(5_000),
];

/** Numbers at and past the edges of every range the schemas use. */
export const HOSTILE_NUMBERS = [
  0,
  -0,
  -1,
  1,
  0.5,
  -0.5,
  1e-320,
  1e308,
  -1e308,
  2 ** 31,
  2 ** 53,
  2 ** 53 + 2,
  Number.MAX_SAFE_INTEGER,
  -Number.MAX_SAFE_INTEGER,
];

const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.constantFrom(null, true, false),
  fc.string({ unit: "binary", maxLength: 40 }),
);

/** Any JSON value, hostile scalars included: the "wrong type" answer to every field. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileScalar },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom([], {}, [[]], [null], { "": null }) },
);

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (schema.type) return [schema.type];
  if (schema.properties) return ["object"];
  if (schema.items !== undefined || schema.prefixItems) return ["array"];
  return [];
}

/** Fields whose values have a shape the JSON Schema does not say (a format, a list in a string). */
const NAMED_FIELDS: Record<string, fc.Arbitrary<unknown>> = {
  email: fc.emailAddress(),
  ids: fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 250 }).map((a) => a.join(",")),
  baseModel: fc.constantFrom("scratch", "dir:/nonexistent", "hub:org/model@main", "hub:../x", "dir:"),
};

/** `strict`: only values the schema allows (edges included); otherwise edges past it and wrong types too. */
interface Mode {
  strict: boolean;
  depth: number;
}
const deeper = (m: Mode): Mode => ({ ...m, depth: m.depth + 1 });

function numberFor(schema: JsonSchema, integer: boolean, { strict }: Mode): fc.Arbitrary<number> {
  const exclusive = schema.exclusiveMinimum !== undefined;
  const lo = schema.minimum ?? (exclusive ? schema.exclusiveMinimum! + (integer ? 1 : 1e-9) : -1000);
  const hi = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1000);
  const inRange = integer
    ? fc.integer({ min: Math.max(lo, -(2 ** 31)), max: Math.min(hi, 2 ** 31) })
    : fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
  const edges = strict ? [lo, hi] : [lo, hi, lo - 1, hi + 1, lo + 0.5];
  return fc.oneof({ weight: 3, arbitrary: inRange }, { weight: 1, arbitrary: fc.constantFrom(...edges) });
}

function stringFor(schema: JsonSchema, { strict }: Mode): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 60;
  const fits = (t: string) => t.length >= min && t.length <= max;
  const edges = [min, max, max + 1, Math.max(0, min - 1)].map((n) => "x".repeat(n));
  const odd = [...edges, ...HOSTILE_STRINGS].filter((t) => !strict || fits(t));
  const size = { minLength: min, maxLength: Math.min(max, min + 40) };
  return fc.oneof(
    { weight: 3, arbitrary: fc.string(size) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", ...size }).filter(fits) },
    ...(odd.length ? [{ weight: 1, arbitrary: fc.constantFrom(...odd) }] : []),
  );
}

function arrayFor(schema: JsonSchema, mode: Mode): fc.Arbitrary<unknown[]> {
  if (schema.prefixItems) {
    const fixed = fc.tuple(...schema.prefixItems.map((s) => nearSchema(s, deeper(mode))));
    return mode.strict
      ? fixed
      : fc.oneof(
          fixed,
          fixed.map((t) => t.slice(1)),
        );
  }
  const item = schema.items ? nearSchema(schema.items, deeper(mode)) : anyJson;
  const min = schema.minItems ?? 0;
  const max = Math.min(schema.maxItems ?? 8, min + 8);
  const within = fc.array(item, { minLength: min, maxLength: max });
  if (mode.strict) return within;
  return fc.oneof(
    { weight: 4, arbitrary: within },
    { weight: 1, arbitrary: fc.array(item, { maxLength: Math.max(0, min - 1) }) },
    // One past the cap, when the cap is small enough to build.
    ...(schema.maxItems !== undefined && schema.maxItems <= 600
      ? [{ weight: 1, arbitrary: item.map((v) => Array.from({ length: schema.maxItems! + 1 }, () => v)) }]
      : []),
  );
}

function objectFor(schema: JsonSchema, mode: Mode): fc.Arbitrary<Record<string, unknown>> {
  const props = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const known = Object.entries(props).map(([name, s]) => {
    const fitting = nearSchema(s, deeper(mode));
    const value = NAMED_FIELDS[name] ? fc.oneof(NAMED_FIELDS[name], fitting) : fitting;
    return (mode.strict && required.has(name) ? value : fc.option(value, { nil: undefined })).map((v) => [name, v]);
  });
  const extra = fc.array(fc.tuple(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("__proto__")), anyJson), {
    maxLength: mode.strict ? 0 : 2,
  });
  return fc.tuple(fc.tuple(...known), extra).map(([pairs, extras]) => {
    const out: Record<string, unknown> = {};
    for (const [name, value] of pairs as [string, unknown][]) if (value !== undefined) out[name] = value;
    // An own "__proto__" key, as JSON.parse makes it, not the prototype.
    for (const [k, v] of extras)
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    return out;
  });
}

function fittingValue(schema: JsonSchema, mode: Mode): fc.Arbitrary<unknown> {
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => nearSchema(s, deeper(mode))));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  const byType = typesOf(schema).map((t): fc.Arbitrary<unknown> => {
    if (t === "integer") return numberFor(schema, true, mode);
    if (t === "number") return numberFor(schema, false, mode);
    if (t === "string") return stringFor(schema, mode);
    if (t === "boolean") return fc.boolean();
    if (t === "null") return fc.constant(null);
    if (t === "array") return arrayFor(schema, mode);
    if (t === "object") return objectFor(schema, mode);
    return anyJson;
  });
  return byType.length ? fc.oneof(...byType) : anyJson;
}

/**
 * Values for `schema`, half of them valid (edges included, so a request reaches the code behind
 * its validation), half with edges past the limits, wrong types and stray keys at every level
 * (so the validation itself is attacked).
 */
export function schemaValue(schema: JsonSchema, name?: string): fc.Arbitrary<unknown> {
  const named = name ? NAMED_FIELDS[name] : undefined;
  if (named) return fc.oneof(named, schemaValue(schema));
  return fc.oneof(nearSchema(schema, { strict: true, depth: 0 }), nearSchema(schema, { strict: false, depth: 0 }));
}

function nearSchema(schema: JsonSchema, mode: Mode): fc.Arbitrary<unknown> {
  if (mode.depth > 5) return mode.strict ? fc.constant(null) : anyJson;
  const fitting = fittingValue(schema, mode);
  return mode.strict ? fitting : fc.oneof({ weight: 8, arbitrary: fitting }, { weight: 1, arbitrary: anyJson });
}
