import { afterEach, describe, expect, it, vi } from "vitest";
import type { FollowUpFields } from "../../shared/model/follow-up";
import type { PushIndicatorValue, PushRequest } from "../../shared/sync/protocol";
import { apiClient } from "./api";
import { FakeApi } from "./fake-api";
import { Outbox, outboxKey, type OutboxEvent, type OutboxOptions } from "./outbox";
import { MemoryStore, type KeyValueStore } from "./store";

const SERVER = "https://api.test";

function fields(status: FollowUpFields["status"], comment: string | null = null): FollowUpFields {
  return { status, progress: status === "implemented" ? 100 : 0, actions: null, due: null, evidence: null, comment, updatedOn: "2024-04-30" };
}

function push(...recs: [string, FollowUpFields, number | null][]): PushRequest {
  return { followUps: recs.map(([id, f, baseVersion]) => ({ key: { recommendationId: id, actorId: "CI" }, fields: f, baseVersion })) };
}

/** A link that can be cut: before the request leaves, or after the server has applied it (the answer is lost). */
function link(api: FakeApi) {
  const state = { mode: "up" as "up" | "down" | "cut-after" };
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    if (state.mode === "down") throw new TypeError("Failed to fetch");
    const res = await api.fetch(input, init);
    if (state.mode === "cut-after") throw new TypeError("network connection was lost");
    return res;
  };
  return { state, fetch };
}

function open(api: FakeApi, store: KeyValueStore, fetch: typeof globalThis.fetch, extra: Partial<OutboxOptions> = {}) {
  let n = 0;
  const token = api.token;
  return Outbox.open({
    store,
    server: SERVER,
    client: () => apiClient(SERVER, token, fetch),
    newKey: () => `key-${String(++n).padStart(4, "0")}-${Math.random().toString(36).slice(2, 10)}`,
    random: () => 0,
    ...extra,
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe("outbox: exactly once", () => {
  it("a push cut off after the server applied it is not applied twice", async () => {
    const api = new FakeApi();
    const net = link(api);
    const box = await open(api, new MemoryStore(), net.fetch);
    const { entries } = await box.enqueue({ request: push(["PC11-R01", fields("in-progress"), null], ["PC11-R02", fields("implemented"), null]), label: "Suivi CI" });
    const key = entries[0]!.idempotencyKey;

    net.state.mode = "cut-after";
    const first = await box.flush();
    expect(first.stopped?.reason).toBe("offline");
    expect(first.delivered).toEqual([]);
    expect(box.pending()).toHaveLength(1);
    // The server did apply it: both records exist, one push was executed.
    expect(api.pushesApplied).toBe(1);
    expect(api.followUps.get("PC11-R01/CI")?.version).toBe(1);

    net.state.mode = "up";
    const second = await box.flush();
    expect(second.delivered).toHaveLength(1);
    expect(box.pending()).toEqual([]);
    // The retry carried the same key, so the server answered with its first answer instead of pushing again.
    const pushes = api.requests.filter((r) => r.path === "/v1/sync/push");
    expect(pushes.map((r) => r.key)).toEqual([key, key]);
    expect(api.pushesApplied).toBe(1);
    expect(second.delivered[0]!.response.summary).toEqual({ created: 2, updated: 0, unchanged: 0, conflict: 0, rejected: 0 });
    expect(api.followUps.get("PC11-R01/CI")?.version).toBe(1);
  });

  it("survives a reload: a new outbox over the same store sends the waiting push with its original key", async () => {
    const api = new FakeApi();
    const net = link(api);
    const store = new MemoryStore();
    const before = await open(api, store, net.fetch);
    net.state.mode = "down";
    const { entries, durable } = await before.enqueue({ request: push(["PC11-R03", fields("not-started", "typed offline"), null]), label: "Suivi CI" });
    expect(durable).toBe(true);
    const report = await before.flush();
    expect(report.stopped?.reason).toBe("offline");
    before.stop();
    expect(api.pushesApplied).toBe(0);

    // The pane (or Excel) closes; a new one opens over the same store.
    net.state.mode = "up";
    const after = await open(api, store, net.fetch);
    expect(after.pending().map((e) => e.idempotencyKey)).toEqual([entries[0]!.idempotencyKey]);
    expect(after.pending()[0]!.attempts).toBe(1);
    expect(after.pending()[0]!.lastError?.en).toMatch(/cannot be reached/);
    const delivered = await after.flush();
    expect(delivered.delivered).toHaveLength(1);
    expect(api.followUps.get("PC11-R03/CI")?.fields.comment).toBe("typed offline");
    expect(api.requests.filter((r) => r.path === "/v1/sync/push").map((r) => r.key)).toEqual([entries[0]!.idempotencyKey]);
    expect(JSON.parse((await store.get(outboxKey(SERVER)))!)).toEqual({ entries: [] });
  });

  it("keeps the entry when the request times out, and sends it again with the same key", async () => {
    const api = new FakeApi();
    let hang = true;
    const fetch = (input: RequestInfo | URL, init?: RequestInit) =>
      hang
        ? new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))))
        : api.fetch(input, init);
    const box = await open(api, new MemoryStore(), fetch, { timeoutMs: () => 30 });
    await box.enqueue({ request: push(["PC11-R04", fields("in-progress"), null]), label: "x" });
    const report = await box.flush();
    box.stop();
    expect(report.stopped?.reason).toBe("offline");
    expect(box.pending()[0]!.lastError?.en).toMatch(/did not answer in time/);
    hang = false;
    expect((await box.flush()).delivered).toHaveLength(1);
    expect(api.pushesApplied).toBe(1);
  });
});

