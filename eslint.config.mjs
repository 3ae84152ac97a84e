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
    // Database access is asynchronous (the same code serves SQLite and PostgreSQL): a query that is
    // not awaited runs out of order, and its error is lost.
    files: ["**/*.ts", "**/*.tsx"],
    ignores: ["*.config.ts", "*.config.mjs"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": [
        "error",
        { checksVoidReturn: { attributes: false, arguments: false } },
      ],
      "@typescript-eslint/await-thenable": "error",
    },
  },
  {
    // Queries run the same on both databases: awaited, never through SQLite's synchronous terminals.
    files: ["lib/db/**/*.ts"],
    ignores: ["lib/db/client.ts", "lib/db/sqlite-async.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[arguments.length=0][callee.property.name=/^(get|all|run)$/]",
          message: "Await the query instead of calling .get()/.all()/.run() (SQLite only)",
        },
        {
          selector: "CallExpression[callee.object.name=/^(db|tx)$/][callee.property.name=/^(get|all|run|values)$/]",
          message: "Use rawRows() from @/lib/db/client for SQL the query builder cannot express",
        },
      ],
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
