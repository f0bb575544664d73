import { beforeAll, describe, expect, it } from "vitest";
import type { PushResponse } from "../../shared/sync/protocol";
import type { Tokens } from "../test/helpers";
import { call, db, iv, makeTokens, seed } from "../test/helpers";

let t: Tokens;
beforeAll(async () => {
  await seed();
  t = await makeTokens();
});

const push = (token: string, body: unknown) => call<PushResponse>("POST", "/v1/sync/push", { token, body });

async function historyRows(period: string) {
  return db().all<{ seq: number; changed_by: string; token_id: string | null; before: string | null; after: string }>({
    sql: `SELECT seq, changed_by, token_id, before, after FROM indicator_value_history
          WHERE indicator_code = 'REV' AND actor_id = 'CI' AND period = ? ORDER BY seq`,
    params: [period],
  });
}

async function listed(period: string) {
  const res = await call("GET", `/v1/history/indicator-values?indicatorCode=REV&actorId=CI&period=${period}`, { token: t.brrc });
  expect(res.status).toBe(200);
  return res.json.history as { created: boolean; changedBy: string; changes: { field: string; old: unknown; new: unknown }[] }[];
}

const tokenIds = async () =>
  new Map((await db().all<{ id: string; label: string }>({ sql: "SELECT id, label FROM tokens", params: [] })).map((r) => [r.label, r.id]));

describe("indicator value history", () => {
  it("a push of new values writes each value once, and the history lists their creation from the row", async () => {
    const periods = ["2019Q1", "2019Q2", "2019Q3"];
    const res = await push(t.CI, { indicatorValues: periods.map((p, i) => iv("REV", "CI", p, { value: 10 + i, source: "DGD" })) });
    expect(res.json.summary.created).toBe(3);
    for (const [i, p] of periods.entries()) {
      expect(await historyRows(p)).toEqual([]);
      expect(await listed(p)).toEqual([
        {
          key: { indicatorCode: "REV", actorId: "CI", period: p },
          changedAt: expect.any(String),
          changedBy: "administration-CI",
          created: true,
          changes: [
            { field: "value", old: null, new: 10 + i },
            { field: "target", old: null, new: null },
            { field: "source", old: null, new: "DGD" },
            { field: "comment", old: null, new: null },
          ],
        },
      ]);
    }
    const [row] = await db().all<{ token_id: string }>({
      sql: "SELECT token_id FROM indicator_values WHERE indicator_code = 'REV' AND actor_id = 'CI' AND period = '2019Q1'",
      params: [],
    });
    expect(row?.token_id).toBe((await tokenIds()).get("administration-CI"));
  });

  it("the first change writes the creation entry, as the creator left it, before the change; later changes do not repeat it", async () => {
    await push(t.CI, { indicatorValues: [iv("REV", "CI", "2018Q4", { value: 1, comment: "first" })] });
    const [created] = await db().all<{ seq: number; received_at: string }>({
      sql: "SELECT seq, received_at FROM indicator_values WHERE indicator_code = 'REV' AND actor_id = 'CI' AND period = '2018Q4'",
      params: [],
    });
    expect((await push(t.brrc, { indicatorValues: [iv("REV", "CI", "2018Q4", { value: 2, comment: "first" }, 1)] })).json.summary.updated).toBe(1);
    expect((await push(t.CI, { indicatorValues: [iv("REV", "CI", "2018Q4", { value: 2, comment: "third" }, 2)] })).json.summary.updated).toBe(1);

    const ids = await tokenIds();
    const rows = await historyRows("2018Q4");
    expect(rows.map((r) => [r.changed_by, r.token_id, r.before === null ? null : JSON.parse(r.before), JSON.parse(r.after)])).toEqual([
      ["administration-CI", ids.get("administration-CI"), null, { value: 1, target: null, source: null, comment: "first" }],
      ["brrc", ids.get("brrc"), { value: 1 }, { value: 2 }],
      ["administration-CI", ids.get("administration-CI"), { comment: "first" }, { comment: "third" }],
    ]);
    expect(rows[0]?.seq).toBe(created?.seq);

    const steps = (await listed("2018Q4")).map((h) => [h.created, h.changedBy, h.changes.filter((c) => c.old !== c.new).map((c) => `${c.field}:${String(c.old)}→${String(c.new)}`)]);
    expect(steps).toEqual([
      [true, "administration-CI", ["value:null→1", "comment:null→first"]],
      [false, "brrc", ["value:1→2"]],
      [false, "administration-CI", ["comment:first→third"]],
    ]);
  });
});
