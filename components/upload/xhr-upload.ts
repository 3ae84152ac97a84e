import type { Translate } from "@/components/ui/translate";

/** The server's answer to an upload. */
export interface UploadAnswer {
  status: number;
  /** Parsed JSON body, or null when the body was not JSON (a proxy's error page). */
  body: unknown;
}

/**
 * POSTs a form with XMLHttpRequest, because fetch() cannot report upload progress.
 * @param onProgress fraction of the request body sent, 0 to 1
 * @param words the Requests namespace, for a connection that fails
 * @returns the answer (any status) and `abort` to stop the upload
 */
export function postWithProgress(
  url: string,
  form: FormData,
  onProgress: (fraction: number) => void,
  words: Translate,
): { done: Promise<UploadAnswer>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<UploadAnswer>((resolve, reject) => {
    xhr.open("POST", url);
    xhr.responseType = "text";
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // Not JSON: the caller reports the status.
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new Error(words("connectionFailed")));
    xhr.onabort = () => reject(new DOMException("upload cancelled", "AbortError"));
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

/** The `error.message` of an API error body, or a sentence built from the status in the language of `words` (Requests). */
export function errorMessage(answer: UploadAnswer, words: Translate): string {
  const body = answer.body as { error?: { message?: unknown } } | null;
  if (body && typeof body.error?.message === "string") return body.error.message;
  if (answer.status === 413) return words("uploadTooLarge");
  return words("uploadStatus", { status: answer.status });
}
