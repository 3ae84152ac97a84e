import type { Translate } from "@/components/ui/translate";

/** Result of a JSON call from a browser form: the body, or the server's message and per-field messages. */
export type ApiCallResult<T> = { ok: true; data: T } | { ok: false; message: string; fields: Record<string, string> };

/**
 * Sends JSON to the Cognate API from the browser (the session cookie and the page's Origin go
 * along, which is what the CSRF check wants) and unpacks `{ error: { message, details } }`.
 * `words` (the Requests namespace) says what went wrong when the server gave no message.
 */
export async function apiCall<T>(
  url: string,
  method: string,
  body: unknown,
  words: Translate,
): Promise<ApiCallResult<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, message: words("unreachable"), fields: {} };
  }
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (res.ok) return { ok: true, data: data as T };
  const fields: Record<string, string> = {};
  const details = data?.error?.details;
  if (Array.isArray(details))
    for (const d of details) if (d && typeof d.path === "string" && !fields[d.path]) fields[d.path] = String(d.message);
  const retryAfter = res.headers.get("retry-after");
  const message =
    res.status === 429
      ? retryAfter === null
        ? words("tooManySoon")
        : words("tooMany", { seconds: retryAfter })
      : (data?.error?.message ?? words("answeredSentence", { status: res.status }));
  return { ok: false, message, fields };
}
