import { appServices } from "@/lib/app-services";
import { handle, jsonBody } from "@/lib/api/api-error";
import { registerUser } from "@/lib/auth/accounts";
import { requestAccess } from "@/lib/auth/request-access";
import { listUsers } from "@/lib/db/queries/users";
import { createUserBody } from "@/app/api/v1/auth/schemas";

/** GET /api/v1/users: every account (never a password hash). */
export const GET = handle(async (_request: Request) => Response.json({ users: await listUsers(appServices().db) }));

/** POST /api/v1/users `{ email, password, role? }`: creates an account (409 when the email has one). */
export const POST = handle(async (request: Request) => {
  const body = createUserBody.parse(await jsonBody(request));
  const user = await registerUser(appServices().db, body);
  requestAccess(request).auditDetail = `created ${user.role} ${user.email}`;
  return Response.json({ user }, { status: 201 });
});
