import { createRoute, z } from "@hono/zod-openapi";
import { ActorId } from "../../shared/model/actor";
import { IndicatorCode } from "../../shared/model/indicator";
import { PeriodId } from "../../shared/model/period";
import { RecommendationId } from "../../shared/model/recommendation";
import { authorize, followUpFilter, valueFilter } from "../auth/policy";
import { followUpHistory, indicatorValueHistory } from "../db/history";
import { referenceHistory } from "../db/reference";
import { newApp, PageInfo, PageQuery, SECURITY } from "../http/app";
import { errorResponses } from "../http/errors";

const Change = z.object({ field: z.string(), old: z.unknown(), new: z.unknown() });
const entry = <K extends z.ZodTypeAny>(key: K) =>
  z.object({ key, changedAt: z.string(), changedBy: z.string(), created: z.boolean(), changes: z.array(Change) });

const followUps = createRoute({
  method: "get",
  path: "/follow-ups",
  summary: "Every change of follow-ups: who, when, each field's old and new value",
  security: SECURITY,
  request: { query: z.object({ recommendationId: RecommendationId.optional(), actorId: ActorId.optional(), ...PageQuery }) },
  responses: {
    200: {
      description: "Changes, oldest first",
      content: {
        "application/json": {
          schema: z.object({ history: z.array(entry(z.object({ recommendationId: z.string(), actorId: z.string() }))), ...PageInfo }),
        },
      },
    },
    ...errorResponses(400, 401, 403),
  },
});

const values = createRoute({
  method: "get",
  path: "/indicator-values",
  summary: "Every change of indicator values: who, when, each field's old and new value",
  security: SECURITY,
  request: {
    query: z.object({ indicatorCode: IndicatorCode.optional(), actorId: ActorId.optional(), period: PeriodId.optional(), ...PageQuery }),
  },
  responses: {
    200: {
      description: "Changes, oldest first",
      content: {
        "application/json": {
          schema: z.object({
            history: z.array(entry(z.object({ indicatorCode: z.string(), actorId: z.string(), period: z.string() }))),
            ...PageInfo,
          }),
        },
      },
    },
    ...errorResponses(400, 401, 403),
  },
});

const reference = createRoute({
  method: "get",
  path: "/reference",
  summary: "Changes of an actor, meeting or recommendation: the record before and after",
  security: SECURITY,
  request: { query: z.object({ entity: z.enum(["actor", "meeting", "recommendation"]), id: z.string().min(1).max(64) }) },
  responses: {
    200: {
      description: "Changes, oldest first",
      content: {
        "application/json": {
          schema: z.object({
            history: z.array(
              z.object({
                entity: z.string(),
                id: z.string(),
                version: z.number().int(),
                before: z.unknown(),
                after: z.unknown(),
                changedAt: z.string(),
                changedBy: z.string(),
              }),
            ),
          }),
        },
      },
    },
    ...errorResponses(400, 401, 403),
  },
});

export const historyApp = newApp()
  .openapi(followUps, async (c) => {
    const p = authorize(c, "records:read");
    const { limit, offset, ...q } = c.req.valid("query");
    const { items, hasMore } = await followUpHistory(c.get("db"), followUpFilter(p, "h"), q, { limit, offset });
    return c.json({ history: items, hasMore }, 200);
  })
  .openapi(values, async (c) => {
    const p = authorize(c, "records:read");
    const { limit, offset, ...q } = c.req.valid("query");
    const { items, hasMore } = await indicatorValueHistory(c.get("db"), valueFilter(p, "h", "i"), q, { limit, offset });
    return c.json({ history: items, hasMore }, 200);
  })
  .openapi(reference, async (c) => {
    authorize(c, "reference:read");
    const { entity, id } = c.req.valid("query");
    return c.json({ history: await referenceHistory(c.get("db"), entity, id) }, 200);
  });
