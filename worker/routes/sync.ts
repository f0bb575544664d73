import { createRoute, z } from "@hono/zod-openapi";
import {
  Cursor,
  DEFAULT_PULL_LIMIT,
  MAX_PULL_LIMIT,
  PullResponse,
  PushResponse,
} from "../../shared/sync/protocol";
import { PushBody, fromPushBody } from "../../shared/sync/push-body";
import { authorize, followUpFilter, valueFilter } from "../auth/policy";
import { pullPage } from "../db/sync";
import { newApp, SECURITY } from "../http/app";
import { errorResponses } from "../http/errors";
import { parsedSynchronously } from "../http/validation";
import { runPush } from "../sync/push";

const pushBody = { required: true, content: { "application/json": { schema: parsedSynchronously(PushBody.openapi("PushRequest")) } } };
const pushResponses = {
  200: { description: "Per-record results", content: { "application/json": { schema: PushResponse.openapi("PushResponse") } } },
  ...errorResponses(400, 401, 403, 413, 415, 422),
};

const push = createRoute({
  method: "post",
  path: "/push",
  summary: "Push a batch of follow-ups and indicator values (atomic; Idempotency-Key makes retries safe)",
  security: SECURITY,
  request: {
    query: z.object({ dryRun: z.enum(["true", "false"]).optional() }),
    headers: z.object({ "idempotency-key": z.string().optional() }),
    body: pushBody,
  },
  responses: pushResponses,
});

const dryRun = createRoute({
  method: "post",
  path: "/dry-run",
  summary: "What a push would do, record by record, with field-level differences; writes nothing",
  security: SECURITY,
  request: { body: pushBody },
  responses: pushResponses,
});

const pull = createRoute({
  method: "get",
  path: "/pull",
  summary: "Records changed after a cursor, oldest change first, in pages",
  security: SECURITY,
  request: {
    query: z.object({
      since: Cursor.default("0"),
      limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(DEFAULT_PULL_LIMIT),
    }),
  },
  responses: {
    200: { description: "A page of changes", content: { "application/json": { schema: PullResponse.openapi("PullResponse") } } },
    ...errorResponses(400, 401, 403),
  },
});

export const syncApp = newApp()
  // The answer is sent as the exact text that an Idempotency-Key stores, hence a plain Response.
  .openapi(push, (c) => runPush(c, fromPushBody(c.req.valid("json")), c.req.valid("query").dryRun === "true") as never)
  .openapi(dryRun, (c) => runPush(c, fromPushBody(c.req.valid("json")), true) as never)
  .openapi(pull, async (c) => {
    const p = authorize(c, "records:read");
    const { since, limit } = c.req.valid("query");
    return c.json(await pullPage(c.get("db"), Number(since), limit, followUpFilter(p), valueFilter(p)), 200);
  });
