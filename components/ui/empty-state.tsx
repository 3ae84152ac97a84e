import type { ReactNode } from "react";

/** A centred message for lists and results that have nothing to show yet. */
export function EmptyState({ title, children, testId }: { title: string; children?: ReactNode; testId?: string }) {
  return (
    <div
      data-testid={testId}
      className="rounded-lg border border-dashed border-zinc-300 px-6 py-12 text-center dark:border-zinc-700"
    >
      <p className="text-base font-medium text-zinc-900 dark:text-zinc-100">{title}</p>
      {children && <div className="mx-auto mt-2 max-w-prose text-sm text-zinc-600 dark:text-zinc-400">{children}</div>}
    </div>
  );
}
