/**
 * A translator for one message namespace, as next-intl's `useTranslations`, `getTranslations` and
 * `createTranslator` return it: the message of `key` with `values` filled in, as plain text. Pure
 * helpers that build sentences take one, so the page decides the language and tests can pass any.
 */
export type Translate = (key: string, values?: Record<string, string | number>) => string;
