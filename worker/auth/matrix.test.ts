import { beforeAll, describe, expect, it } from "vitest";
import type { Tokens } from "../test/helpers";
import { call, fu, iv, makeTokens, seed } from "../test/helpers";

/**
 * Every role × every endpoint × own vs other administration, from one table. The records concerned belong
 * to CI: "own" is CI's token, "other" is SN's. allow = not 401/403 (and, for reads, CI's record is there);
 * hidden = 200 or 404 without it; deny = 401 without a token, 403 with one.
 */
type Who = "anonymous" | "own" | "other" | "brrc" | "gtr" | "admin";
const WHO: Who[] = ["anonymous", "own", "other", "brrc", "gtr", "admin"];
type Outcome = "allow" | "deny" | "hidden";
const [A, D, H] = ["allow", "deny", "hidden"] as const;

interface Req {
  method: string;
  path: string;
  body?: unknown;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Visible = (json: any, text: string) => boolean;

const has = (text: string, s: string) => text.includes(s);
const ciFollowUp: Visible = (_j, text) => has(text, '"actorId":"CI"') && has(text, "PC11-R02");
const ciInsp: Visible = (_j, text) => has(text, '"actorId":"CI"') && has(text, "INSP");

const rev = { code: "REV", nameFr: "Recettes", nameEn: "Revenue", unit: "M", valueType: "amount", direction: "higher-is-better", aggregation: "sum", periodicity: "quarterly", disclosure: "regional", targets: [{ period: "2021Q1", value: 100 }, { period: "2021Q1", value: 150, actorId: "SN" }] };
const ci = { id: "CI", kind: "administration", nameFr: "Côte d'Ivoire", nameEn: "Côte d'Ivoire", membership: [{ from: "2000-01-01" }] };

//            path                                                   anonymous own other brrc gtr admin
const TABLE: [string, Req, Outcome[], Visible?][] = [
  ["me", { method: "GET", path: "/v1/me" }, [D, A, A, A, A, A]],
  ["list tokens", { method: "GET", path: "/v1/tokens" }, [D, D, D, D, D, A]],
  ["create token", { method: "POST", path: "/v1/tokens", body: { role: "gtr", label: "matrix" } }, [D, D, D, D, D, A]],
  ["revoke token", { method: "DELETE", path: "/v1/tokens/aaaaaaaaaaaa" }, [D, D, D, D, D, A]],
  ["reference bundle", { method: "GET", path: "/v1/reference" }, [D, A, A, A, A, A]],
  ["list actors", { method: "GET", path: "/v1/actors" }, [D, A, A, A, A, A]],
  ["get actor", { method: "GET", path: "/v1/actors/CI" }, [D, A, A, A, A, A]],
  ["put actor", { method: "PUT", path: "/v1/actors/CI", body: { baseVersion: 1, actor: ci } }, [D, D, D, A, D, D]],
  ["list meetings", { method: "GET", path: "/v1/meetings" }, [D, A, A, A, A, A]],
  ["get meeting", { method: "GET", path: "/v1/meetings/PC11" }, [D, A, A, A, A, A]],
  ["put meeting", { method: "PUT", path: "/v1/meetings/PC11", body: { baseVersion: 1, meeting: { id: "PC11", kind: "contact-points", titleFr: "x", titleEn: "x", startDate: "2020-12-02", endDate: "2020-12-04" } } }, [D, D, D, A, D, D]],
  ["list recommendations", { method: "GET", path: "/v1/recommendations" }, [D, A, A, A, A, A]],
  ["get recommendation", { method: "GET", path: "/v1/recommendations/PC11-R01" }, [D, A, A, A, A, A]],
  ["put recommendation", { method: "PUT", path: "/v1/recommendations/PC11-R01", body: { baseVersion: 1, recommendation: { id: "PC11-R01", meetingId: "PC11", kind: "recommendation", number: "1", textFr: "x", addressees: ["WCO-SEC"] } } }, [D, D, D, A, D, D]],
  ["list indicators (drafts)", { method: "GET", path: "/v1/indicators" }, [H, H, H, A, A, D], (_j, t) => has(t, "DRAFT-X")],
  ["get restricted indicator", { method: "GET", path: "/v1/indicators/INSP" }, [H, A, A, A, A, D], (_j, t) => has(t, '"code":"INSP"')],
  ["indicator versions", { method: "GET", path: "/v1/indicators/REV/versions" }, [H, A, A, A, A, D], (_j, t) => has(t, '"versions"')],
  ["create indicator", { method: "POST", path: "/v1/indicators", body: { indicator: { ...rev, code: "MATRIX" } } }, [D, D, D, D, A, D]],
  ["edit indicator", { method: "PUT", path: "/v1/indicators/REV", body: { baseVersion: 1, indicator: rev } }, [D, D, D, D, A, D]],
  ["indicator status", { method: "POST", path: "/v1/indicators/DRAFT-X/status", body: { baseVersion: 1, status: "published" } }, [D, D, D, D, A, D]],
  ["list follow-ups", { method: "GET", path: "/v1/follow-ups?actorId=CI" }, [D, A, H, A, A, D], ciFollowUp],
  ["follow-ups as of", { method: "GET", path: "/v1/follow-ups/as-of?date=2999-01-01" }, [D, A, H, A, A, D], ciFollowUp],
  ["restricted values", { method: "GET", path: "/v1/indicator-values?indicatorCode=INSP" }, [H, A, H, A, A, D], ciInsp],
  ["regional values", { method: "GET", path: "/v1/indicator-values?indicatorCode=REV&actorId=CI" }, [H, A, A, A, A, D], (_j, t) => has(t, '"actorId":"CI"')],
  ["list reviews", { method: "GET", path: "/v1/reviews" }, [D, A, H, A, A, D], ciFollowUp],
  ["review", { method: "POST", path: "/v1/reviews/PC11-R02/CI", body: { decision: "return", comment: "matrix", baseVersion: 1 } }, [D, D, D, A, D, D]],
  ["push own record", { method: "POST", path: "/v1/sync/push", body: { indicatorValues: [iv("CLR", "CI", "2021Q4", { value: 3 })] } }, [D, A, D, A, D, D]],
  ["dry run own record", { method: "POST", path: "/v1/sync/dry-run", body: { followUps: [fu("PC11-D1", "CI")] } }, [D, A, D, A, D, D]],
  ["push a regional body's", { method: "POST", path: "/v1/sync/push", body: { followUps: [fu("PC11-R01", "WCO-SEC")] } }, [D, D, D, A, D, D]],
  ["pull", { method: "GET", path: "/v1/sync/pull?since=0" }, [D, A, H, A, A, D], ciInsp],
  ["follow-up history", { method: "GET", path: "/v1/history/follow-ups?actorId=CI" }, [D, A, H, A, A, D], ciFollowUp],
  ["value history", { method: "GET", path: "/v1/history/indicator-values?indicatorCode=INSP" }, [D, A, H, A, A, D], ciInsp],
  ["reference history", { method: "GET", path: "/v1/history/reference?entity=actor&id=CI" }, [D, A, A, A, A, A]],
  ["report by administration", { method: "GET", path: "/v1/reports/recommendations?groupBy=administration" }, [D, A, H, A, A, D], (_j, t) => has(t, '"key":"CI"')],
  ["report previous meeting", { method: "GET", path: "/v1/reports/meetings/PC12/previous" }, [D, A, A, A, A, D]],
  ["report indicators (restricted)", { method: "GET", path: "/v1/reports/indicators?indicatorCode=INSP" }, [H, A, H, A, A, D], (_j, t) => has(t, '"actorId":"CI"')],
  ["report completeness", { method: "GET", path: "/v1/reports/completeness?period=2021Q1" }, [D, A, H, A, A, D], (_j, t) => has(t, '"actorId":"CI"')],
  ["report stale follow-ups", { method: "GET", path: "/v1/reports/stale-follow-ups?since=2999-01-01" }, [D, A, H, A, A, D], ciFollowUp],
  ["openapi", { method: "GET", path: "/openapi.json" }, [A, A, A, A, A, A]],
];


let tokens: Record<Who, string | undefined>;
beforeAll(async () => {
  await seed();
  const t: Tokens = await makeTokens();
  tokens = { anonymous: undefined, own: t.CI, other: t.SN, brrc: t.brrc, gtr: t.gtr, admin: t.admin };
  const r = await call("POST", "/v1/sync/push", {
    token: t.CI,
    body: {
      followUps: [fu("PC11-R02", "CI", { status: "implemented", evidence: "rapport" })],
      indicatorValues: [iv("INSP", "CI", "2021Q1", { value: 12 }), iv("REV", "CI", "2021Q1", { value: 5 })],
    },
  });
  expect(r.json.summary.created).toBe(3);
});

describe("authorization matrix", () => {
  for (const [name, req, outcomes, visible] of TABLE) {
    it(name, async () => {
      const seen: Record<string, string> = {};
      const want: Record<string, string> = {};
      for (const [i, who] of WHO.entries()) {
        const outcome = outcomes[i]!;
        const r = await call(req.method, req.path, { token: tokens[who], body: req.body });
        const denied = r.status === 401 || r.status === 403;
        let got: Outcome = denied ? "deny" : "allow";
        if (!denied && visible && !visible(r.json, r.text)) got = "hidden";
        if (denied) expect(r.status, `${name} as ${who}`).toBe(who === "anonymous" ? 401 : 403);
        if (got === "hidden") expect([200, 404], `${name} as ${who}`).toContain(r.status);
        expect(r.status, `${name} as ${who}: ${r.text.slice(0, 200)}`).toBeLessThan(500);
        seen[who] = got;
        want[who] = outcome;
      }
      expect(seen).toEqual(want);
    });
  }
});

it("covers every route of the OpenAPI document", async () => {
  const doc = await call("GET", "/openapi.json");
  const documented = Object.entries(doc.json.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
    Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{[^}]+\}/g, "*")}`),
  );
  const pattern = (route: string) => new RegExp(`^${route.replace(/[.]/g, "\\.").replace(/\*/g, "[^/]+")}$`);
  const inTable = TABLE.map(([, req]) => `${req.method} ${req.path.split("?")[0]}`);
  for (const route of documented) {
    const [method, path] = route.split(" ") as [string, string];
    expect(inTable.some((r) => r.startsWith(`${method} `) && pattern(path).test(r.slice(method.length + 1))), route).toBe(true);
  }
});
