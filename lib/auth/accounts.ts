import type { AuthConfig } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import { countUsers, createUser, getUserByEmail, updateUser, type PublicUser } from "@/lib/db/queries/users";
import { hashSecret, needsRehash, verifySecret } from "@/lib/auth/password-hash";
import type { Role } from "@/lib/auth/principal";

/** Passwords: 10 to 200 characters (long passphrases welcome; the cap keeps scrypt input bounded). */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

// A hash to verify against when the email is unknown, so that both answers take as long.
let dummyHash: Promise<string> | undefined;

/** Creates an account with a scrypt-hashed password. */
export async function registerUser(
  db: Db,
  input: { email: string; password: string; role: Role },
): Promise<PublicUser> {
  return createUser(db, { email: input.email, role: input.role, passwordHash: await hashSecret(input.password) });
}

/**
 * The account for an email and password, or undefined (same timing for unknown emails and wrong
 * passwords). A right password stored with an older, cheaper hash is hashed again at today's cost.
 */
export async function checkPassword(db: Db, email: string, password: string): Promise<PublicUser | undefined> {
  const user = await getUserByEmail(db, email);
  if (!user) {
    dummyHash ??= hashSecret("not a password of anyone");
    await verifySecret(password, await dummyHash);
    return undefined;
  }
  if (!(await verifySecret(password, user.passwordHash))) return undefined;
  if (needsRehash(user.passwordHash)) await updateUser(db, user.id, { passwordHash: await hashSecret(password) });
  const { passwordHash: _omit, ...rest } = user;
  void _omit;
  return rest;
}

/** True while no account exists: the first start then asks for an admin at /setup. */
export async function needsSetup(db: Db): Promise<boolean> {
  return (await countUsers(db)) === 0;
}

let bootstrapped: Promise<void> | undefined;

/**
 * Creates the admin named by COGNATE_ADMIN_EMAIL / COGNATE_ADMIN_PASSWORD when that account does
 * not exist yet (an existing account is left as it is). Once per process; safe to call on every request.
 */
export function ensureEnvAdmin(db: Db, auth: AuthConfig): Promise<void> {
  bootstrapped ??= (async () => {
    if (!auth.adminEmail || !auth.adminPassword || (await getUserByEmail(db, auth.adminEmail))) return;
    try {
      await registerUser(db, { email: auth.adminEmail, password: auth.adminPassword, role: "admin" });
      console.log(`[auth] created the admin account ${auth.adminEmail} from COGNATE_ADMIN_EMAIL`);
    } catch (err) {
      // Another process (web server and launcher) created it at the same moment.
      if (!(await getUserByEmail(db, auth.adminEmail))) throw err;
    }
  })().catch((err) => {
    // Let the next request try again instead of failing for the life of the process.
    bootstrapped = undefined;
    throw err;
  });
  return bootstrapped;
}
