import { formatCount } from "@/components/ui/format";
import { surfaceClass } from "@/components/ui/styles";

/** The headline numbers of a corpus as a row of tiles. */
export function CorpusStats({ stats }: { stats: { label: string; value: number | string }[] }) {
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
      {stats.map((s) => (
        <div key={s.label} className={`${surfaceClass} px-4 py-3`}>
          <dt className="text-xs text-zinc-500 dark:text-zinc-400">{s.label}</dt>
          <dd className="mt-1 text-xl font-semibold tabular-nums">
            {typeof s.value === "number" ? formatCount(s.value) : s.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
