import { describe, expect, it } from "vitest";
import { loadReferenceData } from "../../shared/reference";
import { call, db, dumpTables, makeToken } from "../test/helpers";
import { TEST_REFERENCE } from "../test/fixtures";
import { inlineStatement, seedSql, seedStatements } from "./seed";

describe("the seed", () => {
  it("loads the shipped reference data, and loading it again changes nothing", async () => {
    const ref = loadReferenceData();
    const statements = seedStatements(ref, "2020-01-01T00:00:00.000Z");
    // what `wrangler d1 execute --file` runs: the statements with their values written in
    await db().batch(statements.map((s) => ({ sql: inlineStatement(s), params: [] })));
    const once = await dumpTables();
    await db().batch(statements);
    expect(await dumpTables()).toBe(once);
    const counts = await db().all<Record<string, number>>({
      sql: `SELECT (SELECT count(*) FROM actors) AS actors, (SELECT count(*) FROM meetings) AS meetings,
              (SELECT count(*) FROM recommendations) AS recommendations, (SELECT count(*) FROM indicators) AS indicators,
              (SELECT count(*) FROM memberships) AS memberships`,
      params: [],
    });
    expect(counts[0]).toEqual({
      actors: ref.actors.length,
      meetings: ref.meetings.length,
      recommendations: ref.recommendations.length,
      indicators: ref.indicators.length,
      memberships: ref.actors.reduce((n, a) => n + a.membership.length, 0),
    });
    expect(seedSql(ref).split(";\n").length).toBe(statements.length);
  });

  it("never overwrites what the BRRC edited through the API", async () => {
    await db().batch(seedStatements(TEST_REFERENCE));
    const brrc = await makeToken("brrc");
    const ci = (await call("GET", "/v1/actors/CI", { token: brrc })).json;
    const edited = await call("PUT", "/v1/actors/CI", {
      token: brrc,
      body: { baseVersion: ci.version, actor: { ...ci, version: undefined, membership: [{ from: "1990-01-01" }] } },
    });
    expect(edited.status).toBe(200);
    await db().batch(seedStatements(TEST_REFERENCE, "2030-01-01T00:00:00.000Z"));
    const after = (await call("GET", "/v1/actors/CI", { token: brrc })).json;
    expect(after.membership).toEqual([{ from: "1990-01-01" }]);
    expect(after.version).toBe(edited.json.version);
  });
});
