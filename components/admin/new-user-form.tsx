"use client";

import { useTranslations } from "next-intl";
import { FieldError } from "@/components/auth/field-error";
import { useApiForm } from "@/components/auth/use-api-form";
import { Alert } from "@/components/ui/alert";
import { buttonClass, fieldClass, labelClass } from "@/components/ui/styles";

/** Creates an account: email, first password and role; messages appear under their field. */
export function NewUserForm() {
  const t = useTranslations("Admin");
  const { fields, message, created, pending, onSubmit, invalid } = useApiForm<{ user: { email: string } }>(
    "/api/v1/users",
    "new-user",
    (form) => ({
      email: form.get("email"),
      password: form.get("password"),
      role: form.get("role"),
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid="new-user-form">
      {message && <Alert tone="error">{message}</Alert>}
      {created && (
        <Alert tone="success" role="status">
          {t("userCreated", { email: created.user.email })}
        </Alert>
      )}
      <div>
        <label htmlFor="new-user-email" className={labelClass}>
          {t("email")}
        </label>
        <input
          id="new-user-email"
          name="email"
          type="email"
          autoComplete="off"
          required
          className={`${fieldClass} mt-1`}
          {...invalid("email")}
        />
        <FieldError id="new-user-email-error" message={fields.email} />
      </div>
      <div>
        <label htmlFor="new-user-password" className={labelClass}>
          {t("firstPassword")}
        </label>
        <input
          id="new-user-password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          className={`${fieldClass} mt-1`}
          {...invalid("password")}
        />
        <FieldError id="new-user-password-error" message={fields.password} />
      </div>
      <div>
        <label htmlFor="new-user-role" className={labelClass}>
          {t("role")}
        </label>
        <select id="new-user-role" name="role" defaultValue="user" className={`${fieldClass} mt-1`}>
          <option value="user">{t("roleUser")}</option>
          <option value="admin">{t("roleAdmin")}</option>
        </select>
      </div>
      <button type="submit" disabled={pending} className={buttonClass("primary")}>
        {pending ? t("creating") : t("createAccount")}
      </button>
    </form>
  );
}
