import { beforeAll, describe, expect, it } from "vitest";
import { computeIndicator } from "../../shared/indicators/compute";
import type { Tokens } from "../test/helpers";
import { call, fu, iv, makeToken, makeTokens, seed } from "../test/helpers";

/**
 * Small seeded data (worker/test/fixtures.ts) and the expected figures worked out by hand, in the comments.
 */
let t: Tokens;
let beforeChange = "";
beforeAll(async () => {
  await seed();
  t = await makeTokens();
  const brrc = await makeToken("brrc", null, "=HYPERLINK(\"x\")");
  const pushed = await call("POST", "/v1/sync/push", {
    token: brrc,
    body: {
      followUps: [
        fu("PC11-R01", "WCO-SEC", { status: "implemented", progress: 100, evidence: "note 12/2021" }),
        fu("PC11-R02", "CI", { status: "implemented", progress: 100, evidence: "rapport" }),
        fu("PC11-R02", "SN", { status: "in-progress" }), // due from the recommendation: 2021-12-31, overdue
        fu("PC11-R02", "GM", { status: "not-started", progress: 0, due: { type: "date", date: "2099-01-01" } }),
        fu("PC11-R02", "GQ", { status: "not-applicable", progress: null }),
        fu("PC11-R03", "BRRC-AOC", { status: "in-progress" }), // open deadline: never overdue
        fu("PC11-D1", "CI", { status: "not-started", progress: 0 }), // no deadline
        fu("PC12-R01", "CI", { status: "in-progress" }),
      ],
      indicatorValues: [
        iv("REV", "CI", "2021Q1", { value: 120 }),
        iv("REV", "SN", "2021Q1", { value: 90 }),
        iv("REV", "GM", "2021Q1", { value: 100, target: 80 }),
        iv("CLR", "CI", "2021Q1", { value: 40 }),
        iv("CLR", "SN", "2021Q1", { value: 50 }),
        iv("INSP", "CI", "2021Q1", { value: 20 }),
        iv("INSP", "SN", "2021Q1", { value: null }),
        iv("INSP", "GM", "2021Q1", { value: 10 }),
        iv("INSP", "GQ", "2021Q1", { value: 40 }),
        iv("INSP", "CI", "2021Q2", { value: 10 }),
        iv("INSP", "SN", "2021Q2", { value: 20 }),
        iv("INSP", "GM", "2021Q2", { value: 30 }),
        iv("INSP", "GQ", "2021Q2", { value: 40 }),
        iv("TRAIN", "CI", "2021", { value: 60 }),
        iv("TRAIN", "SN", "2021", { value: 40 }),
        iv("TRAIN", "GM", "2021", { value: 50 }),
        iv("STAFF", "CI", "2021", { value: 100 }),
        iv("STAFF", "SN", "2021", { value: 300 }),
      ],
    },
  });
  expect(pushed.json.summary.created).toBe(26);
  const accept = await call("POST", "/v1/reviews/PC11-R01/WCO-SEC", { token: t.brrc, body: { decision: "accept", baseVersion: 1 } });
  expect(accept.status).toBe(200);
  await new Promise((r) => setTimeout(r, 5));
  beforeChange = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 5));
  // after `beforeChange`: SN implements R02 (then the report "as of" before it must not count it)
  const sn = await call("POST", "/v1/sync/push", {
    token: t.SN,
    body: { followUps: [fu("PC11-R02", "SN", { status: "implemented", progress: 100, evidence: "pv" }, 1)] },
  });
  expect(sn.json.followUps[0].result).toBe("updated");
});

const counts = (o: Record<string, unknown>) => ({
  total: o.total,
  notStarted: o.notStarted,
  inProgress: o.inProgress,
  implemented: o.implemented,
  notApplicable: o.notApplicable,
  accepted: o.accepted,
  pendingReview: o.pendingReview,
  overdue: o.overdue,
  implementationRate: o.implementationRate,
  acceptedRate: o.acceptedRate,
});

