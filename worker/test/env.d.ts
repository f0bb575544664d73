// Bindings that only the test pool provides (see vitest.config.ts).
declare namespace Cloudflare {
  interface Env {
    // eslint-disable-next-line @typescript-eslint/consistent-type-imports -- a global declaration file cannot import
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    /** Left unmigrated by the setup (worker/migrations/migrations.test.ts applies them one by one). */
    MIGRATION_DB: D1Database;
  }
}
