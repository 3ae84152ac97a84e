import { useTranslations } from "next-intl";

/** Why each training setting of a model version was chosen (the default recipe's reasons), folded by default. */
export function RecipeList({ recipe }: { recipe: string[] }) {
  const t = useTranslations("Model");
  if (!recipe.length) return null;
  return (
    <details className="text-sm text-zinc-700 dark:text-zinc-300" data-testid="recipe">
      <summary className="cursor-pointer text-zinc-600 hover:text-zinc-900 focus-visible:outline-2 dark:text-zinc-400 dark:hover:text-zinc-100">
        {t("recipe", { count: recipe.length })}
      </summary>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        {recipe.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </details>
  );
}
