import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { appServices } from "@/lib/app-services";
import { needsSetup } from "@/lib/auth/accounts";
import { CredentialsForm } from "@/components/auth/credentials-form";
import { surfaceClass } from "@/components/ui/styles";
import { pageAccess } from "../_auth/page-guard";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Set up" };

/** First start: create the admin account. Closed once any account exists. */
export default async function SetupPage() {
  await pageAccess();
  if (!needsSetup(appServices().db)) redirect("/login");
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">Welcome to Cognate</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        Create the admin account. Admins manage corpora, uploads, training, users and API keys; they can add more accounts afterwards.
      </p>
      <div className={`${surfaceClass} mt-6 p-6`}>
        <CredentialsForm mode="setup" next="/admin" />
      </div>
    </div>
  );
}
