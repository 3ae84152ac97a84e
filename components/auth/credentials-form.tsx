"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { buttonClass, fieldClass, labelClass } from "@/components/ui/styles";
import { apiCall } from "@/components/auth/api-call";
import { FieldError } from "@/components/auth/field-error";

/** Props of {@link CredentialsForm}. */
export interface CredentialsFormProps {
  /** `login` signs in; `setup` creates the first admin (and signs in). */
  mode: "login" | "setup";
  /** Where to go afterwards (a path on this site). */
  next: string;
  /** Setup from another machine than the server: ask for the setup token from the server log (prefilled with `value`). */
  setupToken?: { value: string };
}

/** Email and password, posted to /api/v1/auth/login or /setup; errors appear under the field they concern. */
export function CredentialsForm({ mode, next, setupToken }: CredentialsFormProps) {
  const router = useRouter();
  const t = useTranslations("Login");
  const requests = useTranslations("Requests");
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setMessage(null);
    setFields({});
    const body: Record<string, string> = {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
    };
    if (setupToken) body.setupToken = String(form.get("setupToken") ?? "");
    const result = await apiCall(`/api/v1/auth/${mode}`, "POST", body, requests);
    if (!result.ok) {
      setPending(false);
      setFields(result.fields);
      if (!Object.keys(result.fields).length || mode === "login") setMessage(result.message);
      return;
    }
    router.replace(next);
    router.refresh();
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4" data-testid={`${mode}-form`}>
      {message && (
        <Alert tone="error" testId="auth-error">
          {message}
        </Alert>
      )}
      {setupToken && (
        <div>
          <label htmlFor="auth-setup-token" className={labelClass}>
            {t("setupToken")}
          </label>
          <input
            id="auth-setup-token"
            name="setupToken"
            type="text"
            autoComplete="off"
            required
            defaultValue={setupToken.value}
            aria-describedby="auth-setup-token-hint"
            className={`${fieldClass} mt-1 font-mono`}
          />
          <p id="auth-setup-token-hint" className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
            {t("setupTokenHint")}
          </p>
        </div>
      )}
      <div>
        <label htmlFor="auth-email" className={labelClass}>
          {t("email")}
        </label>
        <input
          id="auth-email"
          name="email"
          type="email"
          autoComplete={mode === "login" ? "username" : "email"}
          required
          autoFocus={!setupToken}
          aria-invalid={fields.email ? true : undefined}
          aria-describedby={fields.email ? "auth-email-error" : undefined}
          className={`${fieldClass} mt-1`}
        />
        <FieldError id="auth-email-error" message={fields.email} />
      </div>
      <div>
        <label htmlFor="auth-password" className={labelClass}>
          {t("password")}
        </label>
        <input
          id="auth-password"
          name="password"
          type="password"
          autoComplete={mode === "login" ? "current-password" : "new-password"}
          required
          aria-invalid={fields.password ? true : undefined}
          aria-describedby={
            mode === "setup" ? "auth-password-hint" : fields.password ? "auth-password-error" : undefined
          }
          className={`${fieldClass} mt-1`}
        />
        {mode === "setup" && (
          <p id="auth-password-hint" className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
            {t("passwordHint")}
          </p>
        )}
        {mode === "setup" && <FieldError id="auth-password-error" message={fields.password} />}
      </div>
      <button type="submit" disabled={pending} className={buttonClass("primary", "w-full")}>
        {pending
          ? mode === "login"
            ? t("loggingIn")
            : t("creatingAdmin")
          : mode === "login"
            ? t("submit")
            : t("createAdmin")}
      </button>
    </form>
  );
}
