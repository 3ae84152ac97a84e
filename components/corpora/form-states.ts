/** What the "New corpus" server action returns to its form. */
export interface CorpusFormState {
  values: { name: string; description: string };
  errors: { name?: string; description?: string };
}

/** The empty form. */
export const EMPTY_CORPUS_FORM: CorpusFormState = { values: { name: "", description: "" }, errors: {} };

/** What the delete-corpus server action returns to its dialog. */
export interface DeleteCorpusState {
  error?: string;
}
