import { beforeAll, describe, expect, it } from "vitest";
import type { Tokens } from "../test/helpers";
import { call, db, fu, iv, makeTokens, seed } from "../test/helpers";

let t: Tokens;
beforeAll(async () => {
  await seed();
  t = await makeTokens();
});

describe("reference data", () => {
  it("lists actors with their membership, meetings and recommendations, and the whole bundle", async () => {
    const actors = await call("GET", "/v1/actors", { token: t.CI });
    expect(actors.json.actors.find((a: { id: string }) => a.id === "GQ")).toMatchObject({ membership: [{ from: "2022-01-01" }], version: 1 });
    const gm = await call("GET", "/v1/actors/GM", { token: t.CI });
    expect(gm.json).toMatchObject({ id: "GM", nameEn: "The Gambia" });
    expect((await call("GET", "/v1/actors/ZZ", { token: t.CI })).status).toBe(404);
    const recs = await call("GET", "/v1/recommendations?meetingId=PC11", { token: t.CI });
    expect(recs.json.recommendations.map((r: { id: string }) => r.id)).toEqual(["PC11-D1", "PC11-R01", "PC11-R02", "PC11-R03"]);
    expect(recs.json.recommendations[2]).toMatchObject({ addressees: ["ADMINISTRATIONS"], due: { type: "date", date: "2021-12-31" } });
    const meeting = await call("GET", "/v1/meetings/PC12", { token: t.gtr });
    expect(meeting.json.previousMeetingId).toBe("PC11");
    const bundle = await call("GET", "/v1/reference", { token: t.CI });
    expect(bundle.json.actors).toHaveLength(7);
    expect(bundle.json.meetings).toHaveLength(2);
    // an administration does not see draft indicators
    expect(bundle.json.indicators.map((i: { code: string }) => i.code)).not.toContain("DRAFT-X");
  });

  it("the BRRC creates and edits them with versions; a stale version is a 409 with the server's record", async () => {
    const actor = { id: "BJ", kind: "administration", nameFr: "Bénin", nameEn: "Benin", membership: [{ from: "2000-01-01" }] };
    const created = await call("PUT", "/v1/actors/BJ", { token: t.brrc, body: { baseVersion: null, actor } });
    expect(created.status).toBe(201);
    expect(created.json.version).toBe(1);
    const edited = await call("PUT", "/v1/actors/BJ", { token: t.brrc, body: { baseVersion: 1, actor: { ...actor, aliases: ["Dahomey"] } } });
    expect(edited.status).toBe(200);
    expect(edited.json.version).toBe(2);
    const stale = await call("PUT", "/v1/actors/BJ", { token: t.brrc, body: { baseVersion: 1, actor: { ...actor, nameEn: "Bénin" } } });
    expect(stale.status).toBe(409);
    expect(stale.json.error.details.server.aliases).toEqual(["Dahomey"]);
    const same = await call("PUT", "/v1/actors/BJ", { token: t.brrc, body: { baseVersion: 2, actor: { ...actor, aliases: ["Dahomey"] } } });
    expect(same.json.version).toBe(2);
    const history = await call("GET", "/v1/history/reference?entity=actor&id=BJ", { token: t.CI });
    expect(history.json.history.map((h: { version: number; changedBy: string }) => [h.version, h.changedBy])).toEqual([
      [1, "brrc"],
      [2, "brrc"],
    ]);
    expect(history.json.history[1].before.aliases).toEqual([]);
    expect((await call("PUT", "/v1/actors/BJ", { token: t.CI, body: { baseVersion: 2, actor } })).status).toBe(403);
    expect((await call("PUT", "/v1/actors/XX", { token: t.brrc, body: { baseVersion: null, actor } })).json.error.field).toBe("actor.id");
  });

  it("checks references: a meeting's previous meeting, a recommendation's meeting and addressees", async () => {
    const meeting = { id: "PC13", kind: "contact-points", titleFr: "13e", titleEn: "13th", startDate: "2022-12-01", endDate: "2022-12-02", previousMeetingId: "PC99" };
    const bad = await call("PUT", "/v1/meetings/PC13", { token: t.brrc, body: { baseVersion: null, meeting } });
    expect(bad.status).toBe(422);
    expect(bad.json.error.field).toBe("meeting.previousMeetingId");
    const ok = await call("PUT", "/v1/meetings/PC13", { token: t.brrc, body: { baseVersion: null, meeting: { ...meeting, previousMeetingId: "PC12" } } });
    expect(ok.status).toBe(201);
    const rec = { id: "PC13-R01", meetingId: "PC13", kind: "recommendation", number: "1", textFr: "Texte", addressees: ["NOBODY"] };
    const badRec = await call("PUT", "/v1/recommendations/PC13-R01", { token: t.brrc, body: { baseVersion: null, recommendation: rec } });
    expect(badRec.status).toBe(422);
    const okRec = await call("PUT", "/v1/recommendations/PC13-R01", { token: t.brrc, body: { baseVersion: null, recommendation: { ...rec, addressees: ["CI", "SN"] } } });
    expect(okRec.status).toBe(201);
    expect((await call("GET", "/v1/recommendations/PC13-R01", { token: t.SN })).json.addressees).toEqual(["CI", "SN"]);
  });
});

