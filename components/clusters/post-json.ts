/** Sends JSON to the API; resolves to the reply's body, or throws with the API's error message. */
export async function sendJson<T>(url: string, method: "POST" | "PATCH", body: unknown): Promise<T> {
  const res = await fetch(url, { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const reply = (await res.json().catch(() => null)) as ({ error?: { message?: string } } & T) | null;
  if (!res.ok) throw new Error(reply?.error?.message ?? `the server answered ${res.status}`);
  return reply as T;
}
