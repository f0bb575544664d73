import { readD1Migrations } from "@cloudflare/vitest-pool-workers";
import type { D1Database } from "@cloudflare/workers-types/index";
import { build } from "esbuild";
// wrangler's own local runtime (a dependency of wrangler and of the test pool): workerd with a local D1.
import { Miniflare } from "miniflare";
import { readFileSync } from "node:fs";
import type { ReferenceData } from "../shared/model/reference";
import type { Role } from "../worker/auth/principal";
import { generateToken } from "../worker/auth/token";
import { Db, type Statement } from "../worker/db/client";
import { seedStatements } from "../worker/db/seed";
import { insertToken } from "../worker/db/tokens";

/**
 * The real Worker (worker/index.ts, bundled as wrangler bundles it) in workerd with a fresh local D1, the
 * migrations applied and the reference data seeded, served over HTTP on localhost; beside it, on the same
 * D1, a bare Worker that runs one statement with the request's body as its only parameter, for the
 * "bare D1" side of the ingest benchmark. Requests reach either through the same socket.
 */
export interface LocalApi {
  url: URL;
  /** The D1 the API uses, from Node (not timed: setup and checks). */
  d1: D1Database;
  db: Db;
  /** A token stored as the CLI and the API store them (hash only). */
  token(role: Role, actorId?: string | null): Promise<string>;
  /** POST the text as the bare Worker's parameter to `sql` (?1); answers D1's meta. */
  bare(sql: string, param: string): Promise<D1Meta>;
  /** Statements run by the bare Worker in one D1 batch (to time what the API's own statements cost alone). */
  bareBatch(statements: Statement[]): Promise<D1Meta[]>;
  dispose(): Promise<void>;
}

const WRANGLER_TOML = readFileSync("wrangler.toml", "utf8");
const COMPATIBILITY_DATE = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(WRANGLER_TOML)?.[1] ?? "2026-04-20";
const MAX_BODY_BYTES = /^MAX_BODY_BYTES\s*=\s*"(\d+)"/m.exec(WRANGLER_TOML)?.[1] ?? "5242880";

export interface D1Meta {
  rows_read: number;
  rows_written: number;
  /** Time spent in D1 as the bare Worker sees it (workerd's clock moves on I/O: here, the D1 call). */
  d1Ms: number;
}

/** The bare side: the statement comes in a header, its JSON parameter as the body (or a batch as JSON). */
const BARE_WORKER = `export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname === "/__bare/batch") {
      const statements = await request.json();
      const prepared = statements.map((s) => env.DB.prepare(s.sql).bind(...s.params));
      const t = Date.now();
      const results = await env.DB.batch(prepared);
      const d1Ms = Date.now() - t;
      return Response.json(results.map((r) => ({ ...r.meta, d1Ms })));
    }
    const sql = decodeURIComponent(request.headers.get("x-sql"));
    const prepared = env.DB.prepare(sql).bind(await request.text());
    const t = Date.now();
    const result = await prepared.run();
    return Response.json({ ...result.meta, d1Ms: Date.now() - t });
  },
};`;

let bundled: string | null = null;
async function bundleWorker(): Promise<string> {
  if (bundled) return bundled;
  const out = await build({
    entryPoints: ["worker/index.ts"],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    write: false,
    logLevel: "warning",
  });
  bundled = out.outputFiles[0]!.text;
  return bundled;
}

let instances = 0;

export async function startLocalApi(ref: ReferenceData): Promise<LocalApi> {
  const database = `bench-${process.pid}-${++instances}`;
  const mf = new Miniflare({
    // BENCH_INSPECTOR=9229: the workers' DevTools inspector on that port, to profile the Worker under load
    ...(process.env.BENCH_INSPECTOR ? { inspectorPort: Number(process.env.BENCH_INSPECTOR) } : {}),
    workers: [
      {
        name: "api",
        modules: [{ type: "ESModule", path: "index.mjs", contents: await bundleWorker() }],
        compatibilityDate: COMPATIBILITY_DATE,
        d1Databases: { DB: database },
        bindings: { MAX_BODY_BYTES },
      },
      {
        name: "bare",
        routes: ["*/__bare*"],
        modules: true,
        script: BARE_WORKER,
        compatibilityDate: COMPATIBILITY_DATE,
        d1Databases: { DB: database },
      },
    ],
  });
  const url = await mf.ready;
  const d1 = (await mf.getD1Database("DB")) as unknown as D1Database;
  const migrations = await readD1Migrations("worker/migrations");
  await d1.batch(migrations.flatMap((m) => m.queries).map((q) => d1.prepare(q)));
  const db = new Db(d1);
  await db.batch(seedStatements(ref));

  return {
    url,
    d1,
    db,
    async token(role, actorId = null) {
      const t = await generateToken();
      await insertToken(db, { id: t.id, hash: t.hash, role, actorId, label: `bench-${role}${actorId ? `-${actorId}` : ""}`, now: new Date().toISOString() });
      return t.token;
    },
    async bare(sql, param) {
      const res = await fetch(new URL("/__bare", url), { method: "POST", headers: { "x-sql": encodeURIComponent(sql) }, body: param });
      if (!res.ok) throw new Error(`bare insert: ${res.status} ${await res.text()}`);
      return (await res.json()) as D1Meta;
    },
    async bareBatch(statements) {
      const res = await fetch(new URL("/__bare/batch", url), { method: "POST", body: JSON.stringify(statements) });
      if (!res.ok) throw new Error(`bare batch: ${res.status} ${await res.text()}`);
      return (await res.json()) as D1Meta[];
    },
    dispose: () => mf.dispose(),
  };
}
