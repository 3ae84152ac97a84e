import type { Metadata } from "next";
import { headers } from "next/headers";
import { getTranslations } from "next-intl/server";
import { openApiDocument } from "@/app/api/v1/openapi.json/openapi-document";
import { CurlExamples } from "@/components/api-docs/curl-examples";
import { EndpointSection } from "@/components/api-docs/endpoint-section";
import { endpointGroup, listEndpoints, type Endpoint, type OpenApiDocument } from "@/components/api-docs/openapi-types";
import { PageHeader } from "@/components/ui/page-header";
import { buttonClass, linkClass } from "@/components/ui/styles";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API" };

/**
 * What programs call most comes first; other groups follow in document order. The English titles and
 * blurbs are the fallbacks; the page shows `ApiDocs.group.<key>.title`/`.blurb` in the reader's language.
 */
const GROUPS: Record<string, { title: string; blurb: string }> = {
  search: { title: "Search", blurb: "Hybrid, semantic or keyword search over passages." },
  similarity: { title: "Similarity", blurb: "Compare texts with a corpus's live model." },
  embed: { title: "Embeddings", blurb: "Sentence vectors from a corpus's live model." },
  corpora: { title: "Corpora", blurb: "Create and delete corpora, upload documents." },
  documents: { title: "Documents", blurb: "Read a document with its passages." },
  jobs: { title: "Jobs", blurb: "Follow and cancel background work." },
  auth: { title: "Sessions", blurb: "Log in and out in a browser; first-start setup." },
  users: { title: "Accounts", blurb: "Admins create accounts and change roles." },
  keys: {
    title: "API keys",
    blurb: "Admins create keys with scopes and expiry, and revoke them. Send one as Authorization: Bearer <key>.",
  },
  audit: { title: "Audit log", blurb: "Who did what, and when." },
};

function groupEndpoints(endpoints: Endpoint[]): { key: string; endpoints: Endpoint[] }[] {
  const groups = new Map<string, Endpoint[]>(Object.keys(GROUPS).map((k) => [k, []]));
  for (const e of endpoints) {
    const key = endpointGroup(e.path);
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return [...groups].filter(([, list]) => list.length > 0).map(([key, list]) => ({ key, endpoints: list }));
}

/** The origin the browser used, so the curl examples work as pasted. */
async function requestOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host");
  if (!host) return "";
  const proto = h.get("x-forwarded-proto")?.split(",")[0] ?? "http";
  return `${proto}://${host}`;
}

/** The HTTP API, rendered from the same OpenAPI document that `/api/v1/openapi.json` serves. */
export default async function ApiDocsPage() {
  const origin = await requestOrigin();
  // zod's JSON Schema type allows boolean schemas anywhere; the renderer reads the object form.
  const doc = openApiDocument(origin) as unknown as OpenApiDocument;
  const groups = groupEndpoints(listEndpoints(doc));
  const base = origin || "http://localhost:3000";
  const t = await getTranslations("ApiDocs");
  const groupText = (key: string, part: "title" | "blurb") =>
    t.has(`group.${key}.${part}`) ? t(`group.${key}.${part}`, { key: "<key>" }) : part === "title" ? key : "";

  return (
    <>
      <PageHeader
        title="API"
        description={doc.info.description}
        actions={
          <a href="/api/v1/openapi.json" className={buttonClass("secondary")} data-testid="openapi-link">
            openapi.json
          </a>
        }
      >
        <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">
          {doc.info.title} · {t("version", { version: doc.info.version })} · OpenAPI {doc.openapi} · {t("baseUrl")}{" "}
          <code className="font-mono">{base}</code>
        </p>
      </PageHeader>

      <div className="lg:grid lg:grid-cols-[14rem_1fr] lg:gap-10">
        <nav aria-label={t("sections")} className="mb-8 lg:hidden">
          <ul className="flex flex-wrap gap-2 text-sm">
            {[
              { href: "#try-it", label: t("tryIt") },
              ...groups.map((g) => ({ href: `#group-${g.key}`, label: groupText(g.key, "title") })),
            ].map((l) => (
              <li key={l.href}>
                <a
                  href={l.href}
                  className="inline-block rounded-full border border-zinc-300 bg-white px-3 py-1 text-zinc-700 hover:border-accent-400 hover:text-accent-700 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300 dark:hover:border-accent-500 dark:hover:text-accent-300"
                >
                  {l.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <nav
          aria-label={t("endpoints")}
          className="hidden lg:sticky lg:top-20 lg:block lg:max-h-[calc(100vh-6rem)] lg:self-start lg:overflow-y-auto"
        >
          <a href="#try-it" className={`${linkClass} text-sm`}>
            {t("tryIt")}
          </a>
          {groups.map((g) => (
            <div key={g.key} className="mt-4">
              <a
                href={`#group-${g.key}`}
                className="text-xs font-semibold tracking-wide text-zinc-500 uppercase hover:text-zinc-800 dark:text-zinc-400 dark:hover:text-zinc-200"
              >
                {groupText(g.key, "title")}
              </a>
              <ul className="mt-1.5 space-y-1">
                {g.endpoints.map((e) => (
                  <li key={e.anchor}>
                    <a
                      href={`#${e.anchor}`}
                      className="flex items-center gap-2 rounded px-1 py-0.5 text-xs text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
                    >
                      <span className="w-10 shrink-0 font-mono text-[0.65rem] font-semibold text-zinc-500 uppercase dark:text-zinc-400">
                        {e.method}
                      </span>
                      <span className="font-mono break-all">{e.path.replace(/^\/api\/v1/, "")}</span>
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>

        <div className="min-w-0 space-y-12">
          <section id="try-it" aria-labelledby="try-it-heading" className="scroll-mt-20">
            <h2 id="try-it-heading" className="text-lg font-semibold">
              {t("tryIt")}
            </h2>
            <p className="mt-1 mb-4 text-sm text-zinc-600 dark:text-zinc-400">
              {t.rich("tryItText", {
                shape: "{ error: { message } }",
                code: (chunks) => <code className="font-mono text-xs">{chunks}</code>,
              })}
            </p>
            <CurlExamples origin={base} />
          </section>

          {groups.map((g) => (
            <section
              key={g.key}
              id={`group-${g.key}`}
              aria-labelledby={`group-${g.key}-heading`}
              className="scroll-mt-20"
            >
              <h2 id={`group-${g.key}-heading`} className="text-lg font-semibold">
                {groupText(g.key, "title")}
              </h2>
              {GROUPS[g.key] && (
                <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{groupText(g.key, "blurb")}</p>
              )}
              <div className="mt-4 space-y-4">
                {g.endpoints.map((e) => (
                  <EndpointSection key={e.anchor} endpoint={e} />
                ))}
              </div>
            </section>
          ))}
        </div>
      </div>
    </>
  );
}
