import type { Translate } from "@/components/ui/translate";

/**
 * Sends JSON to the API; resolves to the reply's body, or throws with the API's error message
 * (or, without one, the status in the language of `words`, the Requests namespace).
 */
export async function sendJson<T>(url: string, method: "POST" | "PATCH", body: unknown, words: Translate): Promise<T> {
  const res = await fetch(url, { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const reply = (await res.json().catch(() => null)) as ({ error?: { message?: string } } & T) | null;
  if (!res.ok) throw new Error(reply?.error?.message ?? words("answered", { status: res.status }));
  return reply as T;
}
