import { applyD1Migrations, env } from "cloudflare:test";

// Each test file starts from the migrated schema; the pool isolates storage per test file.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