describe("recommendation implementation", () => {
  it("per recommendation, as of before SN's change", async () => {
    const r = await call("GET", `/v1/reports/recommendations?meetingId=PC11&asOf=${beforeChange}`, { token: t.brrc });
    expect(r.status).toBe(200);
    const byKey = Object.fromEntries(r.json.rows.map((x: Record<string, unknown>) => [x.key, counts(x)]));
    expect(Object.keys(byKey)).toEqual(["PC11-D1", "PC11-R01", "PC11-R02", "PC11-R03"]);
    // R01: WCO-SEC implemented and accepted
    expect(byKey["PC11-R01"]).toEqual({ total: 1, notStarted: 0, inProgress: 0, implemented: 1, notApplicable: 0, accepted: 1, pendingReview: 0, overdue: 0, implementationRate: 1, acceptedRate: 1 });
    // R02: CI implemented (pending), SN in progress and overdue, GM not started (due 2099), GQ not applicable: 1 / 3
    expect(byKey["PC11-R02"]).toEqual({ total: 4, notStarted: 1, inProgress: 1, implemented: 1, notApplicable: 1, accepted: 0, pendingReview: 1, overdue: 1, implementationRate: 0.3333, acceptedRate: 0 });
    expect(byKey["PC11-R03"]).toMatchObject({ total: 1, inProgress: 1, overdue: 0, implementationRate: 0 });
    expect(byKey["PC11-D1"]).toMatchObject({ total: 1, notStarted: 1, overdue: 0 });
    // 7 follow-ups, 1 not applicable: 2 / 6 implemented, 1 / 6 accepted
    expect(counts(r.json.totals)).toEqual({ total: 7, notStarted: 2, inProgress: 2, implemented: 2, notApplicable: 1, accepted: 1, pendingReview: 1, overdue: 1, implementationRate: 0.3333, acceptedRate: 0.1667 });
  });

  it("now, after SN's change", async () => {
    const r = await call("GET", "/v1/reports/recommendations?meetingId=PC11", { token: t.brrc });
    const r02 = r.json.rows.find((x: { key: string }) => x.key === "PC11-R02");
    // SN implemented: 2 / 3, both pending, nothing overdue
    expect(counts(r02)).toEqual({ total: 4, notStarted: 1, inProgress: 0, implemented: 2, notApplicable: 1, accepted: 0, pendingReview: 2, overdue: 0, implementationRate: 0.6667, acceptedRate: 0 });
    expect(r.json.totals).toMatchObject({ total: 7, implemented: 3, implementationRate: 0.5 });
  });

  it("per administration: the BRRC sees every row, an administration its own and the regional totals", async () => {
    const all = await call("GET", `/v1/reports/recommendations?meetingId=PC11&groupBy=administration&asOf=${beforeChange}`, { token: t.gtr });
    expect(all.json.rows.map((x: { key: string; total: number; implementationRate: number | null }) => [x.key, x.total, x.implementationRate])).toEqual([
      ["CI", 2, 0.5],
      ["GM", 1, 0],
      ["GQ", 1, null],
      ["SN", 1, 0],
    ]);
    const ci = await call("GET", "/v1/reports/recommendations?meetingId=PC11&groupBy=administration", { token: t.CI });
    expect(ci.json.rows.map((x: { key: string }) => x.key)).toEqual(["CI"]);
    expect(ci.json.totals.total).toBe(7);
  });

  it("per addressee: a group counts its members' follow-ups", async () => {
    const r = await call("GET", `/v1/reports/recommendations?meetingId=PC11&groupBy=addressee&asOf=${beforeChange}`, { token: t.brrc });
    expect(r.json.rows.map((x: { key: string; total: number; implemented: number }) => [x.key, x.total, x.implemented])).toEqual([
      ["CI", 1, 0],
      ["ADMINISTRATIONS", 4, 1],
      ["BRRC-AOC", 1, 0],
      ["WCO-SEC", 1, 1],
    ]);
    const sn = await call("GET", "/v1/reports/recommendations?meetingId=PC11&groupBy=addressee", { token: t.SN });
    expect(sn.json.rows.map((x: { key: string }) => x.key)).toEqual(["ADMINISTRATIONS", "BRRC-AOC", "WCO-SEC"]);
  });

  it("the previous meeting's recommendations, for the GTR's first agenda item", async () => {
    const r = await call("GET", "/v1/reports/meetings/PC12/previous", { token: t.CI });
    expect(r.status).toBe(200);
    expect(r.json.previousMeetingId).toBe("PC11");
    expect(r.json.recommendations.map((x: { key: string }) => x.key)).toEqual(["PC11-D1", "PC11-R01", "PC11-R02", "PC11-R03"]);
    expect(r.json.totals).toMatchObject({ total: 7, implemented: 3 });
    expect((await call("GET", "/v1/reports/meetings/PC11/previous", { token: t.CI })).status).toBe(404);
  });

  it("follow-up states as of a date come from the history", async () => {
    const before = await call("GET", `/v1/follow-ups/as-of?date=${beforeChange}&actorId=SN`, { token: t.brrc });
    expect(before.json.followUps.map((f: { status: string }) => f.status)).toEqual(["in-progress"]);
    const now = await call("GET", `/v1/follow-ups/as-of?date=2999-01-01&actorId=SN`, { token: t.brrc });
    expect(now.json.followUps.map((f: { status: string; reviewState: string }) => [f.status, f.reviewState])).toEqual([["implemented", "pending"]]);
    const past = await call("GET", "/v1/follow-ups/as-of?date=2000-01-01", { token: t.brrc });
    expect(past.json.followUps).toEqual([]);
    // an administration only its own
    const ci = await call("GET", "/v1/follow-ups/as-of?date=2999-01-01", { token: t.CI });
    expect(new Set(ci.json.followUps.map((f: { actorId: string }) => f.actorId))).toEqual(new Set(["CI"]));
  });
});

