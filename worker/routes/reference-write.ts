import type { Context } from "hono";
import { sameValue } from "../../shared/sync/compare";
import { authorize } from "../auth/policy";
import type { Statement } from "../db/client";
import { isStaleSnapshot } from "../db/client";
import type { ReferenceEntity, Versioned, WriteMeta } from "../db/reference";
import { guardedReferenceWrite } from "../db/reference";
import type { AppEnv } from "../env";
import { Errors } from "../http/errors";

function withoutVersion<T extends { version: number }>(v: T): Omit<T, "version"> {
  const { version: _version, ...rest } = v;
  return rest;
}

/**
 * Create or replace an actor, meeting or recommendation (BRRC): the caller names the version it edited
 * (null to create); another version is a 409 that carries the server's record, never a silent overwrite.
 */
export async function putReference<T extends object>(
  c: Context<AppEnv>,
  args: {
    entity: ReferenceEntity;
    id: string;
    baseVersion: number | null;
    value: T;
    current: Versioned<T> | null;
    statements: (version: number, meta: WriteMeta) => Statement[];
  },
): Promise<{ value: Versioned<T>; created: boolean }> {
  const p = authorize(c, "reference:write");
  const { current, value } = args;
  if (current && sameValue(withoutVersion(current), value)) return { value: current, created: false };
  if ((current?.version ?? null) !== args.baseVersion) {
    throw Errors.conflict({ field: "baseVersion", details: { server: current } });
  }
  const version = (current?.version ?? 0) + 1;
  const meta: WriteMeta = { now: new Date().toISOString(), by: p.label, tokenId: p.tokenId };
  const before = current ? withoutVersion(current) : null;
  try {
    await c
      .get("db")
      .batch(
        guardedReferenceWrite(args.entity, args.id, current?.version ?? null, args.statements(version, meta), before, value, version, meta),
      );
  } catch (err) {
    if (isStaleSnapshot(err)) throw Errors.conflict({ field: "baseVersion" });
    throw err;
  }
  return { value: { ...value, version }, created: current === null };
}
