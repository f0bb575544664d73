import { beforeAll, describe, expect, it } from "vitest";
import type { PullResponse, PushResponse } from "../../shared/sync/protocol";
import type { Tokens } from "../test/helpers";
import { call, db, dumpTables, fu, iv, makeToken, makeTokens, seed } from "../test/helpers";

let t: Tokens;
beforeAll(async () => {
  await seed();
  t = await makeTokens();
});

const push = (token: string, body: unknown, headers: Record<string, string> = {}) =>
  call<PushResponse & { error: { code: string; record?: string; field?: string } }>("POST", "/v1/sync/push", { token, body, headers });

async function historyCount(): Promise<number> {
  const rows = await db().all<{ n: number }>({
    sql: "SELECT (SELECT count(*) FROM follow_up_history) + (SELECT count(*) FROM indicator_value_changes) AS n",
    params: [],
  });
  return rows[0]?.n ?? -1;
}

describe("push", () => {
  it("creates records, then finds the same push unchanged and writes nothing", async () => {
    const body = {
      followUps: [fu("PC11-R02", "CI", { status: "in-progress", progress: 40, due: { type: "date", date: "2021-12-31" } })],
      indicatorValues: [iv("REV", "CI", "2021Q1", { value: 120 }), iv("CLR", "CI", "2021Q1", { value: 40 })],
    };
    const first = await push(t.CI, body);
    expect(first.status).toBe(200);
    expect(first.json.summary).toEqual({ created: 3, updated: 0, unchanged: 0, conflict: 0, rejected: 0 });
    expect(first.json.followUps).toEqual([{ index: 0, result: "created", version: 1 }]);
    expect(first.json.indicatorValues.map((r) => [r.index, r.result, r.version])).toEqual([
      [0, "created", 1],
      [1, "created", 1],
    ]);

    const before = await dumpTables();
    const again = await push(t.CI, body);
    expect(again.json.summary).toEqual({ created: 0, updated: 0, unchanged: 3, conflict: 0, rejected: 0 });
    expect(again.headers.get("x-d1-rows-written")).toBe("0");
    expect(await dumpTables()).toBe(before);
  });

  it("updates on the right base version and returns a conflict with the server's record otherwise", async () => {
    const ok = await push(t.CI, { indicatorValues: [iv("REV", "CI", "2021Q1", { value: 125 }, 1)] });
    expect(ok.json.indicatorValues[0]).toEqual({ index: 0, result: "updated", version: 2 });

    const stale = await push(t.CI, { indicatorValues: [iv("REV", "CI", "2021Q1", { value: 130 }, 1)] });
    const r = stale.json.indicatorValues[0]!;
    expect(r.result).toBe("conflict");
    expect(r.version).toBe(2);
    expect(r.server?.fields.value).toBe(125);
    expect(r.differences).toEqual([{ field: "value", server: 125, incoming: 130 }]);

    // "I believe it does not exist" while it does, with other content: a conflict too
    const blind = await push(t.CI, { indicatorValues: [iv("REV", "CI", "2021Q1", { value: 131 }, null)] });
    expect(blind.json.indicatorValues[0]?.result).toBe("conflict");
    const current = await call("GET", "/v1/indicator-values?indicatorCode=REV&actorId=CI", { token: t.CI });
    expect(current.json.indicatorValues[0].fields.value).toBe(125);
  });

  it("plans a push of new records without reading them first, yet never overwrites one that exists", async () => {
    const fresh = await push(t.CI, { indicatorValues: [iv("REV", "CI", "2017Q1", { value: 1 }), iv("REV", "CI", "2017Q2", { value: 2 })] });
    expect(fresh.json.summary.created).toBe(2);
    // the same shape of push, but one record exists: the guards refuse the first plan, the second one reads it
    const before = await dumpTables();
    const blind = await push(t.CI, { indicatorValues: [iv("REV", "CI", "2017Q3", { value: 3 }), iv("REV", "CI", "2017Q2", { value: 20 })] });
    expect(blind.json.indicatorValues.map((r) => [r.result, r.version])).toEqual([
      ["created", 1],
      ["conflict", 1],
    ]);
    expect(blind.json.indicatorValues[1]?.server?.fields.value).toBe(2);
    expect(Number(blind.headers.get("x-d1-statements"))).toBeGreaterThan(Number(fresh.headers.get("x-d1-statements")));
    const after = await dumpTables();
    expect(after).not.toBe(before);
    const value = await call("GET", "/v1/indicator-values?indicatorCode=REV&actorId=CI&period=2017Q2", { token: t.CI });
    expect(value.json.indicatorValues[0].fields.value).toBe(2);
  });

  it("rejects records the server cannot accept, with the reason and the field, and applies the others", async () => {
    const r = await push(t.brrc, {
      followUps: [
        fu("PC11-R99", "CI"),
        fu("PC11-R01", "ADMINISTRATIONS"),
        fu("PC11-R01", "XX"),
        fu("PC11-R01", "WCO-SEC", { status: "in-progress" }),
      ],
      indicatorValues: [
        iv("NOPE", "CI", "2021Q1"),
        iv("DRAFT-X", "CI", "2021"),
        iv("OLD", "CI", "2021"),
        iv("REV", "BRRC-AOC", "2021Q1"),
        iv("INSP", "GM", "2021Q1", { value: 135 }),
        iv("STAFF", "GM", "2021", { value: -12 }),
        iv("STAFF", "GM", "2020", { value: 2.5 }),
        iv("INSP", "GM", "2021Q2", { value: 35 }),
      ],
    });
    expect(r.status).toBe(200);
    const codes = (xs: { result: string; reason?: { code: string }; field?: string }[]) =>
      xs.map((x) => (x.result === "rejected" ? `${x.reason?.code}@${x.field}` : x.result));
    expect(codes(r.json.followUps)).toEqual([
      "unknown-recommendation@key.recommendationId",
      "group-actor@key.actorId",
      "unknown-actor@key.actorId",
      "created",
    ]);
    expect(codes(r.json.indicatorValues)).toEqual([
      "unknown-indicator@key.indicatorCode",
      "indicator-not-published@key.indicatorCode",
      "indicator-retired@key.indicatorCode",
      "not-an-administration@key.actorId",
      "value-out-of-range@fields.value",
      "value-out-of-range@fields.value",
      "value-out-of-range@fields.value",
      "created",
    ]);
    expect(r.json.indicatorValues[4]?.reason?.message.fr).toContain("135");
  });

  it("refuses a whole push that names another administration (403) and applies nothing", async () => {
    const before = await dumpTables();
    const r = await push(t.CI, { indicatorValues: [iv("REV", "CI", "2021Q2", { value: 1 }), iv("REV", "SN", "2021Q2", { value: 1 })] });
    expect(r.status).toBe(403);
    expect(r.json.error).toMatchObject({ code: "forbidden-actor", record: "indicatorValues[1]", field: "key.actorId" });
    expect(await dumpTables()).toBe(before);
  });

  it("refuses the same record twice in one push", async () => {
    const r = await push(t.CI, { indicatorValues: [iv("REV", "CI", "2021Q2"), iv("REV", "CI", "2021Q2")] });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: "duplicate-record", record: "indicatorValues[1]" });
  });

  it("lets only roles that write records push", async () => {
    for (const token of [t.gtr, t.admin]) {
      expect((await push(token, { indicatorValues: [] })).status).toBe(403);
    }
    expect((await push("", { indicatorValues: [] })).status).toBe(401);
  });

  it("uses a constant number of D1 statements whatever the number of rows", async () => {
    const token = await makeToken("administration", "GM");
    const rows = (n: number, year: number) =>
      Array.from({ length: n }, (_, i) => iv("REV", "GM", `${year + Math.floor(i / 4)}Q${(i % 4) + 1}`, { value: i }));
    const small = await push(token, { indicatorValues: rows(8, 1900) });
    const large = await push(token, { indicatorValues: rows(2000, 1950) });
    expect(small.json.summary.created).toBe(8);
    expect(large.json.summary.created).toBe(2000);
    expect(large.headers.get("x-d1-statements")).toBe(small.headers.get("x-d1-statements"));
    const again = await push(token, { indicatorValues: rows(2000, 1950) });
    expect(again.json.summary.unchanged).toBe(2000);
    expect(again.headers.get("x-d1-rows-written")).toBe("0");
  });
});

