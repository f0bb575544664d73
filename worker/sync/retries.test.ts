import type { D1Database } from "@cloudflare/workers-types/index";
import { env } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { PushResponse } from "../../shared/sync/protocol";
import app from "../index";
import { BASE, call, db, dumpTables, iv, makeToken, seed } from "../test/helpers";

/**
 * Retries with the same Idempotency-Key after the answer was lost. The loss is simulated inside the Worker:
 * its D1 either fails before the batch (nothing applied) or commits the batch and then fails (applied, but
 * the client only gets an error, as when the connection drops on the way back). Either way, the client's
 * retries with the same key end with the push applied exactly once.
 */
let token: string;
let other: string;
beforeAll(async () => {
  await seed();
  token = await makeToken("administration", "SN", "sn-retries");
  other = await makeToken("brrc", null, "brrc-retries");
});
afterEach(() => vi.restoreAllMocks());

/** The Worker's D1, except that batches that write fail: before running, or after they committed. */
function droppingDb(when: "before" | "after"): D1Database {
  const real = env.DB;
  const sqlOf = new WeakMap<object, string>();
  const writes = (statements: object[]) => statements.some((s) => /^\s*(INSERT|UPDATE|DELETE)\b/i.test(sqlOf.get(s) ?? ""));
  return {
    prepare: (q: string) => {
      const prepared = real.prepare(q);
      const bind = prepared.bind.bind(prepared);
      prepared.bind = (...values: unknown[]) => {
        const bound = bind(...values);
        sqlOf.set(bound, q);
        return bound;
      };
      return prepared;
    },
    batch: async (statements: Parameters<D1Database["batch"]>[0]) => {
      if (!writes(statements)) return real.batch(statements);
      if (when === "before") throw new Error("D1_ERROR: Network connection lost.");
      await real.batch(statements);
      throw new Error("D1_ERROR: Network connection lost.");
    },
  } as unknown as D1Database;
}

async function pushWith(database: D1Database | null, body: unknown, key: string) {
  const res = await app.request(
    `${BASE}/v1/sync/push`,
    { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "Idempotency-Key": key }, body: JSON.stringify(body) },
    database ? { ...env, DB: database } : env,
  );
  return { status: res.status, text: await res.text(), replayed: res.headers.get("idempotent-replayed") };
}

async function historyOf(period: string) {
  return db().all<{ after: string; token_id: string }>({
    sql: "SELECT after, token_id FROM indicator_value_changes WHERE indicator_code = 'CLR' AND actor_id = 'SN' AND period = ? ORDER BY seq",
    params: [period],
  });
}

describe("a push retried with the same Idempotency-Key", () => {
  it("is applied once when the answer was lost after the commit: the retries get the first answer", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const body = { indicatorValues: [iv("CLR", "SN", "2023Q1", { value: 11 })] };
    const lost = await pushWith(droppingDb("after"), body, "dropped-after-commit-1");
    expect(lost.status).toBe(500); // what the client saw: no answer worth keeping
    expect(await historyOf("2023Q1")).toHaveLength(1); // but the server had applied it

    const tables = await dumpTables();
    const retries = [await pushWith(null, body, "dropped-after-commit-1"), ...(await Promise.all([1, 2, 3, 4].map(() => pushWith(null, body, "dropped-after-commit-1"))))];
    for (const r of retries) {
      expect(r.status).toBe(200);
      expect(r.replayed).toBe("true");
      expect(r.text).toBe(retries[0]!.text);
    }
    expect((JSON.parse(retries[0]!.text) as PushResponse).indicatorValues[0]).toEqual({ index: 0, result: "created", version: 1 });
    expect(await dumpTables()).toBe(tables);
  });

  it("is applied once when the answer was lost before the commit: the retry applies it", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const body = { indicatorValues: [iv("CLR", "SN", "2023Q2", { value: 12 })] };
    const tables = await dumpTables();
    const lost = await pushWith(droppingDb("before"), body, "dropped-before-commit-2");
    expect(lost.status).toBe(500);
    expect(await dumpTables()).toBe(tables);

    const [a, b] = await Promise.all([pushWith(null, body, "dropped-before-commit-2"), pushWith(null, body, "dropped-before-commit-2")]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.text).toBe(b.text);
    expect([a.replayed, b.replayed].filter((x) => x === "true")).toHaveLength(1); // one applied it, the other got its answer
    expect((JSON.parse(a.text) as PushResponse).indicatorValues[0]?.result).toBe("created");
    expect(await historyOf("2023Q2")).toHaveLength(1);
  });

  it("does not undo a change made by someone else between the lost answer and the retry", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const body = { indicatorValues: [iv("CLR", "SN", "2023Q3", { value: 13 })] };
    expect((await pushWith(droppingDb("after"), body, "dropped-then-changed-3")).status).toBe(500);
    const change = await call<PushResponse>("POST", "/v1/sync/push", { token: other, body: { indicatorValues: [iv("CLR", "SN", "2023Q3", { value: 99 }, 1)] } });
    expect(change.json.indicatorValues[0]?.result).toBe("updated");

    const retry = await pushWith(null, body, "dropped-then-changed-3");
    expect(retry.replayed).toBe("true");
    expect((JSON.parse(retry.text) as PushResponse).indicatorValues[0]).toEqual({ index: 0, result: "created", version: 1 });
    const [now] = await db().all<{ value: number; version: number }>({
      sql: "SELECT value, version FROM indicator_values WHERE indicator_code = 'CLR' AND actor_id = 'SN' AND period = '2023Q3'",
      params: [],
    });
    expect(now).toEqual({ value: 99, version: 2 });
    expect((await historyOf("2023Q3")).map((h) => JSON.parse(h.after).value)).toEqual([13, 99]);
  });

  it("under another key, the same body is planned again and finds the record already there: nothing written twice", async () => {
    const body = { indicatorValues: [iv("CLR", "SN", "2023Q1", { value: 11 })] };
    const records = async () =>
      JSON.stringify(await db().all({ sql: "SELECT (SELECT json_group_array(json_array(v.period, v.value, v.version)) FROM indicator_values v) AS v, (SELECT count(*) FROM indicator_value_changes) AS h, (SELECT value FROM change_seq) AS seq", params: [] }));
    const before = await records();
    const again = await pushWith(null, body, "another-key-for-2023Q1");
    expect(again.replayed).toBeNull();
    expect((JSON.parse(again.text) as PushResponse).indicatorValues[0]).toEqual({ index: 0, result: "unchanged", version: 1 });
    expect(await historyOf("2023Q1")).toHaveLength(1);
    expect(await records()).toBe(before);
  });
});
