import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { appServices } from "@/lib/app-services";
import { listApiKeys } from "@/lib/db/queries/api-keys";
import { listAudit } from "@/lib/db/queries/audit-log";
import { listUsers } from "@/lib/db/queries/users";
import { AuditTable } from "@/components/admin/audit-table";
import type { KeyItem } from "@/components/admin/admin-types";
import { KeysTable } from "@/components/admin/keys-table";
import { NewKeyForm } from "@/components/admin/new-key-form";
import { NewUserForm } from "@/components/admin/new-user-form";
import { UsersTable } from "@/components/admin/users-table";
import { PageHeader } from "@/components/ui/page-header";
import { surfaceClass } from "@/components/ui/styles";
import { keyView } from "@/app/api/v1/keys/key-view";
import { requirePageRole } from "@/app/_auth/page-guard";

export const dynamic = "force-dynamic";

/** The tab title, in the reader's language. */
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("Admin"))("title") };
}

function Section({
  id,
  title,
  description,
  children,
}: {
  id: string;
  title: string;
  description: string;
  children: React.ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-heading`} className="mt-10 first:mt-0">
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        {title}
      </h2>
      <p className="mb-4 mt-1 text-sm text-zinc-600 dark:text-zinc-400">{description}</p>
      {children}
    </section>
  );
}

/** Admins only: accounts, API keys (create with scopes and expiry, shown once, revoke) and the audit log. */
export default async function AdminPage() {
  const access = await requirePageRole("admin", "/admin");
  const { db } = appServices();
  const selfId = access.principal.kind === "user" ? access.principal.userId : 0;
  const keys: KeyItem[] = (await listApiKeys(db)).map((k) => keyView(k) as KeyItem);
  const users = await listUsers(db);
  const audit = await listAudit(db, { limit: 100 });
  const t = await getTranslations("Admin");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Section id="users" title={t("accounts")} description={t("accountsText")}>
        <div className="grid gap-6 lg:grid-cols-3">
          <div className={`${surfaceClass} h-fit p-5 lg:col-span-2`}>
            <UsersTable users={users} selfId={selfId} />
          </div>
          <div className={`${surfaceClass} h-fit p-5`}>
            <h3 className="mb-3 text-base font-semibold">{t("newAccount")}</h3>
            <NewUserForm />
          </div>
        </div>
      </Section>
      <Section id="keys" title={t("keys")} description={t("keysText", { key: "<key>" })}>
        <div className="grid gap-6 lg:grid-cols-3">
          <div className={`${surfaceClass} h-fit p-5 lg:col-span-2`}>
            <KeysTable keys={keys} />
          </div>
          <div className={`${surfaceClass} h-fit p-5`}>
            <h3 className="mb-3 text-base font-semibold">{t("newKey")}</h3>
            <NewKeyForm />
          </div>
        </div>
      </Section>
      <Section id="audit" title={t("audit")} description={t("auditText")}>
        <div className={`${surfaceClass} p-5`}>
          <AuditTable entries={audit} />
        </div>
      </Section>
    </>
  );
}