describe("dry run", () => {
  it("says what a push would do, field by field, and writes nothing", async () => {
    const body = {
      indicatorValues: [
        iv("REV", "CI", "2021Q1", { value: 200 }, 2),
        iv("REV", "CI", "2021Q3", { value: 7 }),
        iv("CLR", "CI", "2021Q1", { value: 40 }),
        iv("INSP", "CI", "2021Q1", { value: 101 }),
      ],
    };
    const before = await dumpTables();
    for (const path of ["/v1/sync/dry-run", "/v1/sync/push?dryRun=true"]) {
      const r = await call<PushResponse>("POST", path, { token: t.CI, body });
      expect(r.status).toBe(200);
      expect(r.json.dryRun).toBe(true);
      expect(r.json.indicatorValues.map((x) => x.result)).toEqual(["updated", "created", "unchanged", "rejected"]);
      expect(r.json.indicatorValues[0]?.differences).toEqual([{ field: "value", server: 125, incoming: 200 }]);
      expect(r.json.indicatorValues[1]?.differences?.find((d) => d.field === "value")).toEqual({ field: "value", server: null, incoming: 7 });
    }
    expect(await dumpTables()).toBe(before);
  });
});

describe("idempotent retries", () => {
  const body = () => ({ indicatorValues: [iv("CLR", "SN", "2021Q1", { value: 50 }), iv("REV", "SN", "2021Q1", { value: 90 })] });

  it("answers a retry with the first answer, byte for byte, without applying it again", async () => {
    const key = { "Idempotency-Key": "retry-0001-abcdef" };
    const first = await push(t.SN, body(), key);
    expect(first.json.summary.created).toBe(2);
    const history = await historyCount();
    const tables = await dumpTables();
    const second = await push(t.SN, body(), key);
    expect(second.status).toBe(200);
    expect(second.text).toBe(first.text);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(await historyCount()).toBe(history);
    expect(await dumpTables()).toBe(tables);
  });

  it("after a response that was lost, the retry still gets the first answer", async () => {
    const key = { "Idempotency-Key": "lost-response-0002" };
    const b = { indicatorValues: [iv("CLR", "SN", "2021Q2", { value: 51 })] };
    // the first answer never reaches the client: only the server saw it
    await push(t.SN, b, key);
    const retry = await push(t.SN, b, key);
    expect(retry.json.indicatorValues[0]).toEqual({ index: 0, result: "created", version: 1 });
    const hist = await call("GET", "/v1/history/indicator-values?indicatorCode=CLR&actorId=SN&period=2021Q2", { token: t.SN });
    expect(hist.json.history).toHaveLength(1);
  });

  it("two copies of the same request racing are applied once", async () => {
    const key = { "Idempotency-Key": "race-0003-xyz" };
    const b = { indicatorValues: [iv("CLR", "SN", "2021Q3", { value: 52 })] };
    const [a, c] = await Promise.all([push(t.SN, b, key), push(t.SN, b, key)]);
    expect(a.text).toBe(c.text);
    const hist = await call("GET", "/v1/history/indicator-values?indicatorCode=CLR&actorId=SN&period=2021Q3", { token: t.SN });
    expect(hist.json.history).toHaveLength(1);
  });

  it("refuses the same key with another body (422), and keys are per token", async () => {
    const key = { "Idempotency-Key": "retry-0001-abcdef" };
    const other = await push(t.SN, { indicatorValues: [iv("CLR", "SN", "2021Q4", { value: 1 })] }, key);
    expect(other.status).toBe(422);
    expect(other.json.error.code).toBe("idempotency-key-reused");
    const otherToken = await push(t.CI, { indicatorValues: [iv("CLR", "CI", "2021Q4", { value: 1 })] }, key);
    expect(otherToken.status).toBe(200);
    expect((await push(t.SN, body(), { "Idempotency-Key": "short" })).status).toBe(400);
  });
});

