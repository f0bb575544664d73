import { env } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import app from "../index";
import type { Tokens } from "../test/helpers";
import { BASE, call, db, dumpTables, iv, makeTokens, seed } from "../test/helpers";
import { sameDigest, sha256Hex, TOKEN_PATTERN } from "./token";

/**
 * Tokens: only their hash is stored; the hash is compared in constant time; a revoked token is refused at
 * once, even for a retry whose answer was stored before; and no token reaches a log line or an error.
 */
let t: Tokens;
beforeAll(async () => {
  await seed();
  t = await makeTokens();
});
afterEach(() => vi.restoreAllMocks());

// The secret is what follows the id, and may itself contain "_" (base64url).
const secretStart = (token: string) => (TOKEN_PATTERN.exec(token)?.[1]?.length ?? NaN) + "omd__".length;
const secretOf = (token: string) => token.slice(secretStart(token));
/** The same token with one character of its secret changed, at `position` from the secret's start. */
const tampered = (token: string, position: number) => {
  const i = secretStart(token) + (position < 0 ? secretOf(token).length + position : position);
  return token.slice(0, i) + (token[i] === "A" ? "B" : "A") + token.slice(i + 1);
};

describe("tokens at rest", () => {
  it("are stored as their SHA-256 only: nothing in the database holds a token or its secret", async () => {
    const created = await call("POST", "/v1/tokens", { token: t.admin, body: { role: "administration", actorId: "GM", label: "GM" } });
    expect(created.status).toBe(201);
    const all = [...Object.values(t), created.json.token as string];
    const rows = await db().all<{ id: string; token_hash: string }>({ sql: "SELECT id, token_hash FROM tokens", params: [] });
    for (const token of all) {
      const row = rows.find((r) => token.startsWith(`omd_${r.id}_`));
      expect(row?.token_hash).toBe(await sha256Hex(token));
    }
    const everything = await dumpTables();
    for (const token of all) {
      expect(secretOf(token)).toHaveLength(43);
      expect(everything).not.toContain(token);
      expect(everything).not.toContain(secretOf(token));
    }
    // and no answer gives one back, except the one that created it
    for (const path of ["/v1/tokens", "/v1/me"]) {
      const r = await call("GET", path, { token: t.admin });
      for (const token of all) expect(r.text).not.toContain(secretOf(token));
    }
  });
});

describe("comparing tokens", () => {
  it("looks at every character of the digest, wherever the first difference is", () => {
    const spy = vi.spyOn(String.prototype, "charCodeAt");
    const a = "0".repeat(64);
    const reads = (b: string) => {
      spy.mockClear();
      const same = sameDigest(a, b);
      return { same, reads: spy.mock.calls.length };
    };
    const at = (i: number) => `${a.slice(0, i)}1${a.slice(i + 1)}`;
    expect([reads(a), reads(at(0)), reads(at(31)), reads(at(63))]).toEqual([
      { same: true, reads: 128 },
      { same: false, reads: 128 },
      { same: false, reads: 128 },
      { same: false, reads: 128 },
    ]);
    expect(sameDigest(a, a.slice(1))).toBe(false);
  });

  it("the API compares the stored digest that way: the same reads for a right token and for one wrong early or late", async () => {
    const spy = vi.spyOn(String.prototype, "charCodeAt");
    const digestReads = async (token: string) => {
      spy.mockClear();
      const r = await call("GET", "/v1/me", { token });
      const reads = spy.mock.contexts.filter((s) => /^[0-9a-f]{64}$/.test(String(s))).length;
      return { status: r.status, reads };
    };
    expect([await digestReads(t.CI), await digestReads(tampered(t.CI, 0)), await digestReads(tampered(t.CI, -1))]).toEqual([
      { status: 200, reads: 128 },
      { status: 401, reads: 128 },
      { status: 401, reads: 128 },
    ]);
  });
});

