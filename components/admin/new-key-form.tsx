"use client";

import { useTranslations } from "next-intl";
import { FieldError } from "@/components/auth/field-error";
import { useApiForm } from "@/components/auth/use-api-form";
import { CopyButton } from "@/components/api-docs/copy-button";
import { Alert } from "@/components/ui/alert";
import { buttonClass, fieldClass, labelClass } from "@/components/ui/styles";

/** The scopes a key can have; each one's help is the message `Admin.scope.<name>`. */
const SCOPES = ["search", "similarity", "embed", "admin"] as const;

/** Creates an API key and shows its secret once, with a copy button and a curl line. */
export function NewKeyForm() {
  const t = useTranslations("Admin");
  const { fields, message, created, pending, onSubmit, invalid } = useApiForm<{ secret: string }>(
    "/api/v1/keys",
    "key",
    (form) => {
      const expiry = String(form.get("expiresAt") ?? "");
      return {
        name: form.get("name"),
        scopes: form.getAll("scopes"),
        // The end of the chosen day, in the admin's time zone.
        expiresAt: expiry ? new Date(`${expiry}T23:59:59`).getTime() : null,
      };
    },
  );
  const secret = created?.secret;
  return (
    <div className="space-y-4">
      {secret && (
        <Alert tone="success" title={t("copyNow")} role="status">
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code
              data-testid="new-key-secret"
              className="break-all rounded bg-white/70 px-2 py-1 font-mono text-xs text-zinc-900 dark:bg-zinc-950/60 dark:text-zinc-100"
            >
              {secret}
            </code>
            <CopyButton text={secret} label={t("apiKey")} />
          </div>
          <p className="mt-2 text-xs">
            {t.rich("useAs", { key: "<key>", code: (chunks) => <code className="font-mono">{chunks}</code> })}
          </p>
        </Alert>
      )}
      <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid="new-key-form">
        {message && <Alert tone="error">{message}</Alert>}
        <div>
          <label htmlFor="key-name" className={labelClass}>
            {t("name")}
          </label>
          <input
            id="key-name"
            name="name"
            required
            maxLength={100}
            placeholder={t("namePlaceholder")}
            {...invalid("name")}
            className={`${fieldClass} mt-1`}
          />
          <FieldError id="key-name-error" message={fields.name} />
        </div>
        <fieldset aria-describedby={fields.scopes ? "key-scopes-error" : undefined}>
          <legend className={labelClass}>{t("scopes")}</legend>
          <div className="mt-1 space-y-1">
            {SCOPES.map((scope) => (
              <label key={scope} className="flex items-start gap-2 text-sm">
                <input
                  type="checkbox"
                  name="scopes"
                  value={scope}
                  defaultChecked={scope === "search"}
                  className="mt-1 accent-accent-600"
                />
                <span>
                  <span className="font-medium">{scope}</span>{" "}
                  <span className="text-zinc-500 dark:text-zinc-400">({t(`scope.${scope}`)})</span>
                </span>
              </label>
            ))}
          </div>
          <FieldError id="key-scopes-error" message={fields.scopes} />
        </fieldset>
        <div>
          <label htmlFor="key-expiresAt" className={labelClass}>
            {t("expires")} <span className="font-normal text-zinc-500">{t("expiresHint")}</span>
          </label>
          <input
            id="key-expiresAt"
            name="expiresAt"
            type="date"
            {...invalid("expiresAt")}
            className={`${fieldClass} mt-1`}
          />
          <FieldError id="key-expiresAt-error" message={fields.expiresAt} />
        </div>
        <button type="submit" disabled={pending} className={buttonClass("primary")}>
          {pending ? t("creating") : t("createKey")}
        </button>
      </form>
    </div>
  );
}
