import { spawn } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { ActorId } from "../../shared/model/actor";
import { ROLES } from "../../worker/auth/principal";
import type { Role } from "../../worker/auth/principal";
import { generateToken, tokenId } from "../../worker/auth/token";
import { inlineStatement } from "../../worker/db/seed";
import { INSERT_TOKEN_SQL } from "../../worker/db/tokens";
import { parseArgs, UsageError } from "../args";

const USAGE = `usage: npm run cli -- token <command>
  token create --role administration|brrc|gtr|admin [--admin CODE] [--label TEXT] [--remote | --persist-to DIR]
      prints only the new token on stdout (it is stored hashed: it cannot be shown again)
  token revoke <id|omd_id…> [--remote]     refused from the next request on
  token list [--json] [--remote]
  token dev [--file PATH]                  one local token per role, the same across restarts (npm start)
By default the local D1 that \`npm start\` (wrangler dev) uses; --persist-to DIR: another local D1; --remote: the deployed database.`;

/** Which D1: the deployed one, or a local one (in `--persist-to DIR`, else where `npm start` keeps it). */
export type D1Target = { remote: true } | { remote: false; persistTo?: string };

/** Runs SQL on the D1 database "DB" and returns each statement's rows. */
export type D1Runner = (sql: string, where: D1Target) => Promise<Record<string, unknown>[][]>;

/** The D1 a command's flags name: --remote, or the local one (--persist-to DIR for another local state). */
function targetOf(args: { flags: Record<string, boolean>; options: Record<string, string | undefined> }): D1Target {
  if (args.flags.remote) {
    if (args.options["persist-to"]) throw new UsageError("--persist-to names a local database: not with --remote");
    return { remote: true };
  }
  return args.options["persist-to"] ? { remote: false, persistTo: args.options["persist-to"] } : { remote: false };
}

/** `wrangler d1 execute DB --local|--remote --json --command …`, its output kept off stdout. */
export const wranglerD1: D1Runner = async (sql, where) => {
  const bin = join(dirname(createRequire(import.meta.url).resolve("wrangler/package.json")), "bin", "wrangler.js");
  const args = [bin, "d1", "execute", "DB", where.remote ? "--remote" : "--local", "--json", "--command", sql];
  if (!where.remote && where.persistTo) args.push("--persist-to", where.persistTo);
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, CI: "1" } });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (c) => resolve({ code: c ?? 1, stdout: out, stderr: err }));
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    parsed = undefined;
  }
  const failure = (parsed as { error?: { text?: string } } | undefined)?.error?.text;
  if (code !== 0 || !Array.isArray(parsed)) {
    throw new Error(`wrangler d1 execute failed: ${failure ?? (stderr.trim().split("\n").slice(-3).join(" ") || `exit ${code}`)}`);
  }
  return (parsed as { results?: Record<string, unknown>[] }[]).map((r) => r.results ?? []);
};

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  d1: D1Runner;
}

const defaultIo: Io = { out: (l) => console.log(l), err: (l) => console.error(l), d1: wranglerD1 };

/**
 * The INSERT for a new token, with its values written in (wrangler binds nothing): only the hash is stored.
 * It inserts nothing when an administration token names something that is not an administration.
 */
export function insertTokenSql(t: { id: string; hash: string; role: Role; actorId: string | null; label: string; now: string }): string {
  const values = inlineStatement({
    sql: INSERT_TOKEN_SQL.replace(/VALUES \((.*)\)$/, "SELECT $1"),
    params: [t.id, t.hash, t.role, t.actorId, t.label, t.now],
  });
  const guard =
    t.actorId === null
      ? ""
      : ` WHERE EXISTS (SELECT 1 FROM actors WHERE id = ${inlineStatement({ sql: "?", params: [t.actorId] })} AND kind = 'administration')`;
  return `${values}${guard}; SELECT id FROM tokens WHERE id = '${t.id}'`;
}

async function create(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { flags: ["remote"], options: ["role", "admin", "label", "persist-to"] });
  const role = args.options.role as Role | undefined;
  if (!role || !ROLES.includes(role) || args.positional.length > 0) throw new UsageError("token create needs --role");
  const actorId = args.options.admin?.toUpperCase() ?? null;
  if ((role === "administration") !== (actorId !== null)) {
    throw new UsageError("--admin CODE is required for administration tokens, and only for them");
  }
  if (actorId !== null && !ActorId.safeParse(actorId).success) throw new UsageError(`not an administration code: ${actorId}`);
  const label = (args.options.label ?? `${role}${actorId ? ` ${actorId}` : ""}`).trim().slice(0, 100);
  const t = await generateToken();
  const [, found] = await io.d1(
    insertTokenSql({ id: t.id, hash: t.hash, role, actorId, label, now: new Date().toISOString() }),
    targetOf(args),
  );
  if (!found?.length) {
    io.err(`${actorId} is not an administration of the database (seed it first: npm run db:seed:local).`);
    return 1;
  }
  io.out(t.token);
  return 0;
}

