import { env } from "cloudflare:test";
import app from "../index";
import type { ReferenceData } from "../../shared/model/reference";
import type { Role } from "../auth/principal";
import { generateToken } from "../auth/token";
import { Db } from "../db/client";
import { seedStatements } from "../db/seed";
import { insertToken } from "../db/tokens";
import { TEST_REFERENCE } from "./fixtures";

export const BASE = "https://api.test";

export function db(): Db {
  return new Db(env.DB);
}

export async function seed(ref: ReferenceData = TEST_REFERENCE): Promise<void> {
  await db().batch(seedStatements(ref, "2020-01-01T00:00:00.000Z"));
}

/** A token stored as the CLI and the API store them (hash only); returns the token itself. */
export async function makeToken(role: Role, actorId: string | null = null, label = `${role}${actorId ? `-${actorId}` : ""}`): Promise<string> {
  const t = await generateToken();
  await insertToken(db(), { id: t.id, hash: t.hash, role, actorId, label, now: new Date().toISOString() });
  return t.token;
}

export interface Tokens {
  admin: string;
  brrc: string;
  gtr: string;
  CI: string;
  SN: string;
}

export async function makeTokens(): Promise<Tokens> {
  return {
    admin: await makeToken("admin"),
    brrc: await makeToken("brrc"),
    gtr: await makeToken("gtr"),
    CI: await makeToken("administration", "CI"),
    SN: await makeToken("administration", "SN"),
  };
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** a body sent as is (bytes or text), with its own content type */
  raw?: BodyInit;
  headers?: Record<string, string>;
}

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  bytes: Uint8Array;
  json: T;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function call<T = any>(method: string, path: string, o: CallOptions = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (o.token) headers.Authorization = `Bearer ${o.token}`;
  let body: BodyInit | undefined = o.raw;
  if (o.body !== undefined) {
    body = JSON.stringify(o.body);
    headers["Content-Type"] ??= "application/json";
  }
  // Straight into the Worker's fetch handler: SELF.fetch slows down request after request in the test pool
  // (hundreds of milliseconds each after a few hundred), which 1,000-request property tests cannot afford.
  const res = await app.request(`${BASE}${path}`, { method, headers, body }, env);
  const bytes = new Uint8Array(await res.arrayBuffer());
  // keep a byte-order mark in the text (Response.text() would drop it)
  const text = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true }).decode(bytes);
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, bytes, json: json as T };
}

/** Every row of every table, to prove a request changed nothing. */
export async function dumpTables(): Promise<string> {
  const tables = await db().all<{ name: string }>({
    sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations' ORDER BY name",
    params: [],
  });
  const parts: string[] = [];
  for (const { name } of tables) {
    const rows = await db().all<Record<string, unknown>>({ sql: `SELECT * FROM "${name}"`, params: [] });
    parts.push(`${name}:${rows.map((r) => JSON.stringify(r)).sort().join("\n")}`);
  }
  return parts.join("\n");
}

export const fu = (recommendationId: string, actorId: string, fields: Partial<Record<string, unknown>> = {}, baseVersion: number | null = null) => ({
  key: { recommendationId, actorId },
  fields: { status: "in-progress", progress: 50, actions: null, due: null, evidence: null, comment: null, updatedOn: null, ...fields },
  baseVersion,
});

export const iv = (indicatorCode: string, actorId: string, period: string, fields: Partial<Record<string, unknown>> = {}, baseVersion: number | null = null) => ({
  key: { indicatorCode, actorId, period },
  fields: { value: 1, target: null, source: null, comment: null, ...fields },
  baseVersion,
});
