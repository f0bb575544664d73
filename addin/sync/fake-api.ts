import type { FollowUpFields } from "../../shared/model/follow-up";
import type { IndicatorValueFields } from "../../shared/model/indicator-value";
import { fieldDifferences } from "../../shared/sync/compare";
import type { PushRequest, PushResponse, SyncFollowUp, SyncIndicatorValue } from "../../shared/sync/protocol";
import { followUpKeyString, indicatorValueKeyString } from "../../shared/sync/protocol";
import { PushBody, fromPushBody } from "../../shared/sync/push-body";

/**
 * A test double of the regional API behind a `fetch`, for the add-in's unit tests (plain TypeScript, no
 * Worker): the sync routes with the protocol's semantics (unchanged when equal whatever the base version,
 * conflict when the base is not the server's, Idempotency-Key answers stored and replayed, a different body
 * under a used key refused), a change log for pull, /v1/me, and canned report payloads. It counts what it
 * applied, so that tests can tell "applied once" from "applied twice".
 */
export class FakeApi {
  readonly followUps = new Map<string, SyncFollowUp & { seq: number }>();
  readonly indicatorValues = new Map<string, SyncIndicatorValue & { seq: number }>();
  private seq = 0;
  /** Idempotency-Key → the body it was first used with and the answer stored. */
  readonly answers = new Map<string, { body: string; answer: string }>();
  /** Every request received: method, path, idempotency key. */
  readonly requests: { method: string; path: string; key: string | null; url: string }[] = [];
  /** The text of every push and dry-run body received (inflated). */
  readonly pushBodies: string[] = [];
  /** Writes applied (created or updated records), summed over pushes. */
  applied = 0;
  pushesApplied = 0;
  /** Answer the next requests with this status instead (then forget it). */
  failNext: { status: number; count: number; body?: unknown; headers?: Record<string, string> } | null = null;
  me = { role: "administration", actorId: "CI", tokenId: "tok_ci", label: "Côte d'Ivoire", permissions: ["me", "records:read", "records:write", "reports:read"] };
  /** Report payloads by path ("/v1/reports/recommendations?groupBy=addressee" or the path alone). */
  reports = new Map<string, unknown>();
  token = "omd_test";
  clock = () => new Date("2024-05-02T10:00:00Z");

