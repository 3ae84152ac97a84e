import fc from "fast-check";
import { anyJson, HOSTILE_STRINGS, schemaValue, type JsonSchema } from "@/tests/helpers/json-schema-arbitrary";
import type { RouteCase } from "@/tests/helpers/route-handlers";

/** What the OpenAPI document says of one operation: its query parameters and its body. */
export interface OperationShape {
  query: { name: string; schema: JsonSchema }[];
  body?: JsonSchema;
  multipart?: JsonSchema;
}

/** A request as plain data, so that fast-check prints a failing one readably; {@link toRequest} builds it. */
export interface FuzzSpec {
  method: string;
  path: string;
  params: Record<string, string>;
  query: string;
  caller: string;
  headers: Record<string, string>;
  body?: { kind: "text"; text: string } | { kind: "form"; fields: [string, string][]; file?: FuzzFile };
}

interface FuzzFile {
  field: string;
  name: string;
  content: string;
}

/** Ids the fixtures hold, plus the path segments that have broken id parsing elsewhere. */
const HOSTILE_IDS = [
  "0",
  "-1",
  "1.5",
  "1e3",
  "0x10",
  " 1",
  "9007199254740993",
  "99999999999999999999",
  "abc",
  "%",
  "-",
];
const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) });
const FILE_NAMES = ["a.txt", "a.csv", "a.jsonl", "a.md", "a.html", "a.png", "noext", "../x.txt", ".csv", "x.CSV"];
const FILE_TEXT = ["title,text\nA,b\n", '{"text":"x"}\n', "# T\n\nbody", "<p>x</p>", "plain words", "", "\u0000\u0001"];
const CONTENT_TYPES = [
  "application/json",
  "text/plain",
  "multipart/form-data",
  "multipart/form-data; boundary=x",
  "application/x-www-form-urlencoded",
  "application/json; charset=latin1",
];

function queryArbitrary(shape: OperationShape | undefined): fc.Arbitrary<string> {
  const named = (shape?.query ?? []).map(({ name, schema }) =>
    fc.tuple(
      name.includes("{") ? fc.string({ maxLength: 8 }).map((f) => name.replace(/\{\w+\}/, f)) : fc.constant(name),
      fc.oneof(schemaValue(schema, name).map(String), fc.constantFrom(...HOSTILE_STRINGS)),
    ),
  );
  const pair = fc.oneof(
    ...named.map((a) => ({ weight: 3, arbitrary: a })),
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom("q", "ids", "format", "limit", "corpusId"), fc.string()) },
    { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 20 })) },
  );
  const encoded = fc.array(pair, { maxLength: 6 }).map((pairs) => new URLSearchParams(pairs).toString());
  // Raw text too: broken percent escapes, bare keys, repeated separators.
  const raw = fc.array(fc.oneof(printable, fc.constantFrom("%", "%E0%A4%A", "%FF", "&&", "=", "q=%00")), {
    maxLength: 5,
  });
  return fc.oneof({ weight: 4, arbitrary: encoded }, { weight: 1, arbitrary: raw.map((p) => p.join("")) });
}

function bodyArbitrary(route: RouteCase, shape: OperationShape | undefined): fc.Arbitrary<FuzzSpec["body"]> {
  if (route.method === "GET") return fc.constant(undefined);
  const text = (a: fc.Arbitrary<string>) => a.map((t) => ({ kind: "text" as const, text: t }));
  const json = shape?.body ? schemaValue(shape.body) : anyJson;
  const fields = Object.keys(shape?.multipart?.properties ?? {}).filter((k) => k !== "file");
  const form = fc.record({
    kind: fc.constant("form" as const),
    fields: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...fields, "x"), fc.string()), fc.string({ maxLength: 30 })), {
      maxLength: 4,
    }),
    file: fc.option(
      fc.record({
        field: fc.constantFrom("file", "file", "upload"),
        name: fc.oneof(fc.constantFrom(...FILE_NAMES), fc.string({ maxLength: 20 })),
        content: fc.oneof(fc.constantFrom(...FILE_TEXT), fc.string({ maxLength: 200 })),
      }),
      { nil: undefined },
    ),
  });
  return fc.oneof(
    { weight: shape?.multipart ? 1 : 6, arbitrary: text(json.map((v) => JSON.stringify(v) ?? "")) },
    { weight: shape?.multipart ? 6 : 0, arbitrary: form },
    { weight: 1, arbitrary: text(fc.string({ maxLength: 40 })) },
    { weight: 1, arbitrary: text(fc.constantFrom("", "{", "[".repeat(100_000), `{"a":"${"x".repeat(1_100_000)}"}`)) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

/**
 * Arbitrary requests to one route: path parameters from `ids` or hostile, query strings and
 * bodies shaped by the route's OpenAPI description (mostly valid, edges and junk mixed in), one
 * of `callers` (names of header sets), and stray headers.
 */
export function fuzzSpec(
  route: RouteCase,
  shape: OperationShape | undefined,
  ids: Record<string, string[]>,
  callers: string[],
): fc.Arbitrary<FuzzSpec> {
  const param = (name: string) =>
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...(ids[name] ?? ids.id)) },
      { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_IDS) },
      // Never empty, "." or "..": the router never passes those (the URL is normalised first).
      { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s !== "." && s !== "..") },
    );
  const params = fc
    .tuple(...route.paramNames.map(param))
    .map((values) => Object.fromEntries(route.paramNames.map((n, i) => [n, values[i]])));
  const headers = fc.record(
    {
      "content-type": fc.constantFrom(...CONTENT_TYPES),
      "x-forwarded-for": fc.oneof(printable, fc.constantFrom("127.0.0.1", "::ffff:10.0.0.1", "1.1.1.1, 2.2.2.2")),
      "if-none-match": printable,
      cookie: fc.oneof(
        printable.map((v) => `cognate_session=${v}`),
        printable,
      ),
      authorization: fc.oneof(
        printable,
        printable.map((v) => `Bearer ${v}`),
        fc.constant("Bearer cgk_"),
      ),
      origin: fc.constantFrom("http://localhost", "http://evil.example", "null"),
    },
    { requiredKeys: [] },
  );
  return fc.record({
    method: fc.constant(route.method),
    path: fc.constant(route.pattern),
    params,
    query: route.method === "GET" ? queryArbitrary(shape) : fc.oneof(fc.constant(""), queryArbitrary(shape)),
    caller: fc.constantFrom(...callers),
    headers: fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: headers }),
    body: bodyArbitrary(route, shape),
  });
}

/** The Request a spec describes, sent as `callerHeaders` (stray headers of the spec win). */
export function toRequest(spec: FuzzSpec, callerHeaders: Record<string, string>, signal?: AbortSignal): Request {
  const path = spec.path.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(spec.params[n]));
  const url = `http://localhost${path}${spec.query ? `?${spec.query}` : ""}`;
  const headers = new Headers(callerHeaders);
  let body: BodyInit | undefined;
  if (spec.body?.kind === "text") {
    headers.set("content-type", "application/json");
    body = spec.body.text;
  } else if (spec.body?.kind === "form") {
    const form = new FormData();
    for (const [k, v] of spec.body.fields) form.append(k, v);
    const f = spec.body.file;
    if (f) form.append(f.field, new File([f.content], f.name));
    body = form;
  }
  for (const [k, v] of Object.entries(spec.headers)) headers.set(k, v);
  return new Request(url, { method: spec.method, headers, body, signal });
}