describe("indicator catalogue", () => {
  const def = {
    code: "NEW-IND",
    nameFr: "Nouvel indicateur",
    nameEn: "New indicator",
    unit: "u",
    valueType: "count",
    direction: "higher-is-better",
    aggregation: "sum",
    periodicity: "yearly",
    disclosure: "regional",
  };

  it("goes draft → published → retired, one version each, and only the GTR manages it", async () => {
    expect((await call("POST", "/v1/indicators", { token: t.brrc, body: { indicator: def } })).status).toBe(403);
    const created = await call("POST", "/v1/indicators", { token: t.gtr, body: { indicator: def } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ status: "draft", version: 1 });
    expect((await call("POST", "/v1/indicators", { token: t.gtr, body: { indicator: def } })).status).toBe(409);
    // drafts: GTR and BRRC only; values cannot be pushed yet
    expect((await call("GET", "/v1/indicators/NEW-IND", { token: t.CI })).status).toBe(404);
    expect((await call("GET", "/v1/indicators/NEW-IND", { token: t.brrc })).status).toBe(200);
    const early = await call("POST", "/v1/sync/push", { token: t.CI, body: { indicatorValues: [iv("NEW-IND", "CI", "2021", { value: 3 })] } });
    expect(early.json.indicatorValues[0].reason.code).toBe("indicator-not-published");

    const edited = await call("PUT", "/v1/indicators/NEW-IND", { token: t.gtr, body: { baseVersion: 1, indicator: { ...def, nameEn: "New" } } });
    expect(edited.json).toMatchObject({ version: 2, status: "draft", nameEn: "New" });
    const published = await call("POST", "/v1/indicators/NEW-IND/status", { token: t.gtr, body: { baseVersion: 2, status: "published" } });
    expect(published.json).toMatchObject({ version: 3, status: "published" });
    expect((await call("GET", "/v1/indicators/NEW-IND", { token: t.CI })).status).toBe(200);
    const pushed = await call("POST", "/v1/sync/push", { token: t.CI, body: { indicatorValues: [iv("NEW-IND", "CI", "2021", { value: 3 })] } });
    expect(pushed.json.indicatorValues[0].result).toBe("created");

    const stale = await call("POST", "/v1/indicators/NEW-IND/status", { token: t.gtr, body: { baseVersion: 2, status: "retired" } });
    expect(stale.status).toBe(409);
    const back = await call("POST", "/v1/indicators/NEW-IND/status", { token: t.gtr, body: { baseVersion: 3, status: "draft" } });
    expect(back.status).toBe(409);
    expect(back.json.error.code).toBe("invalid-transition");
    const retired = await call("POST", "/v1/indicators/NEW-IND/status", { token: t.gtr, body: { baseVersion: 3, status: "retired" } });
    expect(retired.json).toMatchObject({ version: 4, status: "retired" });
    const frozen = await call("PUT", "/v1/indicators/NEW-IND", { token: t.gtr, body: { baseVersion: 4, indicator: { ...def, nameEn: "Newer" } } });
    expect(frozen.status).toBe(409);

    const versions = await call("GET", "/v1/indicators/NEW-IND/versions", { token: t.gtr });
    expect(versions.json.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [1, "draft"],
      [2, "draft"],
      [3, "published"],
      [4, "retired"],
    ]);
    const forCi = await call("GET", "/v1/indicators/NEW-IND/versions", { token: t.CI });
    expect(forCi.json.versions.map((v: { version: number }) => v.version)).toEqual([3, 4]);
  });

  it("checks a definition's references", async () => {
    const weighted = await call("POST", "/v1/indicators", { token: t.gtr, body: { indicator: { ...def, code: "W-IND", aggregation: "weighted-mean" } } });
    expect(weighted.status).toBe(400);
    const unknown = await call("POST", "/v1/indicators", {
      token: t.gtr,
      body: { indicator: { ...def, code: "W-IND", aggregation: "weighted-mean", weightCode: "NOPE" } },
    });
    expect(unknown.status).toBe(422);
  });

  it("public indicators can be read without a token, and nothing else", async () => {
    const anon = await call("GET", "/v1/indicators");
    expect(anon.json.indicators.map((i: { code: string }) => i.code)).toEqual(["CLR"]);
    expect((await call("GET", "/v1/indicators/REV")).status).toBe(404);
    expect((await call("GET", "/v1/actors")).status).toBe(401);
  });
});

