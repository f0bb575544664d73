import { createRoute, z } from "@hono/zod-openapi";
import { MeetingId } from "../../shared/model/meeting";
import { Recommendation, RecommendationId } from "../../shared/model/recommendation";
import { BaseVersion } from "../../shared/sync/protocol";
import { authorize } from "../auth/policy";
import { existingIds, getRecommendation, listRecommendations, recommendationStatements } from "../db/reference";
import { newApp, SECURITY } from "../http/app";
import { Errors, errorResponses } from "../http/errors";
import { putReference } from "./reference-write";

export const RecommendationOut = Recommendation.extend({ version: z.number().int() }).openapi("Recommendation");
const IdParam = z.object({ id: RecommendationId.openapi({ param: { name: "id", in: "path" }, example: "PC11-R07" }) });
const PutRecommendation = z
  .strictObject({ baseVersion: BaseVersion, recommendation: z.strictObject(Recommendation.shape) })
  .openapi("PutRecommendation");

const list = createRoute({
  method: "get",
  path: "/",
  summary: "Recommendations and diligences, with their addressees",
  security: SECURITY,
  request: { query: z.object({ meetingId: MeetingId.optional() }) },
  responses: {
    200: {
      description: "Recommendations",
      content: { "application/json": { schema: z.object({ recommendations: z.array(RecommendationOut) }) } },
    },
    ...errorResponses(400, 401, 403),
  },
});
const get = createRoute({
  method: "get",
  path: "/{id}",
  summary: "One recommendation",
  security: SECURITY,
  request: { params: IdParam },
  responses: {
    200: { description: "The recommendation", content: { "application/json": { schema: RecommendationOut } } },
    ...errorResponses(400, 401, 403, 404),
  },
});
const put = createRoute({
  method: "put",
  path: "/{id}",
  summary: "Create or replace a recommendation (BRRC); baseVersion null creates",
  security: SECURITY,
  request: { params: IdParam, body: { required: true, content: { "application/json": { schema: PutRecommendation } } } },
  responses: {
    200: { description: "Replaced (or unchanged)", content: { "application/json": { schema: RecommendationOut } } },
    201: { description: "Created", content: { "application/json": { schema: RecommendationOut } } },
    ...errorResponses(400, 401, 403, 409, 422),
  },
});

export const recommendationsApp = newApp()
  .openapi(list, async (c) => {
    authorize(c, "reference:read");
    return c.json({ recommendations: await listRecommendations(c.get("db"), c.req.valid("query").meetingId) }, 200);
  })
  .openapi(get, async (c) => {
    authorize(c, "reference:read");
    const r = await getRecommendation(c.get("db"), c.req.valid("param").id);
    if (!r) throw Errors.notFound({ field: "id" });
    return c.json(r, 200);
  })
  .openapi(put, async (c) => {
    authorize(c, "reference:write");
    const { id } = c.req.valid("param");
    const { baseVersion, recommendation } = c.req.valid("json");
    if (recommendation.id !== id) throw Errors.invalid({ field: "recommendation.id", details: { expected: id } });
    const db = c.get("db");
    if (!(await existingIds(db, "meetings", [recommendation.meetingId])).has(recommendation.meetingId)) {
      throw Errors.unprocessable({ field: "recommendation.meetingId", details: { unknown: recommendation.meetingId } });
    }
    const known = await existingIds(db, "actors", recommendation.addressees);
    const unknown = recommendation.addressees.find((a) => !known.has(a));
    if (unknown) throw Errors.unprocessable({ field: "recommendation.addressees", details: { unknown } });
    const { value, created } = await putReference(c, {
      entity: "recommendation",
      id,
      baseVersion,
      value: recommendation,
      current: await getRecommendation(db, id),
      statements: (version, meta) => recommendationStatements(recommendation, version, meta),
    });
    return created ? c.json(value, 201) : c.json(value, 200);
  });
