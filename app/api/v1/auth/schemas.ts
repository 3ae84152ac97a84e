import { z } from "zod";
import { PASSWORD_MAX, PASSWORD_MIN } from "@/lib/auth/accounts";
import { ROLES } from "@/lib/auth/principal";

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "use at most 254 characters")
  .pipe(z.email("enter an email address, like ada@example.org"));
export const password = z
  .string()
  .min(PASSWORD_MIN, `use at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `use at most ${PASSWORD_MAX} characters`);

/** POST /auth/login. The password is not length-checked here: a wrong one is simply wrong. */
export const loginBody = z
  .object({ email, password: z.string().min(1, "enter your password").max(PASSWORD_MAX) })
  .strict();

/** POST /auth/setup: the first admin account; `setupToken` (from the server log) when not set up from the server itself. */
export const setupBody = z.object({ email, password, setupToken: z.string().max(200).optional() }).strict();

/** POST /users: a new account. */
export const createUserBody = z.object({ email, password, role: z.enum(ROLES).default("user") }).strict();

/** PATCH /users/{id}: change the role and/or set a new password. */
export const updateUserBody = z
  .object({ role: z.enum(ROLES).optional(), password: password.optional() })
  .strict()
  .refine((b) => b.role !== undefined || b.password !== undefined, {
    message: "give a role or a password to change",
    path: ["role"],
  });
