import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { Errors } from "../http/errors";
import { findToken } from "../db/tokens";
import { ANONYMOUS } from "./principal";
import { sameDigest, sha256Hex, tokenId } from "./token";

const CHALLENGE = { "WWW-Authenticate": 'Bearer realm="omd-aoc", error="invalid_token"' };

/**
 * Bearer tokens: no header = anonymous (public data only); a header that does not name an active token is
 * refused at once. The token is looked up by its public id and its digest compared in constant time; it is
 * never logged, stored or echoed.
 */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header("authorization");
  if (header === undefined) {
    c.set("principal", ANONYMOUS);
    return next();
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const token = match?.[1] ?? "";
  const id = tokenId(token);
  const row = id ? await findToken(c.get("db"), id) : null;
  const digest = await sha256Hex(token);
  if (!row || !sameDigest(digest, row.token_hash) || row.revoked_at !== null) {
    throw Errors.invalidToken({ headers: CHALLENGE });
  }
  c.set("principal", { role: row.role, tokenId: row.id, actorId: row.actor_id, label: row.label });
  return next();
};
