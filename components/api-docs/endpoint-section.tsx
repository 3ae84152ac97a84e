import { useTranslations } from "next-intl";
import { BodySchema } from "@/components/api-docs/body-schema";
import { FieldTable } from "@/components/api-docs/field-table";
import { MethodBadge } from "@/components/api-docs/method-badge";
import type { Endpoint } from "@/components/api-docs/openapi-types";

/** Shows `code` spans written in backticks inside OpenAPI descriptions. */
function Prose({ text }: { text: string }) {
  return (
    <>
      {text.split(/(`[^`]+`)/).map((part, i) =>
        part.startsWith("`") && part.endsWith("`") ? (
          <code key={i} className="font-mono text-[0.85em]">
            {part.slice(1, -1)}
          </code>
        ) : (
          <span key={i}>{part}</span>
        ),
      )}
    </>
  );
}

function statusTone(code: string): string {
  if (code.startsWith("2")) return "text-emerald-700 dark:text-emerald-400";
  if (code.startsWith("4")) return "text-amber-700 dark:text-amber-400";
  if (code.startsWith("5")) return "text-red-700 dark:text-red-400";
  return "text-zinc-700 dark:text-zinc-300";
}

const h4 = "mb-2 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400";

/** One endpoint: method, path (with a link to itself), summary, parameters, request body and responses. */
export function EndpointSection({ endpoint }: { endpoint: Endpoint }) {
  const t = useTranslations("ApiDocs");
  const { method, path, operation, parameters, anchor } = endpoint;
  const body = operation.requestBody?.content ? Object.entries(operation.requestBody.content) : [];
  const responses = Object.entries(operation.responses ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return (
    <article
      id={anchor}
      aria-labelledby={`${anchor}-title`}
      className="scroll-mt-20 rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
      data-testid="api-endpoint"
    >
      <h3 id={`${anchor}-title`} className="group flex flex-wrap items-center gap-3">
        <MethodBadge method={method} />
        <code className="font-mono text-sm font-semibold break-all text-zinc-900 dark:text-zinc-50">{path}</code>
        <a
          href={`#${anchor}`}
          className="text-sm text-zinc-400 opacity-60 group-hover:opacity-100 hover:text-accent-600 focus-visible:opacity-100 dark:hover:text-accent-300"
        >
          <span aria-hidden="true">#</span>
          <span className="sr-only">
            Link to {method.toUpperCase()} {path}
          </span>
        </a>
      </h3>
      {operation.summary && (
        <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">
          <Prose text={operation.summary} />
        </p>
      )}
      {operation.description && (
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          <Prose text={operation.description} />
        </p>
      )}

      <div className="mt-4 space-y-5">
        {parameters.length > 0 && (
          <div>
            <h4 className={h4}>{t("parameters")}</h4>
            <FieldTable
              caption={t("parametersOf", { endpoint: `${method.toUpperCase()} ${path}` })}
              rows={parameters.map((p) => ({
                name: p.name,
                location: p.in,
                schema: p.schema,
                required: p.required,
                description: p.description,
              }))}
            />
          </div>
        )}
        {body.map(([mediaType, { schema }]) => (
          <div key={mediaType}>
            <h4 className={h4}>
              {t("requestBody")} <span className="ml-1 font-mono font-normal normal-case">{mediaType}</span>
            </h4>
            {schema ? (
              <BodySchema schema={schema} label={t("requestBodyOf", { endpoint: `${method.toUpperCase()} ${path}` })} />
            ) : (
              <p className="text-xs text-zinc-500">{t("any")}</p>
            )}
          </div>
        ))}
        {responses.length > 0 && (
          <div>
            <h4 className={h4}>{t("responses")}</h4>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
              {responses.map(([code, response]) => (
                <div key={code} className="contents">
                  <dt className={`font-mono text-xs leading-5 font-semibold ${statusTone(code)}`}>{code}</dt>
                  <dd className="text-xs leading-5 text-zinc-700 dark:text-zinc-300">
                    {response.description ? <Prose text={response.description} /> : "–"}
                  </dd>
                </div>
              ))}
            </dl>
          </div>
        )}
      </div>
    </article>
  );
}
