/** Shared class names, so buttons and fields look the same on every page. */

const BUTTON_BASE =
  "inline-flex items-center justify-center gap-2 rounded-md text-sm font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-50";

const BUTTON_VARIANTS = {
  primary:
    "bg-accent-600 px-4 py-2 text-white shadow-sm hover:bg-accent-700 dark:bg-accent-500 dark:hover:bg-accent-400 dark:text-zinc-950",
  secondary:
    "border border-zinc-300 bg-white px-4 py-2 text-zinc-800 shadow-sm hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800",
  danger:
    "bg-red-600 px-4 py-2 text-white shadow-sm hover:bg-red-700 dark:bg-red-500 dark:hover:bg-red-400 dark:text-zinc-950",
  dangerOutline:
    "border border-red-300 bg-white px-4 py-2 text-red-700 shadow-sm hover:bg-red-50 dark:border-red-900 dark:bg-zinc-900 dark:text-red-400 dark:hover:bg-red-950/50",
  ghost: "px-3 py-1.5 text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
} as const;

/** A button's look: `primary` for the main action of a view, `danger` for destructive ones. */
export function buttonClass(variant: keyof typeof BUTTON_VARIANTS = "primary", extra = ""): string {
  return `${BUTTON_BASE} ${BUTTON_VARIANTS[variant]} ${extra}`.trim();
}

/** Text inputs, selects and textareas. */
export const fieldClass =
  "block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 shadow-sm placeholder:text-zinc-400 focus:border-accent-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-500 aria-invalid:border-red-500";

/** Field labels. */
export const labelClass = "block text-sm font-medium text-zinc-800 dark:text-zinc-200";

/** Inline links inside text. */
export const linkClass =
  "font-medium text-accent-700 underline decoration-accent-300 underline-offset-2 hover:decoration-2 dark:text-accent-300 dark:decoration-accent-700";

/** A bordered surface (cards, panels, tables). */
export const surfaceClass =
  "rounded-lg border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900";
