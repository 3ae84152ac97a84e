import fs from "node:fs";
import path from "node:path";
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import en from "@/messages/en.json";
import zh from "@/messages/zh-CN.json";

const ROOT = path.resolve(__dirname, "../../..");

/** Every key path of a messages object with its text ("Jobs.title" → "Jobs"). */
function entries(messages: object, prefix = ""): [string, string][] {
  return Object.entries(messages).flatMap(([k, v]) =>
    typeof v === "object" && v ? entries(v as object, `${prefix}${k}.`) : [[`${prefix}${k}`, String(v)]],
  );
}

/** The ICU arguments and tags of a message ({name}, {n}, <code>), sorted, so both languages fill the same slots. */
function slots(text: string): string[] {
  // An argument is a name followed by "}" or ","; words of plural branches ("{# passages}") are not arguments.
  const args = [...text.matchAll(/\{\s*(\w+)\s*[},]/g)].map((m) => `{${m[1]}}`);
  const tags = [...text.matchAll(/<(\w+)>/g)].map((m) => `<${m[1]}>`);
  return [...new Set([...args, ...tags])].sort();
}

/** The .tsx and .ts files of the interface (pages, layouts, components). */
function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sources(rel);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith(".d.ts") ? [rel] : [];
  });
}

/**
 * The message keys a source file asks for: each `const x = useTranslations("Ns")` (or `await getTranslations("Ns")`)
 * binds x to a namespace until the next binding of x; every `x("key"`, `x.rich("key"` and both branches of
 * `x(cond ? "a" : "b")` after it is a key of that namespace. Keys built at run time (`t(status)`) are guarded
 * by `t.has` or come from a closed set and are not listed.
 */
function usedKeys(source: string): string[] {
  const bindings = [
    ...source.matchAll(/const (\w+) = (?:await )?(?:useTranslations|getTranslations)\(\s*"([\w.]+)"\s*\)/g),
  ].map((m) => ({ name: m[1], ns: m[2], at: m.index }));
  const keys: string[] = [];
  for (const name of new Set(bindings.map((b) => b.name))) {
    const nsAt = (at: number) => bindings.filter((b) => b.name === name && b.at < at).at(-1)?.ns;
    const call = new RegExp(`(?<![\\w.])${name}(?:\\.rich|\\.markup)?\\(\\s*"([\\w.]+)"`, "g");
    for (const m of source.matchAll(call)) keys.push(`${nsAt(m.index)}.${m[1]}`);
    const ternary = new RegExp(
      `(?<![\\w.])${name}(?:\\.rich)?\\(\\s*[^()?]*\\?\\s*"([\\w.]+)"\\s*:\\s*"([\\w.]+)"\\s*[,)]`,
      "g",
    );
    for (const m of source.matchAll(ternary)) keys.push(`${nsAt(m.index)}.${m[1]}`, `${nsAt(m.index)}.${m[2]}`);
  }
  return keys;
}

describe("the message files", () => {
  const english = new Map(entries(en));
  const chinese = new Map(entries(zh));

  it("have exactly the same keys in English and Simplified Chinese", () => {
    expect([...chinese.keys()].filter((k) => !english.has(k))).toEqual([]);
    expect([...english.keys()].filter((k) => !chinese.has(k))).toEqual([]);
  });

  it("fill the same arguments in both languages, and no message is empty", () => {
    for (const [key, text] of english) {
      expect(text.trim(), key).not.toBe("");
      expect(chinese.get(key)?.trim(), key).not.toBe("");
      expect(slots(chinese.get(key) ?? ""), key).toEqual(slots(text));
    }
  });

  it("parse and format in both languages (valid ICU syntax, every argument filled)", () => {
    for (const [locale, messages, list] of [
      ["en", en, english],
      ["zh-CN", zh, chinese],
    ] as const) {
      const errors: string[] = [];
      const t = createTranslator({ locale, messages, timeZone: "UTC", onError: (e) => errors.push(e.message) });
      for (const [key, text] of list) {
        const values = Object.fromEntries(
          slots(text).map((s) => (s.startsWith("<") ? [s.slice(1, -1), (c: string) => c] : [s.slice(1, -1), 2])),
        );
        expect(t.markup(key as never, values as never), key).not.toBe(key);
      }
      expect(errors).toEqual([]);
    }
  });

  it("hold every key that the interface's code asks for", () => {
    const files = [...sources("app"), ...sources("components")];
    const missing: string[] = [];
    let used = 0;
    for (const file of files) {
      for (const key of usedKeys(fs.readFileSync(path.join(ROOT, file), "utf8"))) {
        used++;
        if (!english.has(key)) missing.push(`${file}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
    // The scan itself works: it finds the keys of the pages already translated.
    expect(used).toBeGreaterThan(100);
  });

  it("finds keys in the forms the code uses", () => {
    const source = [
      'const t = useTranslations("Jobs");',
      'const u = await getTranslations("Upload");',
      't("title"); t.rich("digest", {}); u(format === "csv" ? "needsColumn" : "needsField"); t(stream);',
      'function Other() { const t = useTranslations("Corpus"); t("name"); }',
    ].join("\n");
    expect(usedKeys(source).sort()).toEqual([
      "Corpus.name",
      "Jobs.digest",
      "Jobs.title",
      "Upload.needsColumn",
      "Upload.needsField",
    ]);
  });
});
