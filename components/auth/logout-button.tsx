"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { buttonClass } from "@/components/ui/styles";
import { apiCall } from "@/components/auth/api-call";

/** Ends the session, then shows the login page. */
export function LogoutButton() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const t = useTranslations("Header");
  const requests = useTranslations("Requests");
  return (
    <button
      type="button"
      disabled={pending}
      onClick={async () => {
        setPending(true);
        await apiCall("/api/v1/auth/logout", "POST", undefined, requests);
        router.replace("/login");
        router.refresh();
      }}
      className={buttonClass("ghost", "text-xs")}
    >
      {pending ? t("loggingOut") : t("logout")}
    </button>
  );
}
