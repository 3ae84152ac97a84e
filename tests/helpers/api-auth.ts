/** The master key route tests run with (set COGNATE_MASTER_KEY to it before importing a route). */
export const TEST_MASTER_KEY = "test-master-key-0123456789abcdef";

/** A Request sent with the master key, as automation would. */
export function adminRequest(url: string, init: RequestInit = {}): Request {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${TEST_MASTER_KEY}`);
  return new Request(url, { ...init, headers });
}