describe("indicators", () => {
  type Group = { code: string; period: string; regional: Record<string, unknown> | null; administrations: Record<string, unknown>[] };
  const find = (json: { indicators: Group[] }, code: string, period: string) => json.indicators.find((g) => g.code === code && g.period === period);

  it("per administration and regional, with attainment and red/amber/green", async () => {
    const r = await call<{ indicators: Group[] }>("GET", "/v1/reports/indicators?year=2021", { token: t.brrc });
    expect(r.status).toBe(200);
    // the token, then one batch of two statements, however many administrations there are
    expect(r.headers.get("x-d1-statements")).toBe("3");
    // REV (sum, higher is better): CI 120/100, SN 90/150 (its own target), GM 100/80 (the record's target)
    const rev = find(r.json, "REV", "2021Q1")!;
    expect(rev.administrations).toEqual([
      { actorId: "CI", value: 120, target: 100, attainment: 1.2, rag: "green" },
      { actorId: "GM", value: 100, target: 80, attainment: 1.25, rag: "green" },
      { actorId: "SN", value: 90, target: 150, attainment: 0.6, rag: "red" },
    ]);
    // 310 against 330
    expect(rev.regional).toEqual({ reported: 3, value: 310, target: 330, attainment: 0.9394, rag: "amber" });
    // CLR (mean, lower is better, target 48): CI 48/40, SN 48/50; mean 45 against 48
    const clr = find(r.json, "CLR", "2021Q1")!;
    expect(clr.administrations.map((a) => [a.actorId, a.attainment, a.rag])).toEqual([
      ["CI", 1.2, "green"],
      ["SN", 0.96, "amber"],
    ]);
    expect(clr.regional).toEqual({ reported: 2, value: 45, target: 48, attainment: 1.0667, rag: "green" });
    // INSP (median): 10, 20, 40 (SN declared missing) → 20; next quarter 10, 20, 30, 40 → 25
    expect(find(r.json, "INSP", "2021Q1")!.regional).toMatchObject({ reported: 3, value: 20, target: null, rag: null });
    expect(find(r.json, "INSP", "2021Q2")!.regional).toMatchObject({ reported: 4, value: 25 });
    // TRAIN weighted by STAFF: (60×100 + 40×300) / 400 = 45 against 50 → 0.9, amber (green 1, amber 0.9); GM has no weight
    const train = find(r.json, "TRAIN", "2021")!;
    expect(train.regional).toEqual({ reported: 3, value: 45, target: 50, attainment: 0.9, rag: "amber" });
    expect(train.administrations.map((a) => [a.actorId, a.rag])).toEqual([
      ["CI", "green"],
      ["GM", "green"],
      ["SN", "red"],
    ]);
    expect(find(r.json, "STAFF", "2021")!.regional).toEqual({ reported: 2, value: 400, target: null, attainment: null, rag: null });
    // RATIO = TRAIN / STAFF × 1000, computed when read: CI 600, SN 133.33…, GM none (no STAFF); mean 366.67
    const ratio = find(r.json, "RATIO", "2021")!;
    expect(ratio.administrations.map((a) => [a.actorId, a.value === null ? null : Math.round((a.value as number) * 100) / 100])).toEqual([
      ["CI", 600],
      ["GM", null],
      ["SN", 133.33],
    ]);
    expect(ratio.regional).toMatchObject({ reported: 2, value: 366.666667 });
    // the same figures as the pane's evaluator
    const staff = { CI: 100, SN: 300 } as Record<string, number>;
    const trained = { CI: 60, SN: 40, GM: 50 } as Record<string, number>;
    for (const a of ratio.administrations) {
      const id = a.actorId as string;
      const expected = computeIndicator({ numerator: ["TRAIN"], denominator: ["STAFF"], factor: 1000 }, { TRAIN: trained[id], STAFF: staff[id] });
      expect(a.value).toBe(expected);
    }
  });

  it("respects disclosure: restricted values only to their administration, no regional figure for them", async () => {
    const ci = await call<{ indicators: Group[] }>("GET", "/v1/reports/indicators?period=2021Q1", { token: t.CI });
    const insp = find(ci.json, "INSP", "2021Q1")!;
    expect(insp.administrations.map((a) => a.actorId)).toEqual(["CI"]);
    expect(insp.regional).toBeNull();
    expect(find(ci.json, "REV", "2021Q1")!.administrations).toHaveLength(3);
    // without a token: public indicators only
    const anon = await call<{ indicators: Group[] }>("GET", "/v1/reports/indicators?period=2021Q1");
    expect(anon.status).toBe(200);
    expect(anon.json.indicators.map((g) => g.code)).toEqual(["CLR"]);
    expect((await call("GET", "/v1/reports/indicators", { token: t.admin })).status).toBe(403);
  });
});