describe("revoked tokens", () => {
  it("are refused at once, everywhere, even to replay an answer stored before the revocation", async () => {
    const created = await call("POST", "/v1/tokens", { token: t.admin, body: { role: "administration", actorId: "SN", label: "SN laptop" } });
    const token: string = created.json.token;
    const key = { "Idempotency-Key": "before-revocation-0001" };
    const body = { indicatorValues: [iv("CLR", "SN", "2024Q1", { value: 3 })] };
    expect((await call("POST", "/v1/sync/push", { token, body, headers: key })).status).toBe(200);
    expect((await call("POST", "/v1/sync/push", { token, body, headers: key })).headers.get("idempotent-replayed")).toBe("true");

    expect((await call("DELETE", `/v1/tokens/${created.json.id}`, { token: t.admin })).status).toBe(200);
    const requests: [string, string, unknown?, Record<string, string>?][] = [
      ["POST", "/v1/sync/push", body, key],
      ["POST", "/v1/sync/push", { indicatorValues: [iv("CLR", "SN", "2024Q2", { value: 4 })] }],
      ["GET", "/v1/sync/pull?since=0"],
      ["GET", "/v1/me"],
      ["GET", "/v1/reports/completeness?period=2024Q1"],
    ];
    const tables = await dumpTables();
    for (const [method, path, b, headers] of requests) {
      const r = await call(method, path, { token, body: b, headers });
      expect([path, r.status, r.json?.error?.code]).toEqual([path, 401, "invalid-token"]);
      expect(r.headers.get("idempotent-replayed")).toBeNull();
    }
    expect(await dumpTables()).toBe(tables);
    // the other tokens go on working
    expect((await call("GET", "/v1/me", { token: t.SN })).status).toBe(200);
  });
});

describe("tokens in logs and errors", () => {
  it("never appear in what the Worker logs or answers, whatever goes wrong", async () => {
    const lines: string[] = [];
    for (const level of ["log", "info", "warn", "error", "debug", "trace"] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        lines.push(args.map((a) => (a instanceof Error ? `${a.name} ${a.message} ${a.stack ?? ""}` : typeof a === "string" ? a : JSON.stringify(a))).join(" "));
      });
    }
    const created = await call("POST", "/v1/tokens", { token: t.admin, body: { role: "brrc", label: "to revoke" } });
    const revoked: string = created.json.token;
    await call("DELETE", `/v1/tokens/${created.json.id}`, { token: t.admin });
    const secrets = [t.CI, t.SN, t.brrc, t.gtr, t.admin, revoked];

    const answers: { label: string; status: number; text: string; headers: string }[] = [];
    const record = (label: string, r: { status: number; text: string; headers: Headers }) =>
      answers.push({ label, status: r.status, text: r.text, headers: JSON.stringify([...r.headers]) });

    // refused tokens of every shape
    const refused = [tampered(t.CI, 0), tampered(t.CI, -1), `${t.CI}x`, t.CI.replace("omd_", "omd-"), revoked, t.CI.toUpperCase(), `${t.CI} ${t.SN}`];
    for (const bad of refused) record(`bad token ${bad.length}`, await call("GET", "/v1/me", { token: bad }));
    record("lowercase scheme", await call("GET", "/v1/me", { headers: { Authorization: `bearer ${tampered(t.SN, 3)}` } }));
    record("basic scheme", await call("GET", "/v1/me", { headers: { Authorization: `Basic ${t.SN}` } }));
    record("token in the query", await call("GET", `/v1/nope?token=${t.SN}`, { token: t.SN }));
    // requests that fail after the token was accepted
    record("bad body", await call("POST", "/v1/sync/push", { token: t.CI, raw: `{"followUps":"${t.CI}"}`, headers: { "Content-Type": "application/json" } }));
    record("other administration", await call("POST", "/v1/sync/push", { token: t.CI, body: { indicatorValues: [iv("REV", "SN", "2021Q1")] } }));
    record("forbidden", await call("GET", "/v1/tokens", { token: t.CI }));
    record("bad key", await call("POST", "/v1/sync/push", { token: t.CI, body: { indicatorValues: [] }, headers: { "Idempotency-Key": "x" } }));
    // an unexpected failure while the token is being looked up
    const broken = {
      prepare: () => {
        throw new Error("D1_ERROR: no such table: tokens: SQLITE_ERROR");
      },
    };
    const res = await app.request(`${BASE}/v1/me`, { headers: { Authorization: `Bearer ${t.admin}` } }, { ...env, DB: broken });
    record("500", { status: res.status, text: await res.text(), headers: res.headers });

    expect(answers.filter((a) => a.status >= 400)).toHaveLength(answers.length);
    expect(lines.length).toBeGreaterThan(0); // the 500 was logged
    for (const token of [...secrets, ...refused]) {
      for (const part of [token, secretOf(token)]) {
        for (const a of answers) expect(`${a.text} ${a.headers}`, a.label).not.toContain(part);
        for (const line of lines) expect(line).not.toContain(part);
      }
    }
  });
});