describe("reviews", () => {
  it("an implemented declaration waits for the BRRC, who accepts it on evidence or returns it with a comment", async () => {
    const declared = await call("POST", "/v1/sync/push", {
      token: t.CI,
      body: { followUps: [fu("PC11-R02", "CI", { status: "implemented", progress: 100, evidence: null })] },
    });
    expect(declared.json.followUps[0].result).toBe("created");
    const pending = await call("GET", "/v1/reviews", { token: t.brrc });
    expect(pending.json.followUps.map((f: { key: { actorId: string }; review: { state: string } }) => [f.key.actorId, f.review.state])).toEqual([["CI", "pending"]]);

    expect((await call("POST", "/v1/reviews/PC11-R02/CI", { token: t.CI, body: { decision: "accept", baseVersion: 1 } })).status).toBe(403);
    const noEvidence = await call("POST", "/v1/reviews/PC11-R02/CI", { token: t.brrc, body: { decision: "accept", baseVersion: 1 } });
    expect(noEvidence.status).toBe(422);
    expect(noEvidence.json.error.field).toBe("evidence");
    expect((await call("POST", "/v1/reviews/PC11-R02/CI", { token: t.brrc, body: { decision: "return", baseVersion: 1 } })).status).toBe(400);
    const returned = await call("POST", "/v1/reviews/PC11-R02/CI", {
      token: t.brrc,
      body: { decision: "return", comment: "Joindre le rapport", baseVersion: 1 },
    });
    expect(returned.json).toMatchObject({ version: 2, review: { state: "returned", comment: "Joindre le rapport", reviewedBy: "brrc" } });

    // CI adds evidence: pending again; the BRRC accepts
    const again = await call("POST", "/v1/sync/push", {
      token: t.CI,
      body: { followUps: [fu("PC11-R02", "CI", { status: "implemented", progress: 100, evidence: "https://intranet/rapport.pdf" }, 2)] },
    });
    expect(again.json.followUps[0]).toMatchObject({ result: "updated", version: 3 });
    const mine = await call("GET", "/v1/reviews?state=pending", { token: t.CI });
    expect(mine.json.followUps).toHaveLength(1);
    const stale = await call("POST", "/v1/reviews/PC11-R02/CI", { token: t.brrc, body: { decision: "accept", baseVersion: 2 } });
    expect(stale.status).toBe(409);
    const accepted = await call("POST", "/v1/reviews/PC11-R02/CI", { token: t.brrc, body: { decision: "accept", baseVersion: 3 } });
    expect(accepted.json.review.state).toBe("accepted");
    expect((await call("POST", "/v1/reviews/PC11-R99/CI", { token: t.brrc, body: { decision: "accept", baseVersion: 1 } })).status).toBe(404);

    // the history has every step, field by field
    const history = await call("GET", "/v1/history/follow-ups?recommendationId=PC11-R02&actorId=CI", { token: t.CI });
    const steps = history.json.history.map((h: { changes: { field: string; old: unknown; new: unknown }[] }) =>
      h.changes.filter((c) => ["reviewState", "evidence"].includes(c.field)).map((c) => `${c.field}:${String(c.old)}→${String(c.new)}`),
    );
    expect(steps).toEqual([
      ["evidence:null→null", "reviewState:null→pending"],
      ["reviewState:pending→returned"],
      ["evidence:null→https://intranet/rapport.pdf", "reviewState:returned→pending"],
      ["reviewState:pending→accepted"],
    ]);
    expect(history.json.history[0].created).toBe(true);
  });
});

