import { createRoute, z } from "@hono/zod-openapi";
import { ActorId } from "../../shared/model/actor";
import { ReviewState, Status } from "../../shared/model/follow-up";
import { MeetingId } from "../../shared/model/meeting";
import { RecommendationId } from "../../shared/model/recommendation";
import { SyncFollowUp } from "../../shared/sync/protocol";
import { authorize, followUpFilter } from "../auth/policy";
import { followUpsAsOf } from "../db/history";
import { listFollowUps } from "../db/records";
import { newApp, PageInfo, PageQuery, SECURITY } from "../http/app";
import { errorResponses } from "../http/errors";

export const AsOf = z.union([z.iso.date(), z.iso.datetime()]).openapi({ description: "A date (end of that day) or an instant" });

const list = createRoute({
  method: "get",
  path: "/",
  summary: "Follow-ups (an administration sees its own; the BRRC and the GTR all)",
  security: SECURITY,
  request: {
    query: z.object({
      meetingId: MeetingId.optional(),
      recommendationId: RecommendationId.optional(),
      actorId: ActorId.optional(),
      status: Status.optional(),
      reviewState: ReviewState.optional(),
      ...PageQuery,
    }),
  },
  responses: {
    200: {
      description: "Follow-ups",
      content: { "application/json": { schema: z.object({ followUps: z.array(SyncFollowUp.openapi("FollowUp")), ...PageInfo }) } },
    },
    ...errorResponses(400, 401, 403),
  },
});

const FollowUpState = z
  .object({
    recommendationId: z.string(),
    actorId: z.string(),
    status: Status,
    dueDate: z.string().nullable(),
    reviewState: ReviewState,
    changedAt: z.string(),
    changedBy: z.string(),
  })
  .openapi("FollowUpState");

const asOf = createRoute({
  method: "get",
  path: "/as-of",
  summary: "Follow-ups as they stood on a date: status, due date and review after their last change by then",
  security: SECURITY,
  request: { query: z.object({ date: AsOf, meetingId: MeetingId.optional(), actorId: ActorId.optional() }) },
  responses: {
    200: {
      description: "States",
      content: { "application/json": { schema: z.object({ asOf: z.string(), followUps: z.array(FollowUpState) }) } },
    },
    ...errorResponses(400, 401, 403),
  },
});

export const followUpsApp = newApp()
  .openapi(list, async (c) => {
    const p = authorize(c, "records:read");
    const { limit, offset, ...q } = c.req.valid("query");
    const { items, hasMore } = await listFollowUps(c.get("db"), followUpFilter(p), q, { limit, offset });
    return c.json({ followUps: items, hasMore }, 200);
  })
  .openapi(asOf, async (c) => {
    const p = authorize(c, "records:read");
    const { date, ...q } = c.req.valid("query");
    return c.json({ asOf: date, followUps: await followUpsAsOf(c.get("db"), followUpFilter(p, "s"), date, q) }, 200);
  });
