import { applyD1Migrations, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { TEST_REFERENCE } from "../test/fixtures";
import { Db } from "./client";
import { seedStatements } from "./seed";

/** The migrations one by one on an empty database, with data written as each earlier schema wrote it. */
describe("migration 0002: a value at version 1 is its own creation entry", () => {
  it("keeps every change, drops only the creation rows the value's row now stands for, and keeps the tokens", async () => {
    const d1 = env.MIGRATION_DB;
    const db = new Db(d1);
    const [first] = env.TEST_MIGRATIONS;
    expect(first?.name).toMatch(/^0001_/);
    await applyD1Migrations(d1, [first!]);
    await db.batch(seedStatements(TEST_REFERENCE, "2020-01-01T00:00:00.000Z"));

    // as 0001's writer left them: REV 2021Q1 created and never changed, REV 2021Q2 created then changed
    const value = (period: string, v: number, version: number, seq: number, by: string) => ({
      sql: `INSERT INTO indicator_values (indicator_code, period, actor_id, value, version, seq, received_at, updated_at, updated_by)
            VALUES ('REV', ?, 'CI', ?, ?, ?, '2021-04-01T00:00:00.000Z', '2021-05-01T00:00:00.000Z', ?)`,
      params: [period, v, version, seq, by],
    });
    const history = (period: string, seq: number, by: string, token: string, before: string | null, after: string) => ({
      sql: `INSERT INTO indicator_value_history (indicator_code, actor_id, period, seq, changed_at, changed_by, token_id, before, after)
            VALUES ('REV', 'CI', ?, ?, '2021-04-01T00:00:00.000Z', ?, ?, ?, ?)`,
      params: [period, seq, by, token, before, after],
    });
    const created = (v: number) => JSON.stringify({ value: v, target: null, source: null, comment: null });
    await db.batch([
      value("2021Q1", 5, 1, 1, "ci"),
      history("2021Q1", 1, "ci", "tok-ci", null, created(5)),
      value("2021Q2", 8, 2, 3, "brrc"),
      history("2021Q2", 2, "ci", "tok-ci", null, created(7)),
      history("2021Q2", 3, "brrc", "tok-brrc", '{"value":7}', '{"value":8}'),
    ]);
    const changesBefore = await db.all({ sql: "SELECT * FROM indicator_value_history ORDER BY seq", params: [] });

    await applyD1Migrations(d1, env.TEST_MIGRATIONS);

    expect(await db.all({ sql: "SELECT period, seq FROM indicator_value_history ORDER BY seq", params: [] })).toEqual([
      { period: "2021Q2", seq: 2 },
      { period: "2021Q2", seq: 3 },
    ]);
    expect(await db.all({ sql: "SELECT period, token_id FROM indicator_values ORDER BY period", params: [] })).toEqual([
      { period: "2021Q1", token_id: "tok-ci" },
      { period: "2021Q2", token_id: "tok-brrc" },
    ]);
    // the view lists what the history held before, creation included
    const changesAfter = await db.all<Record<string, unknown>>({
      sql: "SELECT indicator_code, actor_id, period, seq, changed_at, changed_by, token_id, before, after FROM indicator_value_changes ORDER BY seq",
      params: [],
    });
    const parsed = (rows: Record<string, unknown>[]) =>
      rows.map((r) => ({ ...r, before: r.before === null ? null : JSON.parse(String(r.before)), after: JSON.parse(String(r.after)) }));
    expect(parsed(changesAfter)).toEqual(parsed(changesBefore as Record<string, unknown>[]));
  });
});
