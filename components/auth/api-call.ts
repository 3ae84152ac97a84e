/** Result of a JSON call from a browser form: the body, or the server's message and per-field messages. */
export type ApiCallResult<T> = { ok: true; data: T } | { ok: false; message: string; fields: Record<string, string> };

/**
 * Sends JSON to the Cognate API from the browser (the session cookie and the page's Origin go
 * along, which is what the CSRF check wants) and unpacks `{ error: { message, details } }`.
 */
export async function apiCall<T>(url: string, method: string, body?: unknown): Promise<ApiCallResult<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, message: "Could not reach the server; check the connection and try again.", fields: {} };
  }
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (res.ok) return { ok: true, data: data as T };
  const fields: Record<string, string> = {};
  const details = data?.error?.details;
  if (Array.isArray(details))
    for (const d of details) if (d && typeof d.path === "string" && !fields[d.path]) fields[d.path] = String(d.message);
  const message =
    res.status === 429
      ? `Too many attempts; try again in ${res.headers.get("retry-after") ?? "a few"} seconds.`
      : (data?.error?.message ?? `The server answered ${res.status}.`);
  return { ok: false, message, fields };
}
