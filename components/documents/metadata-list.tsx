import { useTranslations } from "next-intl";

/** Metadata values as stored: scalars, but older rows or other sources may hold anything JSON. */
function show(value: unknown): string {
  if (value === null || value === undefined) return "–";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** A document's metadata (the source's other columns or fields) as a definition list. */
export function MetadataList({ metadata }: { metadata: Record<string, unknown> }) {
  const t = useTranslations("Document");
  const entries = Object.entries(metadata);
  if (entries.length === 0) return <p className="text-sm text-zinc-500 dark:text-zinc-400">{t("noMetadata")}</p>;
  return (
    <dl className="grid grid-cols-[minmax(6rem,auto)_1fr] gap-x-4 gap-y-2 text-sm">
      {entries.map(([key, value]) => (
        <div key={key} className="contents">
          <dt className="font-medium break-words text-zinc-500 dark:text-zinc-400">{key}</dt>
          <dd className="min-w-0 break-words text-zinc-900 dark:text-zinc-100">{show(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
