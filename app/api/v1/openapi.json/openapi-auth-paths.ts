import { z } from "zod";
import { createKeyBody } from "@/app/api/v1/keys/schemas";
import { createUserBody, loginBody, setupBody, updateUserBody } from "@/app/api/v1/auth/schemas";
import { updateCorpusBody } from "@/app/api/v1/corpora/schemas";
import { auditQuery } from "@/app/api/v1/audit/schemas";
import { describeLoginThrottle } from "@/lib/auth/login-throttle";
import { rateLimitStoreKind } from "@/lib/auth/rate-limit-store";
import type { AuthConfig } from "@/lib/config";

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any" });
const json = (s: z.ZodType) => ({ required: true, content: { "application/json": { schema: schema(s) } } });
const ok = (description: string) => ({ description, content: { "application/json": { schema: { type: "object" } } } });
const invalid = { "400": { description: "invalid input: `error.details` lists the fields" } };
const idParam = (what: string) => ({
  name: "id",
  in: "path",
  required: true,
  description: `${what} id`,
  schema: { type: "integer" },
});

/**
 * Accounts, sessions, API keys and the audit log; the login's 429 is described with the limits
 * the server runs with.
 */
export const authPaths = (auth: Pick<AuthConfig, "rateLogin" | "ratePerIp" | "redisUrl">) => ({
  "/api/v1/auth/login": {
    post: {
      summary: "Log in: sets the httpOnly session cookie",
      requestBody: json(loginBody),
      responses: {
        "200": ok("{ user }"),
        "401": { description: "wrong email or password" },
        "429": {
          description: describeLoginThrottle(auth.rateLogin, auth.ratePerIp, rateLimitStoreKind(auth)),
          headers: { "Retry-After": { description: "seconds to wait", schema: { type: "integer" } } },
        },
        ...invalid,
      },
    },
  },
  "/api/v1/auth/setup": {
    post: {
      summary:
        "First start: create the first admin (only while no account exists); from another machine than the server, with `setupToken` from the server log",
      requestBody: json(setupBody),
      responses: {
        "201": ok("{ user }"),
        "403": { description: "not on the server itself and no or a wrong setupToken" },
        "409": { description: "set up already" },
        ...invalid,
      },
    },
  },
  "/api/v1/auth/logout": {
    post: { summary: "Log out: ends the session and clears the cookie", responses: { "200": ok("{ ok }") } },
  },
  "/api/v1/auth/me": {
    get: { summary: "Who the caller is and its scopes", responses: { "200": ok("{ kind, name, role, scopes }") } },
  },
  "/api/v1/users": {
    get: { summary: "List accounts", responses: { "200": ok("{ users }") } },
    post: {
      summary: "Create an account",
      requestBody: json(createUserBody),
      responses: { "201": ok("{ user }"), "409": { description: "the email has an account" }, ...invalid },
    },
  },
  "/api/v1/users/{id}": {
    parameters: [idParam("user")],
    patch: {
      summary: "Change an account's role or password (its sessions end)",
      requestBody: json(updateUserBody),
      responses: { "200": ok("{ user }"), "409": { description: "the last admin cannot lose the role" }, ...invalid },
    },
    delete: {
      summary: "Delete an account (and revoke the API keys it created)",
      responses: { "204": { description: "deleted" }, "409": { description: "the last admin cannot be deleted" } },
    },
  },
  "/api/v1/keys": {
    get: { summary: "List API keys (never the secret)", responses: { "200": ok("{ keys }") } },
    post: {
      summary: "Create an API key; `secret` in the answer is shown this once",
      requestBody: json(createKeyBody),
      responses: { "201": ok("{ key, secret }"), ...invalid },
    },
  },
  "/api/v1/keys/{id}": {
    parameters: [idParam("key")],
    delete: {
      summary: "Revoke an API key",
      responses: { "200": ok("{ key }"), "404": { description: "no such active key" } },
    },
  },
  "/api/v1/audit": {
    get: {
      summary: "Audit log: admin actions and sign-ins, newest first",
      parameters: Object.entries((schema(auditQuery) as { properties: Record<string, unknown> }).properties).map(
        ([name, p]) => ({ name, in: "query", schema: p }),
      ),
      responses: { "200": ok("{ entries }") },
    },
  },
});

/** PATCH /corpora/{id}: the public flag. */
export const corpusPatch = {
  summary: "Allow or stop anonymous reading of a corpus",
  requestBody: json(updateCorpusBody),
  responses: { "200": ok("{ corpus }"), ...invalid, "404": { description: "not found" } },
};
