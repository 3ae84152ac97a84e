import { randomBytes, createHash, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { AccessError } from "@/lib/auth/access-error";

/**
 * The first-start setup token. Until an admin exists, anyone who reaches `/setup` first would
 * own the instance; so setup is open without a token only to a browser on the server itself
 * (loopback, no proxy in between), and from anywhere else needs this token, which is printed to
 * the server log and kept in `<dataDir>/setup-token` (mode 0600) until setup is done.
 */
export const SETUP_TOKEN_FILE = "setup-token";

let logged: string | undefined;

/** The setup token of this data folder, created (and logged) on first use. */
export function setupToken(dataDir: string): string {
  const file = path.join(dataDir, SETUP_TOKEN_FILE);
  let token: string;
  try {
    token = fs.readFileSync(file, "utf8").trim();
  } catch {
    token = randomBytes(18).toString("base64url");
    fs.mkdirSync(dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, token + "\n", { mode: 0o600, flag: "wx" });
    } catch {
      // Another process wrote it first: use theirs.
      token = fs.readFileSync(file, "utf8").trim();
    }
  }
  if (logged !== token) {
    logged = token;
    console.log(
      `[auth] first start: no admin account yet. Open /setup in a browser on this machine, or from elsewhere enter the setup token ${token} (also in ${file})`,
    );
  }
  return token;
}

/** Removes the token once an admin exists. */
export function clearSetupToken(dataDir: string): void {
  fs.rmSync(path.join(dataDir, SETUP_TOKEN_FILE), { force: true });
  logged = undefined;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+|localhost)$/i;

/**
 * True when the request came straight from this machine. `npm start` appends the socket's
 * address to `X-Forwarded-For` (workers/forwarded-for-preload.mjs), so a direct local browser
 * sends exactly one loopback entry; a reverse proxy adds the visitor's address before it (which
 * is why a proxy on the same host must send X-Forwarded-For). No header at all means a request
 * made inside the process (tests), never one from the network.
 */
export function isDirectLoopback(forwardedFor: string | null): boolean {
  const entries = (forwardedFor ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return entries.length === 0 || (entries.length === 1 && LOOPBACK.test(entries[0]));
}

/** Throws 403 unless setup may go on: from loopback, or with the right setup token. */
export function assertSetupAllowed(dataDir: string, forwardedFor: string | null, presented: string | undefined): void {
  if (isDirectLoopback(forwardedFor)) return;
  const token = setupToken(dataDir);
  const digest = (s: string) => createHash("sha256").update(s).digest();
  if (presented && timingSafeEqual(digest(presented.trim()), digest(token))) return;
  throw new AccessError(
    403,
    presented
      ? "the setup token is wrong: copy it from the server log (or the setup-token file in the data folder)"
      : "setting up from another machine needs the setup token printed in the server log (also in the setup-token file in the data folder); or open /setup on the server itself, or set COGNATE_ADMIN_EMAIL and COGNATE_ADMIN_PASSWORD",
  );
}
