/**
 * What kind of refusal a domain error is. Services throw these; only the API layer
 * (lib/api/api-error.ts) turns a kind into an HTTP status, and the CLI prints the message.
 */
export const DOMAIN_ERROR_KINDS = [
  /** The input breaks a rule (400). */
  "invalid",
  /** The caller is not logged in (401). */
  "unauthenticated",
  /** The caller may not do this (403). */
  "forbidden",
  /** The thing asked for does not exist (404). */
  "not_found",
  /** The request clashes with the current state: a duplicate name, nothing to work on yet (409). */
  "conflict",
  /** The input is larger than a configured limit (413). */
  "too_large",
  /** Too many requests for now (429). */
  "rate_limited",
  /** A dependency is not there right now; trying later may work (503). */
  "unavailable",
] as const;

export type DomainErrorKind = (typeof DOMAIN_ERROR_KINDS)[number];

/**
 * An error a user can act on: its message says what to do, its kind what sort of refusal it is,
 * and `details` (optional, JSON) points at the culprit (a field, a file and line).
 */
export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/** `<what> not found`, as every service says it. */
export const notFoundError = (what: string) => new DomainError("not_found", `${what} not found`);
