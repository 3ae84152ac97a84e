"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { apiCall } from "@/components/auth/api-call";

/**
 * State of an admin form that creates something through the API: it sends `toBody(form)`,
 * shows the server's per-field messages under their fields (or one message for the form), and
 * on success empties the form, keeps what the server answered and refreshes the page's data.
 *
 * @param idPrefix - the form's field ids are `${idPrefix}-${name}`; their messages `…-error`
 */
export function useApiForm<T>(url: string, idPrefix: string, toBody: (form: FormData) => unknown) {
  const router = useRouter();
  const requests = useTranslations("Requests");
  const [fields, setFields] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [created, setCreated] = useState<T | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    setPending(true);
    setFields({});
    setMessage(null);
    setCreated(null);
    const result = await apiCall<T>(url, "POST", toBody(new FormData(formEl)), requests);
    setPending(false);
    if (!result.ok) {
      setFields(result.fields);
      if (!Object.keys(result.fields).length) setMessage(result.message);
      return;
    }
    formEl.reset();
    setCreated(result.data);
    router.refresh();
  }

  /** The accessibility attributes of field `name` while it has a message. */
  const invalid = (name: string) =>
    fields[name] ? { "aria-invalid": true, "aria-describedby": `${idPrefix}-${name}-error` } : {};
  return { fields, message, created, pending, onSubmit, invalid };
}

/**
 * State of a table whose rows have actions (revoke, delete, change role) sent to the API: which
 * row is busy and the last error; the page's data is refreshed after each action.
 */
export function useRowActions() {
  const router = useRouter();
  const requests = useTranslations("Requests");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<number | null>(null);

  async function act(rowId: number, url: string, method: "PATCH" | "DELETE", body?: unknown) {
    setBusy(rowId);
    setError(null);
    const result = await apiCall(url, method, body, requests);
    setBusy(null);
    if (!result.ok) setError(result.message);
    router.refresh();
  }

  return { error, busy, act };
}