/** The token's public id from what the user gave: the id, "omd_<id>", or the whole token. */
export function idFrom(text: string): string | null {
  const whole = tokenId(text);
  if (whole) return whole;
  const m = /^(?:omd_)?([a-z0-9]{12})(?:_.*)?$/.exec(text.trim());
  return m?.[1] ?? null;
}

async function revoke(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { flags: ["remote"], options: ["persist-to"] });
  const id = args.positional.length === 1 ? idFrom(args.positional[0] ?? "") : null;
  if (!id) throw new UsageError("token revoke needs the token's id (omd_xxxxxxxxxxxx)");
  const now = new Date().toISOString();
  const [, rows] = await io.d1(
    `UPDATE tokens SET revoked_at = '${now}' WHERE id = '${id}' AND revoked_at IS NULL; SELECT revoked_at FROM tokens WHERE id = '${id}'`,
    targetOf(args),
  );
  const row = rows?.[0];
  if (!row) {
    io.err(`No token ${id}.`);
    return 1;
  }
  io.err(row.revoked_at === now ? `Token ${id} revoked.` : `Token ${id} was already revoked (${String(row.revoked_at)}).`);
  return 0;
}

async function list(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { flags: ["remote", "json"], options: ["persist-to"] });
  const [rows = []] = await io.d1(
    "SELECT id, role, actor_id, label, created_at, revoked_at FROM tokens ORDER BY created_at, id",
    targetOf(args),
  );
  if (args.flags.json) {
    io.out(JSON.stringify(rows, null, 2));
    return 0;
  }
  for (const r of rows) {
    io.out(
      [`omd_${String(r.id)}`, String(r.role).padEnd(14), String(r.actor_id ?? "").padEnd(6), String(r.created_at), r.revoked_at ? `revoked ${String(r.revoked_at)}` : "active", String(r.label)].join("  "),
    );
  }
  return 0;
}

export const DEV_TOKENS_FILE = ".wrangler/dev-tokens.json";
/** The local tokens `npm start` prints: one per role, and an administration token for Côte d'Ivoire. */
export const DEV_TOKENS: { name: string; role: Role; actorId: string | null }[] = [
  { name: "admin", role: "admin", actorId: null },
  { name: "brrc", role: "brrc", actorId: null },
  { name: "gtr", role: "gtr", actorId: null },
  { name: "CI", role: "administration", actorId: "CI" },
];

/**
 * The local development tokens, kept in a file under .wrangler/ (never committed) so that a restart prints the
 * same ones; those missing from the local database, or revoked, are made again. Prints them as JSON.
 */
async function dev(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { options: ["file"] });
  const file = args.options.file ?? DEV_TOKENS_FILE;
  let saved: Record<string, string> = {};
  try {
    saved = JSON.parse(await readFile(file, "utf8")) as Record<string, string>;
  } catch {
    saved = {};
  }
  const ids = Object.values(saved).map((t) => tokenId(t)).filter((id): id is string => id !== null);
  const [active = []] = await io.d1(
    `SELECT id FROM tokens WHERE revoked_at IS NULL AND id IN (${ids.map((id) => `'${id}'`).join(", ") || "''"})`,
    { remote: false },
  );
  const alive = new Set(active.map((r) => String(r.id)));
  const result: Record<string, string> = {};
  const inserts: string[] = [];
  for (const d of DEV_TOKENS) {
    const current = saved[d.name];
    const id = current ? tokenId(current) : null;
    if (current && id && alive.has(id)) {
      result[d.name] = current;
      continue;
    }
    const t = await generateToken();
    inserts.push(insertTokenSql({ id: t.id, hash: t.hash, role: d.role, actorId: d.actorId, label: `${d.name} (local)`, now: new Date().toISOString() }));
    result[d.name] = t.token;
  }
  if (inserts.length > 0) {
    const answers = await io.d1(inserts.join("; "), { remote: false });
    const created = answers.filter((rows, i) => i % 2 === 1 && rows.length > 0).length;
    if (created !== inserts.length) {
      io.err("Could not create the local tokens: is the local database migrated and seeded?");
      return 1;
    }
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`, { mode: 0o600 });
  }
  io.out(JSON.stringify(result));
  return 0;
}

/** `token …`: exit 0 on success, 1 when the database refused, 2 on a usage error. */
export async function runToken(argv: string[], io: Io = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  const commands: Record<string, (a: string[], io: Io) => Promise<number>> = { create, revoke, list, dev };
  const run = command ? commands[command] : undefined;
  if (!run) {
    io.err(USAGE);
    return 2;
  }
  try {
    return await run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.message}\n${USAGE}`);
      return 2;
    }
    io.err(e instanceof Error ? e.message : String(e));
    return 1;
  }
}
