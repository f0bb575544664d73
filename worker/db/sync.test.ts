import { beforeAll, describe, expect, it } from "vitest";
import { PushRequest } from "../../shared/sync/protocol";
import { planPush } from "../sync/plan";
import { db, iv, seed } from "../test/helpers";
import { isStaleSnapshot, jsonChunks } from "./client";
import { readSnapshot, writeStatements } from "./sync";

const meta = { now: "2021-01-01T00:00:00.000Z", by: "test", tokenId: null };

beforeAll(() => seed());

async function apply(req: unknown) {
  const parsed = PushRequest.parse(req);
  const plan = planPush(parsed, await readSnapshot(db(), parsed), false);
  return { plan, run: () => db().batch(writeStatements(plan.writes, meta)) };
}

describe("the write guard", () => {
  it("rolls a whole batch back when a record it was planned on changed in between", async () => {
    const first = await apply({ indicatorValues: [iv("REV", "CI", "2022Q1", { value: 1 }), iv("REV", "CI", "2022Q2", { value: 2 })] });
    // another writer creates one of the two records after the plan was made
    const other = await apply({ indicatorValues: [iv("REV", "CI", "2022Q2", { value: 99 })] });
    await other.run();
    const err = await first.run().then(
      () => null,
      (e: unknown) => e,
    );
    expect(isStaleSnapshot(err)).toBe(true);
    const rows = await db().all<{ period: string; value: number }>({
      sql: "SELECT period, value FROM indicator_values WHERE indicator_code = 'REV' AND actor_id = 'CI' AND period LIKE '2022%' ORDER BY period",
      params: [],
    });
    expect(rows).toEqual([{ period: "2022Q2", value: 99 }]);
  });

  it("guards updates too: a plan based on version 1 does not overwrite version 2", async () => {
    const a = await apply({ indicatorValues: [iv("REV", "CI", "2022Q2", { value: 5 }, 1)] });
    const b = await apply({ indicatorValues: [iv("REV", "CI", "2022Q2", { value: 6 }, 1)] });
    await a.run();
    await expect(b.run()).rejects.toSatisfy(isStaleSnapshot);
    const [row] = await db().all<{ value: number; version: number }>({
      sql: "SELECT value, version FROM indicator_values WHERE indicator_code = 'REV' AND actor_id = 'CI' AND period = '2022Q2'",
      params: [],
    });
    expect(row).toEqual({ value: 5, version: 2 });
    const [h] = await db().all<{ n: number }>({
      sql: "SELECT count(*) AS n FROM indicator_value_changes WHERE indicator_code = 'REV' AND actor_id = 'CI' AND period = '2022Q2'",
      params: [],
    });
    expect(h?.n).toBe(2);
  });
});

describe("JSON parameters", () => {
  it("are cut under the byte limit, never inside a row, and keep every row", () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ["é".repeat(10), i]);
    const chunks = jsonChunks(rows, 2000);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(new TextEncoder().encode(c.text).byteLength).toBeLessThanOrEqual(2000);
    expect(chunks.flatMap((c) => JSON.parse(c.text) as unknown[])).toEqual(rows);
    expect(chunks.reduce((n, c) => n + c.rows, 0)).toBe(1000);
  });
});
