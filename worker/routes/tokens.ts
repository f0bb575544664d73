import { createRoute, z } from "@hono/zod-openapi";
import { ActorId } from "../../shared/model/actor";
import { authorize } from "../auth/policy";
import { ROLES } from "../auth/principal";
import { generateToken } from "../auth/token";
import { getActor } from "../db/reference";
import { findToken, insertToken, listTokens, revokeToken } from "../db/tokens";
import { newApp, SECURITY } from "../http/app";
import { Errors, errorResponses } from "../http/errors";

const TokenInfo = z
  .object({
    id: z.string(),
    role: z.enum(ROLES),
    actorId: z.string().nullable(),
    label: z.string(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi("TokenInfo");

const NewToken = z
  .strictObject({
    role: z.enum(ROLES),
    /** Required for (and only for) administration tokens. */
    actorId: ActorId.optional(),
    label: z.string().trim().min(1).max(100),
  })
  .refine((t) => (t.role === "administration") === (t.actorId !== undefined), {
    message: "actorId is required for administration tokens, and only for them",
    path: ["actorId"],
  })
  .openapi("NewToken");

const TokenId = z.object({ id: z.string().regex(/^[a-z0-9]{12}$/).openapi({ param: { name: "id", in: "path" } }) });

const list = createRoute({
  method: "get",
  path: "/",
  summary: "List tokens (admin); secrets are never shown",
  security: SECURITY,
  responses: {
    200: { description: "Tokens", content: { "application/json": { schema: z.object({ tokens: z.array(TokenInfo) }) } } },
    ...errorResponses(401, 403),
  },
});

const create = createRoute({
  method: "post",
  path: "/",
  summary: "Create a token (admin); the token is in this answer only",
  security: SECURITY,
  request: { body: { required: true, content: { "application/json": { schema: NewToken } } } },
  responses: {
    201: {
      description: "The new token",
      content: { "application/json": { schema: TokenInfo.extend({ token: z.string() }) } },
    },
    ...errorResponses(400, 401, 403, 422),
  },
});

const revoke = createRoute({
  method: "delete",
  path: "/{id}",
  summary: "Revoke a token (admin): refused from the next request on",
  security: SECURITY,
  request: { params: TokenId },
  responses: {
    200: { description: "Revoked", content: { "application/json": { schema: TokenInfo } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

const info = (t: { id: string; role: (typeof ROLES)[number]; actor_id: string | null; label: string; created_at: string; revoked_at: string | null }) => ({
  id: t.id,
  role: t.role,
  actorId: t.actor_id,
  label: t.label,
  createdAt: t.created_at,
  revokedAt: t.revoked_at,
});

export const tokensApp = newApp()
  .openapi(list, async (c) => {
    authorize(c, "tokens:manage");
    return c.json({ tokens: (await listTokens(c.get("db"))).map(info) }, 200);
  })
  .openapi(create, async (c) => {
    authorize(c, "tokens:manage");
    const body = c.req.valid("json");
    const db = c.get("db");
    if (body.actorId !== undefined) {
      if ((await getActor(db, body.actorId))?.kind !== "administration") {
        throw Errors.unprocessable({ field: "actorId", details: { reason: "not an administration" } });
      }
    }
    const t = await generateToken();
    const now = new Date().toISOString();
    await insertToken(db, { id: t.id, hash: t.hash, role: body.role, actorId: body.actorId ?? null, label: body.label, now });
    return c.json(
      { id: t.id, role: body.role, actorId: body.actorId ?? null, label: body.label, createdAt: now, revokedAt: null, token: t.token },
      201,
    );
  })
  .openapi(revoke, async (c) => {
    authorize(c, "tokens:manage");
    const { id } = c.req.valid("param");
    const db = c.get("db");
    await revokeToken(db, id, new Date().toISOString());
    const row = await findToken(db, id);
    if (!row) throw Errors.notFound({ field: "id" });
    return c.json(info(row), 200);
  });
