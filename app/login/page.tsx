import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { appServices } from "@/lib/app-services";
import { needsSetup } from "@/lib/auth/accounts";
import { firstParam, type SearchParams } from "@/lib/web/page-params";
import { safeNextPath } from "@/lib/web/safe-next";
import { CredentialsForm } from "@/components/auth/credentials-form";
import { Alert } from "@/components/ui/alert";
import { surfaceClass } from "@/components/ui/styles";
import { pageAccess } from "@/app/_auth/page-guard";

export const dynamic = "force-dynamic";

/** The tab title, in the reader's language. */
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("Login"))("title") };
}

/** Log in; `next` is where to go afterwards, `reason=admin` says the page needed an admin. */
export default async function LoginPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const access = await pageAccess();
  if (await needsSetup(appServices().db)) redirect("/setup");
  const next = safeNextPath(firstParam(params, "next"));
  const needsAdmin = firstParam(params, "reason") === "admin";
  if (access.isLoggedIn && !needsAdmin) redirect(next);
  const t = await getTranslations("Login");
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">{t("title")}</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{t("description")}</p>
      {needsAdmin && (
        <div className="mt-6">
          <Alert tone="warning" title={t("adminOnly")} testId="needs-admin">
            {access.principal.kind === "user" ? `${t("notAdmin", { email: access.principal.email })} ` : ""}
            {t("adminLogin")}
          </Alert>
        </div>
      )}
      <div className={`${surfaceClass} mt-6 p-6`}>
        <CredentialsForm mode="login" next={next} />
      </div>
    </div>
  );
}
