import { beforeAll, describe, expect, it } from "vitest";
import type { PushIndicatorValue, PushResponse } from "../../shared/sync/protocol";
import { toPushBody } from "../../shared/sync/push-body";
import type { Tokens } from "../test/helpers";
import { call, dumpTables, iv, makeTokens, seed } from "../test/helpers";

let t: Tokens;
beforeAll(async () => {
  await seed();
  t = await makeTokens();
});

type Answer = PushResponse & { error: { code: string; record?: string; field?: string; message: { fr: string; en: string } } };
const push = (token: string, body: unknown, path = "/v1/sync/push") => call<Answer>("POST", path, { token, body });
const values = (actorId: string) => call("GET", `/v1/indicator-values?actorId=${actorId}`, { token: t.brrc });

/** The same records for another administration. */
const forActor = (records: PushIndicatorValue[], actorId: string) => records.map((r) => ({ ...r, key: { ...r.key, actorId } }));
/** What two administrations' stored values share: everything but the actor and the times. */
const comparable = (list: { key: { indicatorCode: string; period: string }; fields: unknown; version: number; updatedBy: string }[]) =>
  list.map((v) => [v.key.indicatorCode, v.key.period, v.fields, v.version, v.updatedBy]).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe("indicator values pushed as columns", () => {
  it("do exactly what the same records do: results, stored values, updates, conflicts and rejections", async () => {
    const first = [
      iv("REV", "CI", "2022Q1", { value: 120 }),
      iv("REV", "CI", "2022Q2", { value: 130, target: 150, source: "DGD", comment: "=SUM(A1)" }),
      iv("CLR", "CI", "2022Q1", { value: 40, comment: "provisoire" }),
      iv("STAFF", "CI", "2022", { value: 2.5 }), // a count: rejected
      iv("NOPE", "CI", "2022", { value: 1 }), // unknown indicator: rejected
    ] as PushIndicatorValue[];
    const asRecords = await push(t.brrc, { indicatorValues: first });
    const asColumns = await push(t.brrc, toPushBody({ indicatorValues: forActor(first, "SN") }));
    expect(asRecords.status).toBe(200);
    expect(asColumns.json).toEqual(asRecords.json);
    expect(asColumns.json.summary).toEqual({ created: 3, updated: 0, unchanged: 0, conflict: 0, rejected: 2 });
    expect(comparable((await values("SN")).json.indicatorValues)).toEqual(comparable((await values("CI")).json.indicatorValues));

    // then updates on version 1, one stale base version, one unchanged
    const second = [
      iv("REV", "CI", "2022Q1", { value: 121 }, 1),
      iv("REV", "CI", "2022Q2", { value: 131, target: 150, source: "DGD", comment: "=SUM(A1)" }, 7),
      iv("CLR", "CI", "2022Q1", { value: 40, comment: "provisoire" }, 1),
    ] as PushIndicatorValue[];
    const updatedRecords = await push(t.brrc, { indicatorValues: second });
    const updatedColumns = await push(t.brrc, toPushBody({ indicatorValues: forActor(second, "SN") }));
    expect(updatedColumns.json.summary).toEqual({ created: 0, updated: 1, unchanged: 1, conflict: 1, rejected: 0 });
    const sameness = (answer: Answer) => JSON.stringify(answer).replaceAll('"SN"', '"CI"').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, "(time)");
    expect(sameness(updatedColumns.json)).toBe(sameness(updatedRecords.json));
    expect(comparable((await values("SN")).json.indicatorValues)).toEqual(comparable((await values("CI")).json.indicatorValues));
  });

  it("leave out the columns that are null for every record", async () => {
    const body = { indicatorValueColumns: { indicatorCode: ["REV", "CLR"], actorId: ["CI", "CI"], period: ["2023", "2023"], value: [5, null] } };
    const r = await push(t.CI, body);
    expect(r.json.summary).toEqual({ created: 2, updated: 0, unchanged: 0, conflict: 0, rejected: 0 });
    const stored = (await values("CI")).json.indicatorValues.filter((v: { key: { period: string } }) => v.key.period === "2023");
    expect(stored.map((v: { fields: unknown }) => v.fields)).toEqual([
      { value: null, target: null, source: null, comment: null },
      { value: 5, target: null, source: null, comment: null },
    ]);
  });

  it("are refused as a whole, naming the record and field, when a column is wrong", async () => {
    const good = toPushBody({ indicatorValues: [iv("REV", "CI", "2024Q1"), iv("REV", "CI", "2024Q2")] as PushIndicatorValue[] });
    const columns = good.indicatorValueColumns!;
    const before = await dumpTables();
    const cases: [string, unknown, { status: number; record?: string; field?: string }][] = [
      ["a bad period", { indicatorValueColumns: { ...columns, period: ["2024Q1", "2024Q9"] } }, { status: 400, record: "indicatorValues[1]", field: "key.period" }],
      ["a huge value", { indicatorValueColumns: { ...columns, value: [1, "HUGE"] } }, { status: 400, record: "indicatorValues[1]", field: "fields.value" }],
      ["a short column", { indicatorValueColumns: { ...columns, comment: ["x"] } }, { status: 400, field: "indicatorValueColumns.comment" }],
      ["a missing key column", { indicatorValueColumns: { ...columns, period: undefined } }, { status: 400, field: "indicatorValueColumns.period" }],
      ["an unknown column", { indicatorValueColumns: { ...columns, unit: ["M", "M"] } }, { status: 400, field: "indicatorValueColumns" }],
      ["both forms", { indicatorValues: [iv("REV", "CI", "2024Q3")], indicatorValueColumns: columns }, { status: 400, field: "indicatorValueColumns" }],
      ["another administration", toPushBody({ indicatorValues: [iv("REV", "CI", "2024Q1"), iv("REV", "SN", "2024Q1")] as PushIndicatorValue[] }), { status: 403, record: "indicatorValues[1]", field: "key.actorId" }],
    ];
    for (const [name, body, expected] of cases) {
      const raw = JSON.stringify(body).replace('"HUGE"', "1e400"); // JSON.parse reads it as Infinity
      const r = await call<Answer>("POST", "/v1/sync/push", { token: t.CI, raw, headers: { "Content-Type": "application/json" } });
      expect([name, r.status, r.json.error?.record, r.json.error?.field]).toEqual([name, expected.status, expected.record, expected.field]);
      expect(r.json.error.message.fr).not.toBe("");
    }
    expect(await dumpTables()).toBe(before);
  });

  it("answer a dry run as records would", async () => {
    const records = [iv("REV", "CI", "2025Q1", { value: 9 }), iv("DRAFT-X", "CI", "2025Q1")] as PushIndicatorValue[];
    const asRecords = await push(t.CI, { indicatorValues: records }, "/v1/sync/dry-run");
    const asColumns = await push(t.CI, toPushBody({ indicatorValues: records }), "/v1/sync/dry-run");
    expect(asColumns.json).toEqual(asRecords.json);
    expect(asColumns.json.dryRun).toBe(true);
  });
});
