"use client";

import { useRef, useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import type { JobView } from "@/lib/jobs/job-view";
import { isActive, useJobEvents } from "@/components/jobs/use-job-events";
import { Alert } from "@/components/ui/alert";
import { formatSize } from "@/components/ui/format";
import { ProgressBar } from "@/components/ui/progress-bar";
import { buttonClass, surfaceClass } from "@/components/ui/styles";
import { ColumnPicker, suggestedChoices, type ColumnChoices } from "@/components/upload/column-picker";
import { DropZone } from "@/components/upload/drop-zone";
import { readPreview, type FilePreview } from "@/components/upload/read-preview";
import { UploadJobs } from "@/components/upload/upload-jobs";
import type { BrowserFormat } from "@/lib/ingest/formats/upload-format";
import { errorMessage, postWithProgress } from "@/components/upload/xhr-upload";

/** Props of {@link UploadPanel}. */
export interface UploadPanelProps {
  corpusId: number;
  /** The server's upload limit in bytes (COGNATE_MAX_UPLOAD_MB). */
  maxBytes: number;
  /** This corpus's recent jobs, rendered on the server. */
  initialJobs: JobView[];
  /** The upload formats the server parses (`browserFormats()`). */
  formats: BrowserFormat[];
  /** The file picker's filter (`ACCEPT`). */
  accept: string;
}

/**
 * Uploads a file into a corpus: choose or drop it, pick the text and title columns of a table,
 * watch the bytes go up, then follow the ingest job live; the page's data refreshes when it ends.
 */
export function UploadPanel({ corpusId, maxBytes, initialJobs, formats, accept }: UploadPanelProps) {
  const router = useRouter();
  const t = useTranslations("Upload");
  const status = useTranslations("Status");
  const requests = useTranslations("Requests");
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<FilePreview | null>(null);
  const [choices, setChoices] = useState<ColumnChoices>({ text: [], title: "" });
  const [sent, setSent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [followed, setFollowed] = useState<number[]>([]);
  const [announcement, setAnnouncement] = useState("");
  const abort = useRef<(() => void) | null>(null);
  const pick = useRef(0);

  const { jobs } = useJobEvents({
    corpusId,
    initial: initialJobs,
    onChange: (job, previous) => {
      const ended = !isActive(job) && (previous ? isActive(previous) : followed.includes(job.id));
      if (!ended) return;
      setAnnouncement(`${job.title}: ${status.has(job.status) ? status(job.status) : job.status}`);
      router.refresh();
    },
  });
  const shown = jobs.filter((j) => j.type === "ingest" && (isActive(j) || followed.includes(j.id)));

  async function choose(next: File) {
    const token = ++pick.current;
    setError(null);
    setFile(null);
    setPreview(null);
    if (next.size > maxBytes) {
      setError(t("tooLarge", { name: next.name, size: formatSize(next.size), limit: formatSize(maxBytes) }));
      return;
    }
    try {
      const result = await readPreview(next, formats, t);
      if (token !== pick.current) return; // another file was chosen meanwhile
      setFile(next);
      setPreview(result);
      setChoices(result.kind === "table" ? suggestedChoices(result.inspection) : { text: [], title: "" });
    } catch (err) {
      if (token === pick.current) setError(err instanceof Error ? err.message : String(err));
    }
  }

  function clear() {
    setFile(null);
    setPreview(null);
    setError(null);
  }

  async function upload(e: FormEvent) {
    e.preventDefault();
    if (!file || !preview) return;
    const form = new FormData();
    form.append("file", file);
    if (preview.kind === "table" && preview.format === "csv") {
      if (choices.text.length) form.append("textColumns", choices.text.join(","));
      if (choices.title) form.append("titleColumn", choices.title);
    } else if (preview.kind === "table") {
      if (choices.text[0]) form.append("textField", choices.text[0]);
      if (choices.title) form.append("titleField", choices.title);
    }
    setError(null);
    setSent(0);
    setAnnouncement(t("uploadingFile", { name: file.name }));
    const request = postWithProgress(`/api/v1/corpora/${corpusId}/documents`, form, setSent, requests);
    abort.current = request.abort;
    try {
      const answer = await request.done;
      if (answer.status === 202) {
        const { jobId } = answer.body as { jobId: number };
        setFollowed((ids) => [jobId, ...ids]);
        setFile(null);
        setPreview(null);
        setAnnouncement(t("uploaded", { name: file.name }));
      } else {
        setError(errorMessage(answer, requests));
      }
    } catch (err) {
      if (!(err instanceof DOMException && err.name === "AbortError"))
        setError(err instanceof Error ? err.message : String(err));
      else setAnnouncement(t("uploadCancelled"));
    } finally {
      abort.current = null;
      setSent(null);
    }
  }

  const uploading = sent !== null;
  const needsText = preview?.kind === "table" && choices.text.length === 0;
  return (
    <section aria-labelledby="upload-heading" className={`${surfaceClass} p-5`}>
      <h2 id="upload-heading" className="text-base font-semibold">
        {t("title")}
      </h2>
      <p className="mt-1 mb-4 text-sm text-zinc-600 dark:text-zinc-400">{t("description")}</p>
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
      <div className="space-y-4">
        {!file && <DropZone onFile={choose} disabled={uploading} limitLabel={formatSize(maxBytes)} accept={accept} />}
        {file && preview && (
          <form onSubmit={upload} className="space-y-4" aria-label={t("uploadFile", { name: file.name })}>
            <div className="flex flex-wrap items-center justify-between gap-2 rounded-md bg-zinc-50 px-3 py-2 text-sm dark:bg-zinc-800/60">
              <span className="min-w-0 truncate">
                <span className="font-medium">{file.name}</span>{" "}
                <span className="text-zinc-500 dark:text-zinc-400">
                  · {preview.format.toUpperCase()} · {formatSize(file.size)}
                </span>
              </span>
              <button type="button" disabled={uploading} onClick={clear} className={buttonClass("ghost", "text-xs")}>
                {t("chooseAnother")}
              </button>
            </div>
            {preview.kind === "table" && (
              <ColumnPicker
                format={preview.format}
                inspection={preview.inspection}
                choices={choices}
                onChange={setChoices}
                disabled={uploading}
              />
            )}
            {preview.kind === "unreadable" && (
              <Alert tone="warning" title={t("unreadable")}>
                {t("unreadableDetail", { message: preview.message })} {t("unreadableHint")}
              </Alert>
            )}
            {uploading ? (
              <div className="space-y-1.5" aria-live="polite">
                <ProgressBar value={sent} label={t("uploadOf", { name: file.name })} testId="upload-progress" />
                <div className="flex items-center justify-between text-xs text-zinc-600 dark:text-zinc-400">
                  <span>
                    {t("uploading")} <span className="tabular-nums">{Math.round((sent ?? 0) * 100)}%</span>
                    {sent === 1 && ` · ${t("checking")}`}
                  </span>
                  <button type="button" onClick={() => abort.current?.()} className={buttonClass("ghost", "text-xs")}>
                    {t("cancelUpload")}
                  </button>
                </div>
              </div>
            ) : (
              <div className="flex items-center gap-3">
                <button type="submit" disabled={needsText} className={buttonClass("primary")}>
                  {t("upload")}
                </button>
                {needsText && (
                  <p className="text-sm text-zinc-600 dark:text-zinc-400">
                    {t(preview.format === "csv" ? "needsColumn" : "needsField")}
                  </p>
                )}
              </div>
            )}
          </form>
        )}
        {error && (
          <Alert tone="error" testId="upload-error" title={t("refused")}>
            {error}
          </Alert>
        )}
        <UploadJobs jobs={shown} />
      </div>
    </section>
  );
}
