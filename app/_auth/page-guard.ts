import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { appServices } from "@/lib/app-services";
import { ensureEnvAdmin, needsSetup } from "@/lib/auth/accounts";
import { ANONYMOUS, type Principal } from "@/lib/auth/principal";
import { SESSION_COOKIE, sessionPrincipal } from "@/lib/auth/session-token";
import { publicCorpusIds } from "@/lib/db/queries/corpora";
import { clientAddress } from "@/lib/auth/client-address";
import { pageRateLimitError, rateLimiters } from "@/lib/auth/rate-limits";

/** What the viewer of a server page may see. Pages and server actions check access here; API routes in lib/auth/guard-request.ts. */
export interface PageAccess {
  principal: Principal;
  isAdmin: boolean;
  isLoggedIn: boolean;
  /** Logged-in accounts read every corpus; anonymous visitors the public ones (read once, when first asked). */
  canReadCorpus(id: number): Promise<boolean>;
}

/**
 * Takes one token per request (layout, metadata and page share it) from the address's page
 * bucket (`COGNATE_RATE_LIMIT_PAGES`): pages do work too, the search page a whole search with
 * explanations. Past the budget the page fails with a digest the error page explains.
 */
const takePageToken = cache(async (): Promise<void> => {
  const { cfg } = appServices();
  const ip = clientAddress(new Request("http://localhost/", { headers: await headers() }), cfg.auth.trustedProxies);
  const verdict = await rateLimiters(cfg.auth).page.take(ip);
  if (!verdict.ok) throw pageRateLimitError(verdict.retryAfterS);
});

/** The viewer of the current page or server action, from the session cookie (rate-limited per address). */
export async function pageAccess(): Promise<PageAccess> {
  const { db, cfg } = appServices();
  await takePageToken();
  await ensureEnvAdmin(db, cfg.auth);
  const principal = (await sessionPrincipal(db, (await cookies()).get(SESSION_COOKIE)?.value)) ?? ANONYMOUS;
  const isLoggedIn = principal.kind === "user";
  let publicIds: Promise<Set<number>> | undefined;
  return {
    principal,
    isLoggedIn,
    isAdmin: principal.kind === "user" && principal.role === "admin",
    canReadCorpus: async (id) => isLoggedIn || (await (publicIds ??= publicCorpusIds(db))).has(id),
  };
}

/** The items (corpora) of `items` that the viewer may read, in their order. */
export async function readableCorpora<T extends { id: number }>(access: PageAccess, items: readonly T[]): Promise<T[]> {
  const readable: T[] = [];
  for (const item of items) if (await access.canReadCorpus(item.id)) readable.push(item);
  return readable;
}

/** The login page for `next`, sending a first start to /setup instead. */
async function loginRedirect(next: string, reason?: "admin"): Promise<never> {
  if (await needsSetup(appServices().db)) redirect("/setup");
  redirect(`/login?${new URLSearchParams({ next, ...(reason ? { reason } : {}) })}`);
}

/**
 * Lets the page render only for a logged-in account (`user`) or an admin (`admin`); anyone else
 * goes to /login and comes back to `next` afterwards.
 */
export async function requirePageRole(role: "user" | "admin", next: string): Promise<PageAccess> {
  const access = await pageAccess();
  if (!access.isLoggedIn) await loginRedirect(next);
  if (role === "admin" && !access.isAdmin) await loginRedirect(next, "admin");
  return access;
}

/** Sends a visitor who may not read corpus `id` to /login. */
export async function requireCorpusRead(access: PageAccess, id: number, next: string): Promise<void> {
  if (!(await access.canReadCorpus(id))) await loginRedirect(next);
}

/** For server actions: throws unless an admin calls (Next.js checks the Origin of actions itself). */
export async function requireAdminAction(): Promise<PageAccess> {
  const access = await pageAccess();
  if (!access.isAdmin) throw new Error("only an admin may do this; log in as an admin");
  return access;
}