describe("concurrent writers", () => {
  it("every write is applied or returned as a conflict; history and state agree; no lost update", async () => {
    const tokens = await Promise.all(Array.from({ length: 10 }, (_, i) => makeToken("brrc", null, `brrc-${i}`)));
    // 50 pushes over 5 overlapping records, all based on "does not exist"
    const pushes = Array.from({ length: 50 }, (_, i) =>
      push(tokens[i % 10]!, {
        followUps: [0, 1, 2, 3, 4].filter((k) => (i + k) % 2 === 0).map((k) => fu(k === 4 ? "PC12-R01" : "PC11-R02", ["GM", "SN", "GQ", "CI", "GM"][k]!, { progress: i })),
      }),
    );
    const answers = await Promise.all(pushes);
    const applied = new Map<string, number[]>();
    for (const [i, a] of answers.entries()) {
      expect(a.status).toBe(200);
      const body = { followUps: [0, 1, 2, 3, 4].filter((k) => (i + k) % 2 === 0) };
      a.json.followUps.forEach((r, n) => {
        expect(["created", "conflict", "unchanged"]).toContain(r.result);
        const k = body.followUps[n]!;
        if (r.result === "created") applied.set(String(k), [...(applied.get(String(k)) ?? []), i]);
      });
    }
    // PC11-R02/CI already existed: every attempt conflicts; the others were created exactly once
    for (const k of ["0", "1", "2", "4"]) expect(applied.get(k)).toHaveLength(1);
    expect(applied.get("3")).toBeUndefined();
    const list = await call("GET", "/v1/follow-ups?recommendationId=PC11-R02&actorId=SN", { token: t.brrc });
    const winner = applied.get("1")![0]!;
    expect(list.json.followUps[0].fields.progress).toBe(winner);
    const hist = await call("GET", "/v1/history/follow-ups?recommendationId=PC11-R02&actorId=SN", { token: t.brrc });
    expect(hist.json.history).toHaveLength(1);
  });
});

