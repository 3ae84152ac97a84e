import type { Metadata } from "next";
import { headers } from "next/headers";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { appServices } from "@/lib/app-services";
import { needsSetup } from "@/lib/auth/accounts";
import { isDirectLoopback, setupToken } from "@/lib/auth/setup-token";
import { firstParam } from "@/lib/web/page-params";
import { CredentialsForm } from "@/components/auth/credentials-form";
import { surfaceClass } from "@/components/ui/styles";
import { pageAccess } from "@/app/_auth/page-guard";

export const dynamic = "force-dynamic";

/** The tab title, in the reader's language. */
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("Setup"))("tabTitle") };
}

/**
 * First start: create the admin account. Closed once any account exists. From another machine
 * than the server it asks for the setup token printed in the server log (`?token=` fills it in).
 */
export default async function SetupPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await pageAccess();
  const { db, cfg } = appServices();
  if (!(await needsSetup(db))) redirect("/login");
  const tokenRequired = !isDirectLoopback((await headers()).get("x-forwarded-for"));
  // Creating it here prints it to the server log, where the person setting up will look.
  if (tokenRequired) setupToken(cfg.dataDir);
  const token = firstParam(await searchParams, "token").slice(0, 200);
  const t = await getTranslations("Setup");
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">{t("title")}</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{t("description")}</p>
      <div className={`${surfaceClass} mt-6 p-6`}>
        <CredentialsForm mode="setup" next="/admin" setupToken={tokenRequired ? { value: token } : undefined} />
      </div>
    </div>
  );
}