  /** The `fetch` to give createApiClient. */
  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    return this.handle(request);
  };

  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const key = request.headers.get("Idempotency-Key");
    this.requests.push({ method: request.method, path: url.pathname, key, url: url.pathname + url.search });
    if (this.failNext && this.failNext.count > 0) {
      this.failNext.count--;
      const { status, body, headers } = this.failNext;
      if (this.failNext.count === 0) this.failNext = null;
      return json(body ?? { error: { code: `http-${status}`, message: { fr: "échec", en: "failure" } } }, status, headers);
    }
    if (request.headers.get("Authorization") !== `Bearer ${this.token}`) {
      return json({ error: { code: "invalid-token", message: { fr: "Jeton invalide.", en: "Invalid token." } } }, 401);
    }
    const path = url.pathname;
    if (request.method === "GET" && path === "/v1/me") return json(this.me, 200);
    if (request.method === "POST" && (path === "/v1/sync/push" || path === "/v1/sync/dry-run")) {
      const dryRun = path === "/v1/sync/dry-run" || url.searchParams.get("dryRun") === "true";
      // as the API does: the typed client sends large bodies gzip-compressed
      const body =
        request.headers.get("content-encoding") === "gzip"
          ? await new Response(request.body!.pipeThrough(new DecompressionStream("gzip"))).text()
          : await request.text();
      this.pushBodies.push(body);
      const parsed = PushBody.safeParse(JSON.parse(body));
      if (!parsed.success) return json({ error: { code: "invalid-request", message: { fr: "Invalide.", en: "Invalid." }, details: parsed.error.issues } }, 400);
      if (!dryRun && key) {
        const stored = this.answers.get(key);
        if (stored) {
          if (stored.body !== body) return json({ error: { code: "idempotency-key-reused", message: { fr: "Clé réutilisée.", en: "Key reused." } } }, 422);
          return new Response(stored.answer, { status: 200, headers: { "Content-Type": "application/json", "Idempotent-Replayed": "true" } });
        }
      }
      const answer = JSON.stringify(this.push(fromPushBody(parsed.data), dryRun));
      if (!dryRun && key) this.answers.set(key, { body, answer });
      return new Response(answer, { status: 200, headers: { "Content-Type": "application/json" } });
    }
    if (request.method === "GET" && path === "/v1/sync/pull") {
      const since = Number(url.searchParams.get("since") ?? "0");
      const limit = Number(url.searchParams.get("limit") ?? "1000");
      return json(this.pull(since, limit), 200);
    }
    if (request.method === "GET" && path.startsWith("/v1/reports/")) {
      const exact = this.reports.get(url.pathname + url.search) ?? this.reports.get(path);
      if (exact !== undefined) return json(exact, 200);
      return json({ error: { code: "not-found", message: { fr: "Introuvable.", en: "Not found." } } }, 404);
    }
    return json({ error: { code: "not-found", message: { fr: "Introuvable.", en: "Not found." } } }, 404);
  }

  /** Put a record on the server as another client would. */
  seedFollowUp(key: { recommendationId: string; actorId: string }, fields: FollowUpFields, by = "seed"): SyncFollowUp {
    const k = followUpKeyString(key);
    const current = this.followUps.get(k);
    const now = this.clock().toISOString();
    const record = {
      key,
      fields,
      version: (current?.version ?? 0) + 1,
      review: current?.review ?? { state: "none" as const, comment: null, reviewedAt: null, reviewedBy: null },
      receivedAt: current?.receivedAt ?? now,
      updatedAt: now,
      updatedBy: by,
      seq: ++this.seq,
    };
    this.followUps.set(k, record);
    return strip(record);
  }

  seedIndicatorValue(key: { indicatorCode: string; actorId: string; period: string }, fields: IndicatorValueFields, by = "seed"): SyncIndicatorValue {
    const k = indicatorValueKeyString(key);
    const current = this.indicatorValues.get(k);
    const now = this.clock().toISOString();
    const record = { key, fields, version: (current?.version ?? 0) + 1, receivedAt: current?.receivedAt ?? now, updatedAt: now, updatedBy: by, seq: ++this.seq };
    this.indicatorValues.set(k, record);
    return strip(record);
  }

  private push(req: PushRequest, dryRun: boolean): PushResponse {
    const summary = { created: 0, updated: 0, unchanged: 0, conflict: 0, rejected: 0 };
    const followUps: PushResponse["followUps"] = [];
    const indicatorValues: PushResponse["indicatorValues"] = [];
    let wrote = 0;
    (req.followUps ?? []).forEach((rec, index) => {
      const server = this.followUps.get(followUpKeyString(rec.key)) ?? null;
      if (rec.key.recommendationId.startsWith("UNKNOWN")) {
        summary.rejected++;
        followUps.push({ index, result: "rejected", version: null, reason: { code: "unknown-recommendation", message: { fr: "Inconnue.", en: "Unknown." } }, field: "key.recommendationId" });
        return;
      }
      const differences = fieldDifferences(server?.fields ?? null, rec.fields);
      if (server && differences.length === 0) {
        summary.unchanged++;
        followUps.push({ index, result: "unchanged", version: server.version });
      } else if ((server?.version ?? null) !== rec.baseVersion) {
        summary.conflict++;
        followUps.push({ index, result: "conflict", version: server?.version ?? null, server: server ? strip(server) : null, differences });
      } else {
        const result = server ? "updated" : "created";
        summary[result]++;
        const version = (server?.version ?? 0) + 1;
        followUps.push({ index, result, version, ...(dryRun ? { differences } : {}) });
        if (!dryRun) {
          this.seedFollowUp(rec.key, rec.fields, this.me.label);
          wrote++;
        }
      }
    });
    (req.indicatorValues ?? []).forEach((rec, index) => {
      const server = this.indicatorValues.get(indicatorValueKeyString(rec.key)) ?? null;
      const differences = fieldDifferences(server?.fields ?? null, rec.fields);
      if (server && differences.length === 0) {
        summary.unchanged++;
        indicatorValues.push({ index, result: "unchanged", version: server.version });
      } else if ((server?.version ?? null) !== rec.baseVersion) {
        summary.conflict++;
        indicatorValues.push({ index, result: "conflict", version: server?.version ?? null, server: server ? strip(server) : null, differences });
      } else {
        const result = server ? "updated" : "created";
        summary[result]++;
        const version = (server?.version ?? 0) + 1;
        indicatorValues.push({ index, result, version, ...(dryRun ? { differences } : {}) });
        if (!dryRun) {
          this.seedIndicatorValue(rec.key, rec.fields, this.me.label);
          wrote++;
        }
      }
    });
    if (!dryRun) {
      this.applied += wrote;
      this.pushesApplied++;
    }
    return { dryRun, summary, followUps, indicatorValues };
  }

  private pull(since: number, limit: number) {
    const changes = [
      ...[...this.followUps.values()].map((r) => ({ kind: "f" as const, r })),
      ...[...this.indicatorValues.values()].map((r) => ({ kind: "v" as const, r })),
    ]
      .filter((c) => c.r.seq > since)
      .sort((a, b) => a.r.seq - b.r.seq);
    const page = changes.slice(0, limit);
    const last = page.at(-1)?.r.seq ?? since;
    return {
      followUps: page.filter((c) => c.kind === "f").map((c) => strip(c.r as SyncFollowUp & { seq: number })),
      indicatorValues: page.filter((c) => c.kind === "v").map((c) => strip(c.r as SyncIndicatorValue & { seq: number })),
      cursor: String(last),
      hasMore: changes.length > limit,
    };
  }
}

function strip<T extends { seq: number }>(record: T): Omit<T, "seq"> {
  const { seq: _seq, ...rest } = record;
  return structuredClone(rest);
}

function json(body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}
