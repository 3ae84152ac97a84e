"use client";

import { useTranslations } from "next-intl";
import { useRef, useState, type DragEvent } from "react";
import { buttonClass } from "@/components/ui/styles";

/** Props of {@link DropZone}. */
export interface DropZoneProps {
  onFile: (file: File) => void;
  disabled?: boolean;
  /** Size limit shown to the user, e.g. "50 MiB". */
  limitLabel: string;
  /** The file picker's filter: extensions and MIME types (`ACCEPT` of lib/ingest/formats/registry). */
  accept: string;
}

/**
 * Where a file is dropped or chosen. The "Choose file" button is a real button that opens the
 * (visually hidden) file input, so the keyboard works as well as drag and drop.
 */
export function DropZone({ onFile, disabled, limitLabel, accept }: DropZoneProps) {
  const t = useTranslations("Upload");
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  function drop(e: DragEvent) {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file && !disabled) onFile(file);
  }

  return (
    <div
      onDragOver={(e) => {
        e.preventDefault();
        if (!disabled) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
      className={`flex flex-col items-center justify-center gap-3 rounded-lg border-2 border-dashed px-6 py-8 text-center transition-colors ${
        over ? "border-accent-500 bg-accent-50 dark:bg-accent-950/40" : "border-zinc-300 dark:border-zinc-700"
      }`}
    >
      <svg
        aria-hidden="true"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        className="h-8 w-8 text-zinc-400"
      >
        <path
          strokeLinecap="round"
          strokeLinejoin="round"
          d="M3 16.5v2.25A2.25 2.25 0 0 0 5.25 21h13.5A2.25 2.25 0 0 0 21 18.75V16.5m-13.5-9L12 3m0 0 4.5 4.5M12 3v13.5"
        />
      </svg>
      <p className="text-sm text-zinc-700 dark:text-zinc-300">{t("drag")}</p>
      <button
        type="button"
        disabled={disabled}
        onClick={() => input.current?.click()}
        className={buttonClass("secondary")}
      >
        {t("chooseFile")}
      </button>
      <input
        ref={input}
        type="file"
        accept={accept}
        tabIndex={-1}
        aria-label={t("fileToUpload")}
        data-testid="upload-input"
        className="sr-only"
        disabled={disabled}
        onChange={(e) => {
          const file = e.target.files?.[0];
          // Clear the input so choosing the same file again still fires a change.
          e.target.value = "";
          if (file) onFile(file);
        }}
      />
      <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("accepted", { limit: limitLabel })}</p>
    </div>
  );
}
