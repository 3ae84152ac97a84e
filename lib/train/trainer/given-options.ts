import { z } from "zod";
import { trainerOptionsSchema } from "@/lib/train/trainer/trainer-options";

/** The same field, optional instead of defaulted (the default stays in its JSON Schema, for the API document). */
function withoutDefault(field: z.ZodType): z.ZodType {
  if (!(field instanceof z.ZodDefault)) return field;
  const inner = field.unwrap() as z.ZodType;
  const bare = inner instanceof z.ZodObject ? withoutDefaults(inner) : inner;
  return bare.optional().meta({ default: field.def.defaultValue });
}

function withoutDefaults(schema: z.ZodObject): z.ZodObject {
  return z.object(
    Object.fromEntries(Object.entries(schema.shape).map(([k, f]) => [k, withoutDefault(f as z.ZodType)])),
  );
}

/**
 * Trainer options as a caller gives them: every option of {@link trainerOptionsSchema}, checked
 * the same way, but none filled in. What is left out is chosen by the run's recipe from the corpus
 * (see chooseRecipe), and the trainer fills the rest when the run starts.
 */
export const givenTrainerOptions = withoutDefaults(trainerOptionsSchema);
