import { describe, expect, it } from "vitest";
import type { FollowUpFields } from "../../shared/model/follow-up";
import { apiClient } from "./api";
import { FakeApi } from "./fake-api";
import { loadSnapshot, pullChanges, pullRegion, resetSnapshot, snapshotKey } from "./pull";
import { MemoryStore } from "./store";

const f = (comment: string): FollowUpFields => ({ status: "in-progress", progress: 50, actions: null, due: null, evidence: null, comment, updatedOn: null });
const rec = (i: number) => ({ recommendationId: `PC11-R${String(i).padStart(2, "0")}`, actorId: "CI" });

function setup(records = 0) {
  const api = new FakeApi();
  for (let i = 1; i <= records; i++) api.seedFollowUp(rec(i), f(`v1 ${i}`));
  const client = apiClient("https://api.test", api.token, api.fetch);
  return { api, client, store: new MemoryStore(), scope: "https://api.test|tok_ci" };
}

describe("pull", () => {
  it("reads every page until hasMore is false, from cursor 0 the first time", async () => {
    const { api, client, store, scope } = setup(23);
    api.seedIndicatorValue({ indicatorCode: "FAC-CLR", actorId: "CI", period: "2021Q1" }, { value: 3.5, target: 4, source: null, comment: null });
    const pages: string[] = [];
    const result = await pullRegion(store, scope, client, { limit: 5, onPage: (p) => pages.push(p.cursor) });
    expect(result.pages).toBe(5);
    expect(result.since).toBe("0");
    expect(pages).toEqual(["5", "10", "15", "20", "24"]);
    expect(api.requests.filter((r) => r.path === "/v1/sync/pull").map((r) => new URL(r.url, "https://x").searchParams.get("since"))).toEqual(["0", "5", "10", "15", "20"]);
    expect(result.snapshot.followUps.size).toBe(23);
    expect(result.snapshot.indicatorValues.size).toBe(1);
    expect(result.snapshot.cursor).toBe("24");
    expect(result.changed.followUps).toHaveLength(23);
    const saved = await loadSnapshot(store, scope);
    expect(saved.cursor).toBe("24");
    expect(saved.followUps.get("PC11-R07/CI")?.fields.comment).toBe("v1 7");
  });

  it("next time asks only for what changed after the last cursor, and merges it by key", async () => {
    const { api, client, store, scope } = setup(12);
    await pullRegion(store, scope, client, { limit: 5 });
    api.requests.length = 0;
    api.seedFollowUp(rec(3), f("v2 3"));
    api.seedFollowUp(rec(3), f("v3 3")); // changed twice: the latest copy wins
    api.seedFollowUp(rec(40), f("new"));
    const result = await pullRegion(store, scope, client, { limit: 5 });
    expect(api.requests.map((r) => new URL(r.url, "https://x").searchParams.get("since"))).toEqual(["12"]);
    expect(result.changed.followUps.map((r) => [r.key.recommendationId, r.fields.comment])).toEqual([
      ["PC11-R03", "v3 3"],
      ["PC11-R40", "new"],
    ]);
    expect(result.snapshot.followUps.size).toBe(13);
    expect(result.snapshot.followUps.get("PC11-R03/CI")?.version).toBe(3);
    expect(result.snapshot.cursor).toBe("15");
  });

  it("a pull cut off halfway keeps the pages it got, and resumes from there", async () => {
    const { api, client, store, scope } = setup(20);
    let calls = 0;
    const flaky = apiClient("https://api.test", api.token, async (input, init) => {
      if (++calls === 3) throw new TypeError("Failed to fetch");
      return api.fetch(input, init);
    });
    await expect(pullRegion(store, scope, flaky, { limit: 5 })).rejects.toThrow(/reached/);
    const partial = await loadSnapshot(store, scope);
    expect(partial.cursor).toBe("10");
    expect(partial.followUps.size).toBe(10);
    expect(partial.pulledAt).toBeNull();
    api.requests.length = 0;
    const rest = await pullRegion(store, scope, client, { limit: 5 });
    expect(api.requests[0]!.url).toContain("since=10");
    expect(rest.snapshot.followUps.size).toBe(20);
    expect(rest.snapshot.pulledAt).not.toBeNull();
  });

  it("keeps one snapshot per user and server; reset starts again from 0", async () => {
    const { client, store, scope } = setup(3);
    await pullRegion(store, scope, client);
    expect((await loadSnapshot(store, "https://api.test|other")).cursor).toBe("0");
    await resetSnapshot(store, scope);
    expect(await store.get(snapshotKey(scope))).toBeNull();
    expect((await pullRegion(store, scope, client)).since).toBe("0");
  });

  it("stops after maxPages even when the server keeps saying there is more", async () => {
    const { client } = setup(10);
    const snap = { cursor: "0", followUps: new Map(), indicatorValues: new Map(), pulledAt: null };
    const r = await pullChanges(client, snap, { limit: 2, maxPages: 3 });
    expect(r.pages).toBe(3);
    expect(snap.followUps.size).toBe(6);
  });
});