describe("pull", () => {
  it("pages through changes with a monotonic cursor, then answers an unchanged pull in one small request", async () => {
    const seen: string[] = [];
    let cursor = "0";
    let pages = 0;
    for (;;) {
      const r = await call<PullResponse>("GET", `/v1/sync/pull?since=${cursor}&limit=700`, { token: t.brrc });
      expect(r.status).toBe(200);
      pages++;
      for (const f of r.json.followUps) seen.push(`f:${f.key.recommendationId}/${f.key.actorId}`);
      for (const v of r.json.indicatorValues) seen.push(`v:${v.key.indicatorCode}/${v.key.actorId}/${v.key.period}`);
      expect(Number(r.json.cursor)).toBeGreaterThanOrEqual(Number(cursor));
      cursor = r.json.cursor;
      if (!r.json.hasMore) break;
    }
    const all = await db().all<{ n: number }>({
      sql: "SELECT (SELECT count(*) FROM follow_ups) + (SELECT count(*) FROM indicator_values) AS n",
      params: [],
    });
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(all[0]?.n);
    expect(pages).toBeGreaterThan(1);

    const unchanged = await call<PullResponse>("GET", `/v1/sync/pull?since=${cursor}`, { token: t.brrc });
    expect(unchanged.json).toEqual({ followUps: [], indicatorValues: [], cursor, hasMore: false });
    expect(new TextEncoder().encode(unchanged.text).byteLength).toBeLessThan(200);

    // a new change shows up after the cursor, alone
    await push(t.CI, { indicatorValues: [iv("CLR", "CI", "2021Q2", { value: 39 })] });
    const next = await call<PullResponse>("GET", `/v1/sync/pull?since=${cursor}`, { token: t.brrc });
    expect(next.json.indicatorValues.map((v) => v.key.period)).toEqual(["2021Q2"]);
    expect(next.json.followUps).toEqual([]);
  });

  it("gives each administration only what it may see", async () => {
    await push(t.brrc, { indicatorValues: [iv("INSP", "SN", "2021Q1", { value: 30 })] });
    await push(t.CI, { indicatorValues: [iv("INSP", "CI", "2021Q1", { value: 20 })] });
    const ci = await call<PullResponse>("GET", "/v1/sync/pull?since=0&limit=5000", { token: t.CI });
    expect(ci.json.followUps.every((f) => f.key.actorId === "CI")).toBe(true);
    const insp = ci.json.indicatorValues.filter((v) => v.key.indicatorCode === "INSP").map((v) => v.key.actorId);
    expect(insp).toEqual(["CI"]);
    // regional values of others are visible
    expect(ci.json.indicatorValues.some((v) => v.key.actorId === "SN" && v.key.indicatorCode === "REV")).toBe(true);
    expect((await call("GET", "/v1/sync/pull", { token: t.admin })).status).toBe(403);
    expect((await call("GET", "/v1/sync/pull")).status).toBe(401);
  });

  it("hands values out again when their indicator's disclosure widens", async () => {
    const head = await call<PullResponse>("GET", "/v1/sync/pull?since=0&limit=5000", { token: t.CI });
    const cursor = head.json.cursor;
    const ind = await call("GET", "/v1/indicators/INSP", { token: t.gtr });
    const def = { ...ind.json, disclosure: "regional" };
    delete def.status;
    delete def.version;
    const edit = await call("PUT", "/v1/indicators/INSP", { token: t.gtr, body: { baseVersion: ind.json.version, indicator: def } });
    expect(edit.status).toBe(200);
    const next = await call<PullResponse>("GET", `/v1/sync/pull?since=${cursor}`, { token: t.CI });
    expect(next.json.indicatorValues.filter((v) => v.key.indicatorCode === "INSP").map((v) => v.key.actorId).sort()).toEqual(["CI", "GM", "SN"]);
  });
});

describe("pull cursors", () => {
  it("a cursor from the future comes back to the server's sequence", async () => {
    const r = await call<PullResponse>("GET", "/v1/sync/pull?since=999999999", { token: t.brrc });
    expect(Number(r.json.cursor)).toBeLessThan(999999999);
    const again = await call<PullResponse>("GET", `/v1/sync/pull?since=${r.json.cursor}`, { token: t.brrc });
    expect(again.json).toEqual({ followUps: [], indicatorValues: [], cursor: r.json.cursor, hasMore: false });
  });
});
