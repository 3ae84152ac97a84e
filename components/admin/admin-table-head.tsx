/** A column of an admin table: its heading, and whether narrow screens hide it or only screen readers read it. */
export interface AdminColumn {
  label: string;
  hideBelow?: "sm" | "md";
  /** A heading for screen readers only (the actions column). */
  srOnly?: boolean;
}

// Whole class names, so that Tailwind finds them in the source.
const HIDE_BELOW = { sm: "max-sm:hidden", md: "max-md:hidden" } as const;

/** The header row shared by the users, keys and audit tables. */
export function AdminTableHead({ columns }: { columns: AdminColumn[] }) {
  return (
    <thead className="text-xs uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
      <tr>
        {columns.map((c) => (
          <th
            key={c.label}
            scope="col"
            className={`py-2 font-medium ${c.srOnly ? "" : "pr-3"} ${c.hideBelow ? HIDE_BELOW[c.hideBelow] : ""}`}
          >
            {c.srOnly ? <span className="sr-only">{c.label}</span> : c.label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
