import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../worker/auth/token";
import type { D1Runner } from "./token";
import { idFrom, runToken } from "./token";

/** Statements of a SQL text, split on semicolons outside quoted strings (as wrangler does). */
function statementsOf(text: string): string[] {
  const out: string[] = [];
  let current = "";
  let quoted = false;
  for (const ch of text) {
    if (ch === "'") quoted = !quoted;
    if (ch === ";" && !quoted) {
      out.push(current.trim());
      current = "";
    } else current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/** A stand-in for wrangler: records the SQL, answers the token look-ups. */
function fakeD1(options: { administrations?: string[]; active?: string[] } = {}) {
  const sql: string[] = [];
  const run: D1Runner = async (text) => {
    sql.push(text);
    const statements = statementsOf(text);
    return statements.map((s) => {
      const m = /^SELECT id FROM tokens WHERE id = '([a-z0-9]+)'/.exec(s);
      if (m) {
        const insert = statements[statements.indexOf(s) - 1] ?? "";
        const admin = /kind = 'administration'/.test(insert) ? /WHERE id = '([A-Z-]+)'/.exec(insert)?.[1] : null;
        return admin && !(options.administrations ?? ["CI"]).includes(admin) ? [] : [{ id: m[1] }];
      }
      if (/^SELECT id FROM tokens WHERE revoked_at IS NULL/.test(s)) return (options.active ?? []).map((id) => ({ id }));
      if (/^SELECT revoked_at/.test(s)) return [{ revoked_at: /revoked_at = '([^']+)'/.exec(text)?.[1] ?? null }];
      return [];
    });
  };
  return { sql, run };
}

function io(d1: D1Runner) {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), d1 } };
}

describe("token create", () => {
  it("prints only the token, and stores only its hash", async () => {
    const d1 = fakeD1();
    const o = io(d1.run);
    expect(await runToken(["create", "--role", "administration", "--admin", "ci", "--label", "Point de contact CI"], o.io)).toBe(0);
    expect(o.out).toHaveLength(1);
    const token = o.out[0]!;
    expect(token).toMatch(/^omd_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    const [sql] = d1.sql;
    expect(sql).toContain(await sha256Hex(token));
    expect(sql).not.toContain(token.slice(17));
    expect(sql).toContain("'Point de contact CI'");
    expect(sql).toContain("'CI'");
  });

  it("refuses an administration that is not one, and asks for --admin only for administration tokens", async () => {
    const o = io(fakeD1({ administrations: ["CI"] }).run);
    expect(await runToken(["create", "--role", "administration", "--admin", "XX"], o.io)).toBe(1);
    expect(o.out).toEqual([]);
    expect(await runToken(["create", "--role", "administration"], o.io)).toBe(2);
    expect(await runToken(["create", "--role", "brrc", "--admin", "CI"], o.io)).toBe(2);
    expect(await runToken(["create", "--role", "boss"], o.io)).toBe(2);
    const ok = io(fakeD1().run);
    expect(await runToken(["create", "--role", "admin"], ok.io)).toBe(0);
    expect(ok.out).toHaveLength(1);
  });

  it("escapes labels", async () => {
    const d1 = fakeD1();
    expect(await runToken(["create", "--role", "gtr", "--label", "O'Brien'); DROP TABLE tokens; --"], io(d1.run).io)).toBe(0);
    expect(d1.sql[0]).toContain("'O''Brien''); DROP TABLE tokens; --'");
  });
});

describe("token revoke", () => {
  it("takes the id, omd_id, or the whole token", async () => {
    expect(idFrom("abcdefghij12")).toBe("abcdefghij12");
    expect(idFrom("omd_abcdefghij12")).toBe("abcdefghij12");
    expect(idFrom(`omd_abcdefghij12_${"x".repeat(43)}`)).toBe("abcdefghij12");
    expect(idFrom("nope")).toBeNull();
    const d1 = fakeD1();
    const o = io(d1.run);
    expect(await runToken(["revoke", "omd_abcdefghij12"], o.io)).toBe(0);
    expect(d1.sql[0]).toMatch(/^UPDATE tokens SET revoked_at = '[^']+' WHERE id = 'abcdefghij12' AND revoked_at IS NULL/);
    expect(o.out).toEqual([]);
    expect(await runToken(["revoke", "x"], o.io)).toBe(2);
  });
});

describe("token dev", () => {
  it("makes one token per role once, then gives the same ones back while they are active", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "tokens-")), "dev-tokens.json");
    const first = fakeD1();
    const a = io(first.run);
    expect(await runToken(["dev", "--file", file], a.io)).toBe(0);
    const tokens = JSON.parse(a.out[0]!) as Record<string, string>;
    expect(Object.keys(tokens)).toEqual(["admin", "brrc", "gtr", "CI"]);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(tokens);
    const ids = Object.values(tokens).map((t) => t.slice(4, 16));
    const again = fakeD1({ active: ids });
    const b = io(again.run);
    expect(await runToken(["dev", "--file", file], b.io)).toBe(0);
    expect(JSON.parse(b.out[0]!)).toEqual(tokens);
    expect(again.sql).toHaveLength(1);
    // one was revoked: only that one is made again
    const revoked = fakeD1({ active: ids.slice(1) });
    const c = io(revoked.run);
    expect(await runToken(["dev", "--file", file], c.io)).toBe(0);
    const next = JSON.parse(c.out[0]!) as Record<string, string>;
    expect(next.admin).not.toBe(tokens.admin);
    expect({ ...next, admin: "" }).toEqual({ ...tokens, admin: "" });
  });
});
