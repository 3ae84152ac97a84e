import { z } from "zod";

export const createCorpusBody = z.object({
  name: z
    .string()
    .trim()
    .min(1, "give the corpus a name")
    .max(100, "use at most 100 characters")
    .refine(
      (name) => !/[/\\]/.test(name) && ![...name].some((ch) => ch.charCodeAt(0) < 32),
      "use letters, digits, spaces and punctuation other than slashes",
    ),
  description: z.string().max(1000).optional(),
});

/** PATCH /corpora/{id}: what an admin may change on a corpus. */
export const updateCorpusBody = z.object({ public: z.boolean({ error: "public must be true or false" }) }).strict();
