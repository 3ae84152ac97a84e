"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { buttonClass } from "@/components/ui/styles";

/** Copies `text` to the clipboard and says so; where the browser refuses (plain http), it says to copy by hand. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const t = useTranslations("ApiDocs");
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
    setTimeout(() => setState("idle"), 2500);
  }
  return (
    <span className="flex items-center gap-2">
      <span aria-live="polite" className="text-xs text-zinc-500 dark:text-zinc-400">
        {state === "copied" ? t("copied") : state === "failed" ? t("copyFailed") : ""}
      </span>
      <button
        type="button"
        onClick={copy}
        aria-label={t("copyLabel", { label })}
        className={buttonClass("ghost", "px-2 py-1 text-xs")}
      >
        {t("copy")}
      </button>
    </span>
  );
}