describe("outbox: order, refusals, conflicts", () => {
  it("sends entries in the order they were enqueued, and stops at the first that gets no answer", async () => {
    const api = new FakeApi();
    const net = link(api);
    const box = await open(api, new MemoryStore(), net.fetch);
    const a = (await box.enqueue({ request: push(["PC11-R01", fields("in-progress"), null]), label: "a" })).entries[0]!;
    const b = (await box.enqueue({ request: push(["PC11-R01", fields("implemented"), 1]), label: "b" })).entries[0]!;
    const c = (await box.enqueue({ request: push(["PC11-R01", fields("implemented", "done"), 2]), label: "c" })).entries[0]!;
    let calls = 0;
    const flaky = link(api);
    const seen: string[] = [];
    const box2 = await open(api, new MemoryStore(), async (input, init) => {
      calls++;
      if (calls === 2) throw new TypeError("Failed to fetch");
      const r = await flaky.fetch(input, init);
      return r;
    });
    box2.subscribe((e) => e.type === "delivered" && seen.push(e.delivery.entry.label));
    for (const e of [a, b, c]) await box2.enqueue({ request: e.request, label: e.label });
    const first = await box2.flush();
    box2.stop();
    expect(seen).toEqual(["a"]);
    expect(first.stopped?.reason).toBe("offline");
    expect(box2.pending().map((e) => e.label)).toEqual(["b", "c"]);
    const second = await box2.flush();
    expect(second.delivered.map((d) => d.entry.label)).toEqual(["b", "c"]);
    // In order, each based on the previous: no conflict, the last one wins.
    expect(second.delivered.map((d) => d.response.summary.updated)).toEqual([1, 1]);
    expect(api.followUps.get("PC11-R01/CI")?.fields.comment).toBe("done");
    expect(box.pending()).toHaveLength(3); // the first outbox was never flushed
  });

  it("removes and reports an entry the server refuses (4xx), then goes on with the next", async () => {
    const api = new FakeApi();
    const box = await open(api, new MemoryStore(), api.fetch);
    const events: OutboxEvent["type"][] = [];
    box.subscribe((e) => events.push(e.type));
    await box.enqueue({ request: push(["PC11-R01", fields("in-progress"), null]), label: "refused" });
    await box.enqueue({ request: push(["PC11-R02", fields("in-progress"), null]), label: "ok" });
    api.failNext = { status: 403, count: 1, body: { error: { code: "forbidden-actor", message: { fr: "Pas à vous.", en: "Not yours." } } } };
    const report = await box.flush();
    expect(report.rejected.map((r) => [r.entry.label, r.error.status, r.error.code, r.error.userMessage.en])).toEqual([["refused", 403, "forbidden-actor", "Not yours."]]);
    expect(report.delivered.map((d) => d.entry.label)).toEqual(["ok"]);
    expect(box.pending()).toEqual([]);
    expect(events).toContain("rejected");
  });

  it("keeps the entry on 5xx and on 401 (the token, not the push, is at fault)", async () => {
    const api = new FakeApi();
    const box = await open(api, new MemoryStore(), api.fetch);
    await box.enqueue({ request: push(["PC11-R01", fields("in-progress"), null]), label: "x" });
    api.failNext = { status: 503, count: 1, headers: { "Retry-After": "7" } };
    const busy = await box.flush();
    expect(busy.stopped?.reason).toBe("busy");
    expect(box.nextAttempt()!.getTime() - Date.now()).toBeGreaterThan(6_000);
    api.token = "omd_other"; // the token was revoked
    const auth = await box.flush();
    box.stop();
    expect(auth.stopped?.reason).toBe("sign-in");
    expect(box.pending()).toHaveLength(1);
    expect(box.nextAttempt()).toBeNull();
    expect(api.pushesApplied).toBe(0);
  });

  it("hands back the records that met a newer version on the server", async () => {
    const api = new FakeApi();
    api.seedFollowUp({ recommendationId: "PC11-R05", actorId: "CI" }, fields("in-progress", "region"));
    const box = await open(api, new MemoryStore(), api.fetch);
    const conflicts: number[] = [];
    box.subscribe((e) => e.type === "conflicts" && conflicts.push(e.delivery.response.summary.conflict));
    await box.enqueue({ request: push(["PC11-R05", fields("implemented", "sheet"), null], ["PC11-R06", fields("in-progress"), null]), label: "x" });
    const report = await box.flush();
    expect(conflicts).toEqual([1]);
    const results = report.delivered[0]!.response.followUps;
    expect(results.map((r) => r.result)).toEqual(["conflict", "created"]);
    expect(results[0]!.server?.fields.comment).toBe("region");
  });

  it("splits a large push into requests the link can carry, each with its own key, sources aligned", async () => {
    const api = new FakeApi();
    const box = await open(api, new MemoryStore(), api.fetch, { maxRequestBytes: 600 });
    const recs = Array.from({ length: 7 }, (_, i) => [`PC11-R${String(i + 1).padStart(2, "0")}`, fields("in-progress", "x".repeat(100)), null] as [string, FollowUpFields, null]);
    const sources = { followUps: recs.map((_, i) => ({ row: 10 + i })), indicatorValues: [] };
    const { entries } = await box.enqueue({ request: push(...recs), label: "big", sources });
    expect(entries.length).toBeGreaterThan(2);
    expect(new Set(entries.map((e) => e.idempotencyKey)).size).toBe(entries.length);
    expect(entries.flatMap((e) => e.sources!.followUps.map((s) => s.row))).toEqual(sources.followUps.map((s) => s.row));
    expect(entries.flatMap((e) => e.request.followUps!.map((r) => r.key.recommendationId))).toEqual(recs.map((r) => r[0]));
    for (const e of entries) expect(JSON.stringify(e.request).length).toBeLessThanOrEqual(600 + 300);
    const report = await box.flush();
    expect(report.delivered).toHaveLength(entries.length);
    expect(api.followUps.size).toBe(7);
  });

  it("sends indicator values as columns, and the server stores the same records", async () => {
    const api = new FakeApi();
    const box = await open(api, new MemoryStore(), api.fetch);
    const value = (period: string, v: number | null): PushIndicatorValue => ({
      key: { indicatorCode: "REV-COLL", actorId: "CI", period },
      fields: { value: v, target: null, source: null, comment: period === "2024Q2" ? "révisé" : null },
      baseVersion: null,
    });
    await box.enqueue({ request: { indicatorValues: [value("2024Q1", 12.5), value("2024Q2", null)] }, label: "values" });
    const report = await box.flush();
    expect(report.delivered[0]!.response.summary.created).toBe(2);
    const sent = JSON.parse(api.pushBodies[0]!) as Record<string, unknown>;
    expect(sent).not.toHaveProperty("indicatorValues");
    expect(sent.indicatorValueColumns).toEqual({
      indicatorCode: ["REV-COLL", "REV-COLL"],
      actorId: ["CI", "CI"],
      period: ["2024Q1", "2024Q2"],
      value: [12.5, null],
      comment: [null, "révisé"],
    });
    expect([...api.indicatorValues.values()].map((v) => [v.key.period, v.fields.value, v.fields.comment])).toEqual([
      ["2024Q1", 12.5, null],
      ["2024Q2", null, "révisé"],
    ]);
  });

  it("says when the store could not keep the push", async () => {
    const api = new FakeApi();
    const full: KeyValueStore = { get: async () => null, set: async () => Promise.reject(new DOMException("full", "QuotaExceededError")), remove: async () => {} };
    const box = await open(api, full, api.fetch);
    const { durable } = await box.enqueue({ request: push(["PC11-R01", fields("in-progress"), null]), label: "x" });
    expect(durable).toBe(false);
    expect(box.durable).toBe(false);
    expect((await box.flush()).delivered).toHaveLength(1);
  });
});

