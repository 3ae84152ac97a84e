import { appServices } from "@/lib/app-services";
import { ApiError, handle, idParam, jsonBody, notFound } from "@/lib/api/api-error";
import { hashSecret } from "@/lib/auth/password-hash";
import { requestAccess } from "@/lib/auth/request-access";
import { type Db, writeTransaction } from "@/lib/db/client";
import { deleteUserSessions } from "@/lib/db/queries/sessions";
import { countAdmins, deleteUser, getUser, updateUser } from "@/lib/db/queries/users";
import { updateUserBody } from "@/app/api/v1/auth/schemas";

type Ctx = { params: Promise<{ id: string }> };

/** Refuses to leave Cognate without an admin. */
async function keepOneAdmin(db: Db, id: number, becomesAdmin: boolean): Promise<void> {
  if ((await getUser(db, id))?.role === "admin" && !becomesAdmin && (await countAdmins(db)) <= 1) {
    throw new ApiError(409, "this is the last admin account: make another account admin first");
  }
}

/** PATCH /api/v1/users/{id} `{ role?, password? }`: changes the role or password; the account's sessions end. */
export const PATCH = handle(async (request: Request, { params }: Ctx) => {
  const id = idParam((await params).id, "user");
  const body = updateUserBody.parse(await jsonBody(request));
  const { db } = appServices();
  if (!(await getUser(db, id))) throw notFound(`user ${id}`);
  if (body.role !== undefined) await keepOneAdmin(db, id, body.role === "admin");
  const passwordHash = body.password === undefined ? undefined : await hashSecret(body.password);
  // The update, the end of the sessions and the read-back in one transaction, as one step; the last-admin
  // check again inside it, so that two admins demoted at once (or while the hash ran) cannot both pass it.
  const user = await writeTransaction(db, async (tx) => {
    if (body.role !== undefined) await keepOneAdmin(tx, id, body.role === "admin");
    if (!(await updateUser(tx, id, { role: body.role, passwordHash }))) throw notFound(`user ${id}`);
    await deleteUserSessions(tx, id);
    return (await getUser(tx, id))!;
  });
  requestAccess(request).auditDetail =
    [body.role && `role ${body.role}`, passwordHash && "new password"].filter(Boolean).join(", ") +
    ` for ${user.email}`;
  return Response.json({ user });
});

/** DELETE /api/v1/users/{id}: removes the account and its sessions, and revokes the API keys it created. */
export const DELETE = handle(async (request: Request, { params }: Ctx) => {
  const id = idParam((await params).id, "user");
  const { db } = appServices();
  // The checks and the delete in one transaction, so that two admins deleted at once cannot both pass the check.
  const user = await writeTransaction(db, async (tx) => {
    const found = await getUser(tx, id);
    if (!found) throw notFound(`user ${id}`);
    await keepOneAdmin(tx, id, false);
    await deleteUser(tx, id);
    return found;
  });
  requestAccess(request).auditDetail = `deleted ${user.email}`;
  return new Response(null, { status: 204 });
});
