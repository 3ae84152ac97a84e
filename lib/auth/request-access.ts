import { AccessError, loginRequired } from "@/lib/auth/access-error";
import { hasScope, type Principal, type Scope } from "@/lib/auth/principal";

/**
 * What the caller of one request may read, handed to route handlers by the access layer.
 * Logged-in accounts and API keys with the route's scope read every corpus; anonymous callers
 * read only corpora an admin made public, and only through routes whose rule allows it.
 */
export class RequestAccess {
  /** Set once the handler has asked about a corpus; an anonymous call that never asks is refused. */
  corpusChecked = false;
  /** A short note for the audit log (never a secret), e.g. the name of a created key. */
  auditDetail?: string;

  constructor(
    readonly principal: Principal,
    /** The public corpora's ids, read by the access layer for anonymous callers (empty for others). */
    private readonly publicCorpora: ReadonlySet<number>,
  ) {}

  get isAnonymous(): boolean {
    return this.principal.kind === "anonymous";
  }

  /** True when the caller may read corpus `id` (for anonymous callers: it is public). */
  canReadCorpus(id: number): boolean {
    this.corpusChecked = true;
    return !this.isAnonymous || this.publicCorpora.has(id);
  }

  /** The corpora of `list` the caller may read (anonymous callers: the public ones; none is an answer too). */
  readableCorpora<T extends { id: number }>(list: T[]): T[] {
    this.corpusChecked = true;
    return list.filter((c) => this.canReadCorpus(c.id));
  }

  /**
   * Throws 401 unless the caller may read corpus `id`. `undefined` means "all corpora", which
   * anonymous callers may not read: they must name a public corpus. Anonymous callers get the
   * same answer for a private corpus and a missing one, so ids reveal nothing.
   */
  assertCorpusReadable(id: number | undefined): void {
    if (id === undefined ? this.isAnonymous : !this.canReadCorpus(id)) {
      this.corpusChecked = true;
      throw id === undefined
        ? loginRequired("all corpora; or pass corpusId of a public corpus")
        : loginRequired(`corpus ${id}`);
    }
  }

  /** Throws 403 unless the caller holds `scope`. */
  assertScope(scope: Scope): void {
    if (!hasScope(this.principal, scope)) throw new AccessError(403, `this needs the ${scope} scope`);
  }
}

const byRequest = new WeakMap<Request, RequestAccess>();

/** Attaches the access of a request (done by the access layer only). */
export function attachAccess(request: Request, access: RequestAccess): void {
  byRequest.set(request, access);
}

/** The access of a request that went through `handle`; throws for one that did not (a wiring bug). */
export function requestAccess(request: Request): RequestAccess {
  const access = byRequest.get(request);
  if (!access) throw new Error("requestAccess: this request did not pass through handle() from lib/api/api-error");
  return access;
}
