import { appServices } from "@/lib/app-services";
import { ApiError, handle, idParam, jsonBody, notFound } from "@/lib/api/api-error";
import { hashSecret } from "@/lib/auth/password-hash";
import { requestAccess } from "@/lib/auth/request-access";
import { deleteUserSessions } from "@/lib/db/queries/sessions";
import { countAdmins, deleteUser, getUser, updateUser } from "@/lib/db/queries/users";
import { updateUserBody } from "@/app/api/v1/auth/schemas";

type Ctx = { params: Promise<{ id: string }> };

/** Refuses to leave Cognate without an admin. */
function keepOneAdmin(id: number, becomesAdmin: boolean): void {
  const { db } = appServices();
  if (getUser(db, id)?.role === "admin" && !becomesAdmin && countAdmins(db) <= 1) {
    throw new ApiError(409, "this is the last admin account: make another account admin first");
  }
}

/** PATCH /api/v1/users/{id} `{ role?, password? }`: changes the role or password; the account's sessions end. */
export const PATCH = handle(async (request: Request, { params }: Ctx) => {
  const id = idParam((await params).id, "user");
  const body = updateUserBody.parse(await jsonBody(request));
  const { db } = appServices();
  if (!getUser(db, id)) throw notFound(`user ${id}`);
  if (body.role !== undefined) keepOneAdmin(id, body.role === "admin");
  const passwordHash = body.password === undefined ? undefined : await hashSecret(body.password);
  if (!updateUser(db, id, { role: body.role, passwordHash })) throw notFound(`user ${id}`);
  deleteUserSessions(db, id);
  const user = getUser(db, id)!;
  requestAccess(request).auditDetail =
    [body.role && `role ${body.role}`, passwordHash && "new password"].filter(Boolean).join(", ") +
    ` for ${user.email}`;
  return Response.json({ user });
});

/** DELETE /api/v1/users/{id}: removes the account and its sessions, and revokes the API keys it created. */
export const DELETE = handle(async (request: Request, { params }: Ctx) => {
  const id = idParam((await params).id, "user");
  const { db } = appServices();
  const user = getUser(db, id);
  if (!user) throw notFound(`user ${id}`);
  keepOneAdmin(id, false);
  deleteUser(db, id);
  requestAccess(request).auditDetail = `deleted ${user.email}`;
  return new Response(null, { status: 204 });
});
