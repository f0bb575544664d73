import type { Context } from "hono";
import type { PushRequest } from "../../shared/sync/protocol";
import { IDEMPOTENCY_HEADER, IdempotencyKey, followUpKeyString, indicatorValueKeyString } from "../../shared/sync/protocol";
import { authorize, canWriteActor } from "../auth/policy";
import type { Principal } from "../auth/principal";
import { sha256Hex } from "../auth/token";
import { isStaleSnapshot, isUniqueViolation } from "../db/client";
import type { StoredAnswer } from "../db/sync";
import { findAnswer, isEmpty, readSnapshot, storeAnswerStatements, writeStatements } from "../db/sync";
import type { AppEnv } from "../env";
import { Errors } from "../http/errors";
import { planPush } from "./plan";

/** Re-planning after a concurrent writer touched the same records: a few times, then 503. */
export const MAX_ATTEMPTS = 6;

/** A whole push is refused (403, nothing applied) when any record belongs to an actor the caller cannot write. */
function checkActors(p: Principal, req: PushRequest): void {
  const check = (kind: "followUps" | "indicatorValues", records: { key: { actorId: string } }[]) =>
    records.forEach((r, i) => {
      if (!canWriteActor(p, r.key.actorId)) throw Errors.otherActor({ record: `${kind}[${i}]`, field: "key.actorId" });
    });
  check("followUps", req.followUps ?? []);
  check("indicatorValues", req.indicatorValues ?? []);
}

/** The same natural key twice in one push is ambiguous: refused (400). */
function checkDuplicates(req: PushRequest): void {
  const seen = new Set<string>();
  (req.followUps ?? []).forEach((r, i) => {
    const k = followUpKeyString(r.key);
    if (seen.has(k)) throw Errors.duplicateRecord({ record: `followUps[${i}]`, field: "key", details: { key: k } });
    seen.add(k);
  });
  seen.clear();
  (req.indicatorValues ?? []).forEach((r, i) => {
    const k = indicatorValueKeyString(r.key);
    if (seen.has(k)) throw Errors.duplicateRecord({ record: `indicatorValues[${i}]`, field: "key", details: { key: k } });
    seen.add(k);
  });
}

function send(c: Context<AppEnv>, body: string, status: number, replayed = false): Response {
  return new Response(body, {
    status,
    headers: { "Content-Type": "application/json", ...(replayed ? { "Idempotent-Replayed": "true" } : {}) },
  });
}

function replay(c: Context<AppEnv>, stored: StoredAnswer, requestHash: string): Response {
  if (stored.requestHash !== requestHash) throw Errors.idempotencyKeyReused({ field: IDEMPOTENCY_HEADER });
  return send(c, stored.body, stored.status, true);
}

/**
 * Push and dry run. Reads a snapshot of the records named, plans every record against it, and (push only)
 * applies the plan in one batch that starts with guards: if another writer changed one of those records in
 * between, the batch aborts as a whole and the push is planned again on fresh data. With an Idempotency-Key
 * the answer is stored in that same batch, so a retry gets the first answer, byte for byte, and nothing is
 * applied twice, even when two copies of the request race.
 */
export async function runPush(c: Context<AppEnv>, req: PushRequest, dryRun: boolean): Promise<Response> {
  const p = authorize(c, "records:write");
  checkActors(p, req);
  checkDuplicates(req);
  const db = c.get("db");

  const rawKey = dryRun ? undefined : c.req.header(IDEMPOTENCY_HEADER);
  let idempotency: { key: string; hash: string; tokenId: string } | null = null;
  if (rawKey !== undefined && p.tokenId !== null) {
    const parsed = IdempotencyKey.safeParse(rawKey);
    if (!parsed.success) throw Errors.invalid({ field: IDEMPOTENCY_HEADER, details: { expected: "8–128 visible ASCII characters" } });
    idempotency = { key: parsed.data, hash: await sha256Hex(await c.req.text()), tokenId: p.tokenId };
    const stored = await findAnswer(db, idempotency.tokenId, idempotency.key);
    if (stored) return replay(c, stored, idempotency.hash);
  }

  // A push of records the client has never seen on the server (the usual quarterly push) is first planned
  // without reading them: each is taken for new, and the write batch's guards refuse the plan if one exists
  // after all; the next attempt reads them.
  const allNew = [...(req.followUps ?? []), ...(req.indicatorValues ?? [])].every((r) => r.baseVersion === null);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const snapshot = await readSnapshot(db, req, { records: dryRun || !allNew || attempt > 0 });
    const plan = planPush(req, snapshot, dryRun);
    const body = JSON.stringify(plan.response);
    if (dryRun) return send(c, body, 200);
    const now = new Date();
    const statements = [
      ...(isEmpty(plan.writes) ? [] : writeStatements(plan.writes, { now: now.toISOString(), by: p.label, tokenId: p.tokenId })),
      ...(idempotency
        ? storeAnswerStatements(idempotency.tokenId, idempotency.key, { requestHash: idempotency.hash, status: 200, body }, now)
        : []),
    ];
    try {
      await db.batch(statements);
      return send(c, body, 200);
    } catch (err) {
      if (isStaleSnapshot(err)) continue;
      if (idempotency && isUniqueViolation(err, "idempotency")) {
        const stored = await findAnswer(db, idempotency.tokenId, idempotency.key);
        if (stored) return replay(c, stored, idempotency.hash);
      }
      throw err;
    }
  }
  throw Errors.busy({ headers: { "Retry-After": "1" } });
}
