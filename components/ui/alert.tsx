import type { ReactNode } from "react";

const TONES = {
  error: "border-red-300 bg-red-50 text-red-800 dark:border-red-800 dark:bg-red-950/60 dark:text-red-200",
  info: "border-accent-200 bg-accent-50 text-accent-900 dark:border-accent-800 dark:bg-accent-950/60 dark:text-accent-100",
  warning: "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-100",
  success:
    "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950/60 dark:text-emerald-100",
} as const;

/** Props of {@link Alert}. */
export interface AlertProps {
  tone?: keyof typeof TONES;
  title?: string;
  children: ReactNode;
  testId?: string;
  /** `alert` interrupts screen readers (errors); `status` waits politely. Default: alert for errors. */
  role?: "alert" | "status" | "none";
}

/** A boxed message: errors in red with role="alert", notices in the accent colour. */
export function Alert({ tone = "info", title, children, testId, role }: AlertProps) {
  const ariaRole = role ?? (tone === "error" ? "alert" : "status");
  return (
    <div
      role={ariaRole === "none" ? undefined : ariaRole}
      data-testid={testId}
      className={`rounded-md border px-4 py-3 text-sm ${TONES[tone]}`}
    >
      {title && <p className="font-semibold">{title}</p>}
      <div className={title ? "mt-1" : ""}>{children}</div>
    </div>
  );
}
