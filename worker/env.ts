// Worker types imported as a module, not as globals, so that the add-in and the CLI can type-check the
// API client (which reaches this graph through AppType) with their own runtime's globals.
import type { D1Database, Fetcher } from "@cloudflare/workers-types/index";
import type { Db } from "./db/client";
import type { Principal } from "./auth/principal";

export interface Bindings {
  DB: D1Database;
  ASSETS: Fetcher;
  /** Largest request body accepted, in bytes (wrangler.toml). */
  MAX_BODY_BYTES: string;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: {
    db: Db;
    principal: Principal;
  };
}
