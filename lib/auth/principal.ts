/** Who is making a request, and what each kind of caller may do. */

/** Account roles: `admin` manages corpora, uploads, training, models, users and keys; `user` searches and explores. */
export const ROLES = ["admin", "user"] as const;
export type Role = (typeof ROLES)[number];

/** API key scopes. `admin` includes every other scope. */
export const SCOPES = ["search", "similarity", "embed", "admin"] as const;
export type Scope = (typeof SCOPES)[number];

/** The scopes a logged-in account holds by its role. */
export const ROLE_SCOPES: Record<Role, readonly Scope[]> = {
  admin: SCOPES,
  user: ["search", "similarity", "embed"],
};

/** The caller of one request. */
export type Principal =
  | { kind: "anonymous" }
  | { kind: "user"; userId: number; email: string; role: Role; sessionId: number }
  /** `scopes` are those the key acts with now: its own, capped by its creator's current role. `createdBy`: that account (null: the master key made it). */
  | { kind: "key"; keyId: number; name: string; prefix: string; scopes: readonly Scope[]; createdBy?: number | null }
  | { kind: "master" };

export const ANONYMOUS: Principal = Object.freeze({ kind: "anonymous" });

/** The scopes a principal holds (an admin scope brings all of them). */
export function scopesOf(p: Principal): readonly Scope[] {
  switch (p.kind) {
    case "anonymous":
      return [];
    case "master":
      return SCOPES;
    case "user":
      return ROLE_SCOPES[p.role];
    case "key":
      return p.scopes.includes("admin") ? SCOPES : p.scopes;
  }
}

/** True when the principal holds `scope`. */
export function hasScope(p: Principal, scope: Scope): boolean {
  return scopesOf(p).includes(scope);
}

/** A short label for logs and the audit trail; never a secret. */
export function actorLabel(p: Principal): string {
  switch (p.kind) {
    case "anonymous":
      return "anonymous";
    case "master":
      return "master key";
    case "user":
      return `user:${p.email}`;
    case "key":
      return `key:${p.name} (${p.prefix})`;
  }
}

/** Parses a comma-separated scope list as stored; unknown names are dropped. */
export function parseScopes(raw: string): Scope[] {
  return raw.split(",").filter((s): s is Scope => (SCOPES as readonly string[]).includes(s));
}
