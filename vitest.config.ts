import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// One project per runtime: shared code and the CLI in Node, the worker inside workerd with a real local D1,
// the add-in in a DOM, and the end-to-end tests (real wrangler dev + Debian's chromium) in Node.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "shared",
          environment: "node",
          include: ["shared/**/*.test.ts", "cli/**/*.test.ts"],
        },
      },
      {
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: here("./wrangler.toml") },
            miniflare: {
              bindings: { TEST_MIGRATIONS: await readD1Migrations(here("./worker/migrations")) },
              // an empty database, for tests that apply the migrations one by one
              d1Databases: { MIGRATION_DB: "migration-test" },
            },
          })),
        ],
        test: {
          name: "worker",
          include: ["worker/**/*.test.ts"],
          setupFiles: ["./worker/test/apply-migrations.ts"],
        },
      },
      {
        test: {
          name: "addin",
          environment: "happy-dom",
          include: ["addin/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "e2e",
          environment: "node",
          include: ["e2e/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