describe("completeness and timeliness", () => {
  it("counts expected, reported and on-time reports of member administrations", async () => {
    // 2021Q1: CI, SN, GM are members (GQ from 2022) × REV, CLR, INSP (quarterly, published) = 9; GM lacks CLR
    const r = await call("GET", "/v1/reports/completeness?period=2021Q1&days=30", { token: t.brrc });
    expect(r.status).toBe(200);
    expect(r.headers.get("x-d1-statements")).toBe("4");
    expect(r.json).toMatchObject({ start: "2021-01-01", end: "2021-03-31", deadline: "2021-04-30" });
    expect(r.json.totals).toEqual({ expected: 9, reported: 8, withValue: 7, onTime: 0, reportingRate: 0.8889, timelinessRate: 0 });
    expect(r.json.administrations.map((a: Record<string, unknown>) => [a.actorId, a.expected, a.reported, a.missing])).toEqual([
      ["CI", 3, 3, []],
      ["GM", 3, 2, ["CLR"]],
      ["SN", 3, 3, []],
    ]);
    expect(r.json.indicators.map((i: Record<string, unknown>) => [i.code, i.reported])).toEqual([
      ["CLR", 2],
      ["INSP", 3],
      ["REV", 3],
    ]);
    // everything was received long after 2021: late with 30 days, on time with ten years
    const generous = await call("GET", "/v1/reports/completeness?period=2021Q1&days=3650", { token: t.brrc });
    expect(generous.json.totals.onTime).toBe(8);
    expect(r.json.administrations[0].late).toEqual(["CLR", "INSP", "REV"]);
  });

  it("gives an administration its own row and the regional totals", async () => {
    const r = await call("GET", "/v1/reports/completeness?period=2021Q1", { token: t.SN });
    expect(r.json.administrations.map((a: { actorId: string }) => a.actorId)).toEqual(["SN"]);
    expect(r.json.totals.expected).toBe(9);
  });
});

describe("follow-ups not updated since a date", () => {
  it("lists open follow-ups last changed before the date", async () => {
    const r = await call("GET", "/v1/reports/stale-follow-ups?since=2999-01-01", { token: t.brrc });
    // 8 follow-ups; closed: GQ (not applicable) and WCO-SEC (implemented and accepted)
    expect(r.json.followUps).toHaveLength(6);
    const all = await call("GET", "/v1/reports/stale-follow-ups?since=2999-01-01&includeClosed=true", { token: t.brrc });
    expect(all.json.followUps).toHaveLength(8);
    expect((await call("GET", "/v1/reports/stale-follow-ups?since=2000-01-01", { token: t.brrc })).json.followUps).toEqual([]);
    const ci = await call("GET", "/v1/reports/stale-follow-ups?since=2999-01-01&meetingId=PC11", { token: t.CI });
    expect(ci.json.followUps.map((f: { recommendationId: string }) => f.recommendationId)).toEqual(["PC11-D1", "PC11-R02"]);
  });
});

describe("CSV", () => {
  it("is UTF-8 with a BOM, CRLF lines, and text that cannot become a formula", async () => {
    const r = await call("GET", "/v1/reports/recommendations?meetingId=PC11&format=csv", { token: t.brrc });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect([...r.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = r.text.slice(1).split("\r\n");
    expect(lines[0]).toBe(
      "key,kind,number,meetingId,textFr,nameFr,nameEn,total,notStarted,inProgress,implemented,notApplicable,accepted,pendingReview,overdue,implementationRate,acceptedRate",
    );
    expect(lines.find((l) => l.startsWith("PC11-R02"))).toContain(",'=Organiser un atelier,");
    const stale = await call("GET", "/v1/reports/stale-follow-ups?since=2999-01-01", { token: t.brrc, headers: { Accept: "text/csv" } });
    expect(stale.text).toContain(`"'=HYPERLINK(""x"")"`);
    const semicolon = await call("GET", "/v1/reports/completeness?period=2021Q1&format=csv&delimiter=;", { token: t.brrc });
    expect(semicolon.text.split("\r\n")[0]).toBe("\uFEFFactorId;nameFr;nameEn;expected;reported;withValue;onTime;reportingRate;timelinessRate;missing;late");
    const ind = await call("GET", "/v1/reports/indicators?period=2021Q1&format=csv", { token: t.brrc });
    expect(ind.text).toContain("\r\nREV,2021Q1,REGION,310,330,0.9394,amber,3\r\n");
  });
});
