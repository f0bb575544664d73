import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", ".wrangler/", "worker/worker-configuration.d.ts", "docs/", "bench/scratch/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // shared/ is pure TypeScript used by the add-in, the worker and the CLI: it must not reach into them.
    files: ["shared/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/addin/**", "**/worker/**", "**/cli/**", "node:*", "cloudflare:*"], message: "shared/ is pure TypeScript." },
            // shared/xlsx describes exceljs worksheets by their types; loading exceljs is the caller's business.
            { group: ["exceljs"], allowTypeImports: true, message: "shared/ may use exceljs's types only." },
          ],
        },
      ],
    },
  },
  {
    // Plain JavaScript scripts run on Node: tell the linter Node's globals (TypeScript files are checked by tsc).
    files: ["**/*.mjs", "**/*.js"],
    languageOptions: {
      globals: Object.fromEntries(
        ["process", "console", "URL", "Buffer", "setTimeout", "clearTimeout", "setInterval", "clearInterval", "fetch", "AbortController", "TextEncoder", "TextDecoder", "structuredClone"].map((name) => [name, "readonly"]),
      ),
    },
  },
);