describe("outbox: retries", () => {
  it("tries again with exponential backoff, and at once when the network comes back", async () => {
    vi.useFakeTimers({ now: new Date("2024-05-02T10:00:00Z") });
    const api = new FakeApi();
    const net = link(api);
    net.state.mode = "down";
    const target = new EventTarget();
    const box = await open(api, new MemoryStore(), net.fetch, { backoff: { baseMs: 1_000, maxMs: 4_000, jitter: 0.5 } });
    await box.enqueue({ request: push(["PC11-R01", fields("in-progress"), null]), label: "x" });
    box.start(target); // flushes at once: attempt 1
    await vi.advanceTimersByTimeAsync(0);
    const attempts = () => box.pending()[0]?.attempts ?? -1;
    expect(attempts()).toBe(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(attempts()).toBe(1);
    await vi.advanceTimersByTimeAsync(1); // 1 s
    expect(attempts()).toBe(2);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(attempts()).toBe(2);
    await vi.advanceTimersByTimeAsync(1); // then 2 s
    expect(attempts()).toBe(3);
    await vi.advanceTimersByTimeAsync(4_000); // then 4 s (the cap)
    expect(attempts()).toBe(4);
    await vi.advanceTimersByTimeAsync(3_999);
    expect(attempts()).toBe(4);
    await vi.advanceTimersByTimeAsync(1); // still 4 s
    expect(attempts()).toBe(5);

    // The network returns: the browser's "online" event sends it without waiting for the timer.
    net.state.mode = "up";
    target.dispatchEvent(new Event("online"));
    await vi.advanceTimersByTimeAsync(0);
    expect(box.pending()).toEqual([]);
    expect(api.pushesApplied).toBe(1);
    expect(box.nextAttempt()).toBeNull();
    box.stop();
  });

  it("a random jitter spreads the retries of many panes", async () => {
    vi.useFakeTimers({ now: new Date("2024-05-02T10:00:00Z") });
    const api = new FakeApi();
    const net = link(api);
    net.state.mode = "down";
    const box = await open(api, new MemoryStore(), net.fetch, { backoff: { baseMs: 1_000, maxMs: 60_000, jitter: 0.5 }, random: () => 1 });
    await box.enqueue({ request: push(["PC11-R01", fields("in-progress"), null]), label: "x" });
    await box.flush();
    expect(box.nextAttempt()!.getTime() - Date.now()).toBe(1_500);
    box.stop();
  });
});
