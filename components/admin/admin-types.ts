/** An account as the admin page lists it. */
export interface UserItem {
  id: number;
  email: string;
  role: string;
  createdAt: number;
}

/** An API key as the admin page lists it (never the secret). */
export interface KeyItem {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  status: "active" | "expired" | "revoked";
  expiresAt: number | null;
  lastUsedAt: number | null;
  createdAt: number;
}
