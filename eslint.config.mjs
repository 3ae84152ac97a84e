import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

// One import style: from the repository root.
const RELATIVE = { group: ["./*", "../*"], message: "Import with @/ from the repository root" };

export default tseslint.config(
  { ignores: [".next/**", "node_modules/**", "data/**", "drizzle/**", "tmp/**", "next-env.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["**/*.ts", "**/*.tsx"],
    ignores: ["*.config.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [RELATIVE] }],
    },
  },
  {
    // Client code: the server-only modules (database, queue, stage services) give their types, never their code.
    // A runtime import would also fail `next build` through their `import "server-only"`.
    files: ["components/**/*.ts", "components/**/*.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            RELATIVE,
            {
              group: [
                "@/lib/db/*",
                "!@/lib/db/statuses",
                "!@/lib/db/stored-json",
                "@/lib/jobs/*",
                "@/lib/*/*-service",
                "@/lib/app-services",
              ],
              allowTypeImports: true,
              message:
                "UI code imports only types from the database, the job queue and the stage services (server-only)",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            RELATIVE,
            {
              group: ["next/*", "@/app/*", "@/components/*", "@/workers/*"],
              message: "lib/ never imports entry points, UI or Next.js",
            },
          ],
        },
      ],
    },
  },
);
