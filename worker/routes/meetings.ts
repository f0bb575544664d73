import { createRoute, z } from "@hono/zod-openapi";
import { Meeting, MeetingId } from "../../shared/model/meeting";
import { BaseVersion } from "../../shared/sync/protocol";
import { authorize } from "../auth/policy";
import { existingIds, getMeeting, listMeetings, meetingStatements } from "../db/reference";
import { newApp, SECURITY } from "../http/app";
import { Errors, errorResponses } from "../http/errors";
import { putReference } from "./reference-write";

export const MeetingOut = Meeting.extend({ version: z.number().int() }).openapi("Meeting");
const IdParam = z.object({ id: MeetingId.openapi({ param: { name: "id", in: "path" }, example: "PC11" }) });
const PutMeeting = z.strictObject({ baseVersion: BaseVersion, meeting: z.strictObject(Meeting.shape) }).openapi("PutMeeting");

const list = createRoute({
  method: "get",
  path: "/",
  summary: "Meetings (contact points, GTR, experts, DG conference)",
  security: SECURITY,
  responses: {
    200: { description: "Meetings", content: { "application/json": { schema: z.object({ meetings: z.array(MeetingOut) }) } } },
    ...errorResponses(401, 403),
  },
});
const get = createRoute({
  method: "get",
  path: "/{id}",
  summary: "One meeting",
  security: SECURITY,
  request: { params: IdParam },
  responses: {
    200: { description: "The meeting", content: { "application/json": { schema: MeetingOut } } },
    ...errorResponses(400, 401, 403, 404),
  },
});
const put = createRoute({
  method: "put",
  path: "/{id}",
  summary: "Create or replace a meeting (BRRC); baseVersion null creates",
  security: SECURITY,
  request: { params: IdParam, body: { required: true, content: { "application/json": { schema: PutMeeting } } } },
  responses: {
    200: { description: "Replaced (or unchanged)", content: { "application/json": { schema: MeetingOut } } },
    201: { description: "Created", content: { "application/json": { schema: MeetingOut } } },
    ...errorResponses(400, 401, 403, 409, 422),
  },
});

export const meetingsApp = newApp()
  .openapi(list, async (c) => {
    authorize(c, "reference:read");
    return c.json({ meetings: await listMeetings(c.get("db")) }, 200);
  })
  .openapi(get, async (c) => {
    authorize(c, "reference:read");
    const meeting = await getMeeting(c.get("db"), c.req.valid("param").id);
    if (!meeting) throw Errors.notFound({ field: "id" });
    return c.json(meeting, 200);
  })
  .openapi(put, async (c) => {
    authorize(c, "reference:write");
    const { id } = c.req.valid("param");
    const { baseVersion, meeting } = c.req.valid("json");
    if (meeting.id !== id) throw Errors.invalid({ field: "meeting.id", details: { expected: id } });
    if (meeting.endDate < meeting.startDate) throw Errors.invalid({ field: "meeting.endDate" });
    const db = c.get("db");
    const previous = meeting.previousMeetingId;
    if (previous !== undefined && (previous === id || !(await existingIds(db, "meetings", [previous])).has(previous))) {
      throw Errors.unprocessable({ field: "meeting.previousMeetingId", details: { unknown: previous } });
    }
    const { value, created } = await putReference(c, {
      entity: "meeting",
      id,
      baseVersion,
      value: meeting,
      current: await getMeeting(db, id),
      statements: (version, meta) => meetingStatements(meeting, version, meta),
    });
    return created ? c.json(value, 201) : c.json(value, 200);
  });
