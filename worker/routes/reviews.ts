import { createRoute, z } from "@hono/zod-openapi";
import { ActorId } from "../../shared/model/actor";
import { ReviewState } from "../../shared/model/follow-up";
import { RecommendationId } from "../../shared/model/recommendation";
import { SyncFollowUp, Version } from "../../shared/sync/protocol";
import { authorize, followUpFilter } from "../auth/policy";
import { isStaleSnapshot } from "../db/client";
import { getFollowUp, listFollowUps } from "../db/records";
import { writeStatements } from "../db/sync";
import { newApp, PageInfo, PageQuery, SECURITY } from "../http/app";
import { Errors, errorResponses } from "../http/errors";
import { planReview } from "../sync/review";

const list = createRoute({
  method: "get",
  path: "/",
  summary: "Declarations of implementation by review state (default: waiting for the BRRC)",
  security: SECURITY,
  request: { query: z.object({ state: ReviewState.default("pending"), actorId: ActorId.optional(), ...PageQuery }) },
  responses: {
    200: { description: "Follow-ups", content: { "application/json": { schema: z.object({ followUps: z.array(SyncFollowUp), ...PageInfo }) } } },
    ...errorResponses(400, 401, 403),
  },
});

const decide = createRoute({
  method: "post",
  path: "/{recommendationId}/{actorId}",
  summary: "Accept (with its evidence) or return (with a comment) an implementation declaration (BRRC)",
  security: SECURITY,
  request: {
    params: z.object({
      recommendationId: RecommendationId.openapi({ param: { name: "recommendationId", in: "path" } }),
      actorId: ActorId.openapi({ param: { name: "actorId", in: "path" } }),
    }),
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z
            .strictObject({
              decision: z.enum(["accept", "return"]),
              comment: z.string().max(10_000).nullable().default(null),
              baseVersion: Version,
            })
            .openapi("ReviewDecision"),
        },
      },
    },
  },
  responses: {
    200: { description: "The reviewed follow-up", content: { "application/json": { schema: SyncFollowUp } } },
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});

export const reviewsApp = newApp()
  .openapi(list, async (c) => {
    const p = authorize(c, "records:read");
    const { state, actorId, limit, offset } = c.req.valid("query");
    const { items, hasMore } = await listFollowUps(c.get("db"), followUpFilter(p), { reviewState: state, actorId }, { limit, offset });
    return c.json({ followUps: items, hasMore }, 200);
  })
  .openapi(decide, async (c) => {
    const p = authorize(c, "reviews:write");
    const key = c.req.valid("param");
    const { decision, comment, baseVersion } = c.req.valid("json");
    const db = c.get("db");
    const server = await getFollowUp(db, key);
    if (!server) throw Errors.notFound({ field: "recommendationId" });
    if (server.version !== baseVersion) throw Errors.conflict({ field: "baseVersion", details: { server } });
    const now = new Date().toISOString();
    const write = planReview(server, decision, comment, p, now);
    try {
      await db.batch(
        writeStatements(
          { followUps: [write], indicatorValues: [] },
          { now, by: p.label, tokenId: p.tokenId },
        ),
      );
    } catch (err) {
      if (isStaleSnapshot(err)) throw Errors.conflict({ field: "baseVersion" });
      throw err;
    }
    return c.json({ ...server, review: write.review, version: write.version, updatedAt: now, updatedBy: p.label }, 200);
  });
