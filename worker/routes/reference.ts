import { createRoute, z } from "@hono/zod-openapi";
import { authorize, indicatorFilter } from "../auth/policy";
import { listIndicators } from "../db/indicators";
import { listActors, listMeetings, listRecommendations } from "../db/reference";
import { newApp, SECURITY } from "../http/app";
import { errorResponses } from "../http/errors";
import { ActorOut } from "./actors";
import { IndicatorOut } from "./indicators";
import { MeetingOut } from "./meetings";
import { RecommendationOut } from "./recommendations";

const get = createRoute({
  method: "get",
  path: "/",
  summary: "Everything the pipeline checks sheets against (ReferenceData), as the caller may see it",
  security: SECURITY,
  responses: {
    200: {
      description: "Reference data",
      content: {
        "application/json": {
          schema: z
            .object({
              actors: z.array(ActorOut),
              meetings: z.array(MeetingOut),
              recommendations: z.array(RecommendationOut),
              indicators: z.array(IndicatorOut),
            })
            .openapi("ReferenceData"),
        },
      },
    },
    ...errorResponses(401, 403),
  },
});

export const referenceApp = newApp().openapi(get, async (c) => {
  const p = authorize(c, "reference:read");
  const db = c.get("db");
  const [actors, meetings, recommendations, indicators] = await Promise.all([
    listActors(db),
    listMeetings(db),
    listRecommendations(db),
    listIndicators(db, indicatorFilter(p)),
  ]);
  return c.json({ actors, meetings, recommendations, indicators }, 200);
});
