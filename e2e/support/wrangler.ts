import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { insertTokenSql } from "../../cli/commands/token";
import { loadReferenceData } from "../../shared/reference";
import type { Role } from "../../worker/auth/principal";
import { generateToken } from "../../worker/auth/token";
import { seedSql } from "../../worker/db/seed";
import { repoRoot } from "./paths";

export interface WorkerServer {
  /** http://127.0.0.1:<port> */
  url: string;
  /** The tokens asked for (by name), stored hashed in the local D1 before the worker started. */
  tokens: Record<string, string>;
  /** The local D1 (and other state) directory, migrated before the worker started. */
  persistTo: string;
  /** What wrangler printed, for failure messages. */
  logs(): string;
  stop(): Promise<void>;
}

const WRANGLER = join(repoRoot, "node_modules", "wrangler", "bin", "wrangler.js");
const quiet = { ...process.env, CI: "1", WRANGLER_SEND_METRICS: "false", NO_COLOR: "1", FORCE_COLOR: "0" };

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolvePort(address.port) : reject(new Error("no port"))));
    });
  });
}

/** The newest modification time of the files under a directory (the pane's sources). */
function newest(dir: string): number {
  let latest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    latest = Math.max(latest, st.isDirectory() ? newest(path) : st.mtimeMs);
  }
  return latest;
}

/** Build the pane into dist/addin unless a build newer than its sources is there (npm test builds it first). */
export function ensureAddinBuilt(force = false): void {
  const app = join(repoRoot, "dist", "addin", "app.js");
  const sources = Math.max(newest(join(repoRoot, "addin")), newest(join(repoRoot, "shared")));
  if (!force && existsSync(app) && statSync(app).mtimeMs >= sources) return;
  const build = spawnSync(process.execPath, [join(repoRoot, "scripts", "build-addin.mjs")], { cwd: repoRoot, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`build-addin failed:\n${build.stdout}\n${build.stderr}`);
}

export interface TokenRequest {
  role: Role;
  /** The administration, for administration tokens. */
  actorId?: string;
}

/**
 * The reference data (as `npm run db:seed:local` writes it) and the tokens asked for (as `npm run cli --
 * token create` makes them: only the hash is stored), in one `wrangler d1 execute` on the local D1.
 */
async function seed(persistTo: string, requests: Record<string, TokenRequest>): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  const now = new Date().toISOString();
  const statements = [seedSql(loadReferenceData())];
  for (const [name, r] of Object.entries(requests)) {
    const t = await generateToken();
    statements.push(`${insertTokenSql({ id: t.id, hash: t.hash, role: r.role, actorId: r.actorId ?? null, label: `${name} (e2e)`, now })};`);
    tokens[name] = t.token;
  }
  const file = join(persistTo, "seed.sql");
  writeFileSync(file, `${statements.join("\n")}\n`);
  const run = spawnSync(process.execPath, [WRANGLER, "d1", "execute", "DB", "--local", "--persist-to", persistTo, "--file", file], {
    cwd: repoRoot,
    env: quiet,
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`wrangler d1 execute (seed, tokens) failed:\n${run.stdout}\n${run.stderr}`);
  return tokens;
}

/**
 * Start the Worker as `npm start` serves it (API and the built pane on one origin) with `wrangler dev` on a
 * free port and a fresh local D1, migrated first (and, when asked, seeded with the reference data and the
 * tokens named in `tokens`). Stop it with `stop()` (it ends the whole process group).
 */
export async function startWorker(
  options: { persistTo?: string; timeoutMs?: number; seed?: boolean; tokens?: Record<string, TokenRequest> } = {},
): Promise<WorkerServer> {
  ensureAddinBuilt();
  const persistTo = options.persistTo ?? mkdtempSync(join(tmpdir(), "omd-aoc-e2e-"));
  const ownsState = options.persistTo === undefined;
  const migrate = spawnSync(process.execPath, [WRANGLER, "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo], {
    cwd: repoRoot,
    env: quiet,
    encoding: "utf8",
  });
  if (migrate.status !== 0) throw new Error(`wrangler d1 migrations apply failed:\n${migrate.stdout}\n${migrate.stderr}`);
  const tokens = options.seed || options.tokens ? await seed(persistTo, options.tokens ?? {}) : {};

  const [port, inspector] = [await freePort(), await freePort()];
  let output = "";
  const child: ChildProcess = spawn(
    process.execPath,
    [WRANGLER, "dev", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspector), "--persist-to", persistTo, "--show-interactive-dev-session=false", "--log-level", "info"],
    { cwd: repoRoot, env: quiet, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  let exited = false;
  child.on("exit", () => (exited = true));

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!exited && child.pid) {
      const gone = new Promise((r) => child.once("exit", r));
      try {
        process.kill(-child.pid, "SIGTERM"); // wrangler and the workerd it started
      } catch {
        // already gone
      }
      await Promise.race([gone, new Promise((r) => setTimeout(r, 5_000))]);
      if (!exited) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
    }
    if (ownsState) rmSync(persistTo, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  while (Date.now() < deadline) {
    if (exited) throw new Error(`wrangler dev exited before serving:\n${output}`);
    try {
      const res = await fetch(`${url}/`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return { url, tokens, persistTo, logs: () => output, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  await stop();
  throw new Error(`wrangler dev did not serve ${url} in time:\n${output}`);
}
