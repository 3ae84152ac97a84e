/** A refusal by the access layer (401, 403, 429, 500 for a route without a rule), with extra headers such as Retry-After. */
export class AccessError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** 401 for callers who are not logged in, saying how to get in. */
export const loginRequired = (what = "this") =>
  new AccessError(401, `log in (or send an API key as Authorization: Bearer <key>) to use ${what}`, {
    "WWW-Authenticate": 'Bearer realm="cognate"',
  });
