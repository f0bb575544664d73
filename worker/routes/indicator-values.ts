import { createRoute, z } from "@hono/zod-openapi";
import { ActorId } from "../../shared/model/actor";
import { IndicatorCode } from "../../shared/model/indicator";
import { PeriodId } from "../../shared/model/period";
import { SyncIndicatorValue } from "../../shared/sync/protocol";
import { authorize, valueFilter } from "../auth/policy";
import { listIndicatorValues } from "../db/records";
import { newApp, PageInfo, PageQuery, SECURITY } from "../http/app";
import { errorResponses } from "../http/errors";

const list = createRoute({
  method: "get",
  path: "/",
  summary: "Indicator values the caller may see (disclosure: public, regional, restricted)",
  security: SECURITY,
  request: {
    query: z.object({
      indicatorCode: IndicatorCode.optional(),
      actorId: ActorId.optional(),
      period: PeriodId.optional(),
      ...PageQuery,
    }),
  },
  responses: {
    200: {
      description: "Values",
      content: {
        "application/json": { schema: z.object({ indicatorValues: z.array(SyncIndicatorValue.openapi("IndicatorValue")), ...PageInfo }) },
      },
    },
    ...errorResponses(400, 401, 403),
  },
});

export const indicatorValuesApp = newApp().openapi(list, async (c) => {
  const p = authorize(c, "indicators:read");
  const { limit, offset, ...q } = c.req.valid("query");
  const { items, hasMore } = await listIndicatorValues(c.get("db"), valueFilter(p), q, { limit, offset });
  return c.json({ indicatorValues: items, hasMore }, 200);
});
