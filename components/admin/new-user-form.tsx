"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiCall } from "@/components/auth/api-call";
import { FieldError } from "@/components/auth/field-error";
import { Alert } from "@/components/ui/alert";
import { buttonClass, fieldClass, labelClass } from "@/components/ui/styles";

/** Creates an account: email, first password and role; messages appear under their field. */
export function NewUserForm() {
  const router = useRouter();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    setPending(true);
    setFields({});
    setMessage(null);
    setCreated(null);
    const result = await apiCall<{ user: { email: string } }>("/api/v1/users", "POST", { email: form.get("email"), password: form.get("password"), role: form.get("role") });
    setPending(false);
    if (!result.ok) {
      setFields(result.fields);
      if (!Object.keys(result.fields).length) setMessage(result.message);
      return;
    }
    formEl.reset();
    setCreated(result.data.user.email);
    router.refresh();
  }

  const invalid = (name: string) => (fields[name] ? { "aria-invalid": true, "aria-describedby": `new-user-${name}-error` } : {});
  return (
    <form onSubmit={submit} noValidate className="space-y-4" data-testid="new-user-form">
      {message && <Alert tone="error">{message}</Alert>}
      {created && (
        <Alert tone="success" role="status">
          Created the account {created}. Give them the password by a safe channel; they can log in now.
        </Alert>
      )}
      <div>
        <label htmlFor="new-user-email" className={labelClass}>
          Email
        </label>
        <input id="new-user-email" name="email" type="email" autoComplete="off" required className={`${fieldClass} mt-1`} {...invalid("email")} />
        <FieldError id="new-user-email-error" message={fields.email} />
      </div>
      <div>
        <label htmlFor="new-user-password" className={labelClass}>
          First password
        </label>
        <input id="new-user-password" name="password" type="password" autoComplete="new-password" required className={`${fieldClass} mt-1`} {...invalid("password")} />
        <FieldError id="new-user-password-error" message={fields.password} />
      </div>
      <div>
        <label htmlFor="new-user-role" className={labelClass}>
          Role
        </label>
        <select id="new-user-role" name="role" defaultValue="user" className={`${fieldClass} mt-1`}>
          <option value="user">User: search, similarity, explore</option>
          <option value="admin">Admin: also corpora, uploads, training, users, keys</option>
        </select>
      </div>
      <button type="submit" disabled={pending} className={buttonClass("primary")}>
        {pending ? "Creating…" : "Create account"}
      </button>
    </form>
  );
}
