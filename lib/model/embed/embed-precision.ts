/** Number format of an exported graph's big MatMuls: `fp32` exact, `int8` dynamically quantised. */
export type EmbeddingPrecision = "fp32" | "int8";

/** A precision to serve, or `auto`: int8 where it agrees with fp32 on this machine, else fp32. */
export type EmbedPrecisionChoice = EmbeddingPrecision | "auto";

/** Every {@link EmbedPrecisionChoice}, the default first. */
export const EMBED_PRECISION_CHOICES: readonly EmbedPrecisionChoice[] = ["auto", "fp32", "int8"];

/**
 * Reads a precision choice from a setting (`what` names it in the error, e.g. an environment
 * variable or a CLI flag); empty or absent means `auto`. Pure.
 */
export function parseEmbedPrecision(raw: string | undefined, what: string): EmbedPrecisionChoice {
  if (raw === undefined || raw.trim() === "") return "auto";
  const value = EMBED_PRECISION_CHOICES.find((p) => p === raw.trim().toLowerCase());
  if (!value)
    throw new Error(`${what}=${raw} is not one of ${EMBED_PRECISION_CHOICES.join(", ")}; leave it out for auto`);
  return value;
}