describe("tokens", () => {
  it("the admin creates, lists and revokes tokens; a revoked token is refused at once; secrets never come back", async () => {
    expect((await call("GET", "/v1/tokens", { token: t.brrc })).status).toBe(403);
    const created = await call("POST", "/v1/tokens", { token: t.admin, body: { role: "administration", actorId: "GM", label: "GM contact point" } });
    expect(created.status).toBe(201);
    const token: string = created.json.token;
    expect(token).toMatch(/^omd_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect((await call("GET", "/v1/me", { token })).json).toMatchObject({ role: "administration", actorId: "GM" });

    const list = await call("GET", "/v1/tokens", { token: t.admin });
    expect(list.text).not.toContain(token.slice(17));
    const stored = await db().all<{ token_hash: string }>({ sql: "SELECT token_hash FROM tokens WHERE id = ?", params: [created.json.id] });
    expect(stored[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(token);

    const revoked = await call("DELETE", `/v1/tokens/${created.json.id}`, { token: t.admin });
    expect(revoked.json.revokedAt).toBeTruthy();
    const refused = await call("GET", "/v1/me", { token });
    expect(refused.status).toBe(401);
    expect(refused.text).not.toContain(token);
    expect((await call("DELETE", "/v1/tokens/aaaaaaaaaaaa", { token: t.admin })).status).toBe(404);
  });

  it("refuses tokens bound to what is not an administration, and malformed or unknown tokens", async () => {
    expect((await call("POST", "/v1/tokens", { token: t.admin, body: { role: "administration", actorId: "BRRC-AOC", label: "x" } })).status).toBe(422);
    expect((await call("POST", "/v1/tokens", { token: t.admin, body: { role: "brrc", actorId: "CI", label: "x" } })).status).toBe(400);
    for (const bad of ["nope", `${t.CI}x`, t.CI.replace(/.$/, (c) => (c === "a" ? "b" : "a"))]) {
      const r = await call("GET", "/v1/me", { token: bad });
      expect(r.status).toBe(401);
      expect(r.json.error.code).toBe("invalid-token");
      expect(r.text).not.toContain(bad);
    }
    expect((await call("GET", "/v1/me")).status).toBe(401);
  });
});

describe("lists", () => {
  it("follow-ups and values, filtered by role and paged", async () => {
    await call("POST", "/v1/sync/push", {
      token: t.brrc,
      body: { followUps: [fu("PC11-R02", "SN"), fu("PC11-R02", "GM")], indicatorValues: [iv("INSP", "SN", "2021Q1", { value: 5 })] },
    });
    const ci = await call("GET", "/v1/follow-ups", { token: t.CI });
    expect(new Set(ci.json.followUps.map((f: { key: { actorId: string } }) => f.key.actorId))).toEqual(new Set(["CI"]));
    const page = await call("GET", "/v1/follow-ups?meetingId=PC11&limit=1", { token: t.brrc });
    expect(page.json.followUps).toHaveLength(1);
    expect(page.json.hasMore).toBe(true);
    const next = await call("GET", "/v1/follow-ups?meetingId=PC11&limit=1&offset=1", { token: t.brrc });
    expect(next.json.followUps[0].key).not.toEqual(page.json.followUps[0].key);
    expect((await call("GET", "/v1/indicator-values?indicatorCode=INSP", { token: t.CI })).json.indicatorValues).toEqual([]);
    expect((await call("GET", "/v1/indicator-values?indicatorCode=INSP", { token: t.SN })).json.indicatorValues).toHaveLength(1);
  });
});
