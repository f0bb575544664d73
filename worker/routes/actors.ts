import { createRoute, z } from "@hono/zod-openapi";
import { Actor, ActorId } from "../../shared/model/actor";
import { BaseVersion } from "../../shared/sync/protocol";
import { authorize } from "../auth/policy";
import { actorStatements, existingIds, getActor, listActors } from "../db/reference";
import { newApp, SECURITY } from "../http/app";
import { Errors, errorResponses } from "../http/errors";
import { putReference } from "./reference-write";

export const ActorOut = Actor.extend({ version: z.number().int() }).openapi("Actor");
const IdParam = z.object({ id: ActorId.openapi({ param: { name: "id", in: "path" }, example: "CI" }) });
const PutActor = z.strictObject({ baseVersion: BaseVersion, actor: z.strictObject(Actor.shape) }).openapi("PutActor");

const list = createRoute({
  method: "get",
  path: "/",
  summary: "Actors: administrations (with their membership of the region), regional bodies, groups",
  security: SECURITY,
  responses: {
    200: { description: "Actors", content: { "application/json": { schema: z.object({ actors: z.array(ActorOut) }) } } },
    ...errorResponses(401, 403),
  },
});
const get = createRoute({
  method: "get",
  path: "/{id}",
  summary: "One actor",
  security: SECURITY,
  request: { params: IdParam },
  responses: {
    200: { description: "The actor", content: { "application/json": { schema: ActorOut } } },
    ...errorResponses(400, 401, 403, 404),
  },
});
const put = createRoute({
  method: "put",
  path: "/{id}",
  summary: "Create or replace an actor (BRRC); baseVersion null creates",
  security: SECURITY,
  request: { params: IdParam, body: { required: true, content: { "application/json": { schema: PutActor } } } },
  responses: {
    200: { description: "Replaced (or unchanged)", content: { "application/json": { schema: ActorOut } } },
    201: { description: "Created", content: { "application/json": { schema: ActorOut } } },
    ...errorResponses(400, 401, 403, 409, 422),
  },
});

export const actorsApp = newApp()
  .openapi(list, async (c) => {
    authorize(c, "reference:read");
    return c.json({ actors: await listActors(c.get("db")) }, 200);
  })
  .openapi(get, async (c) => {
    authorize(c, "reference:read");
    const actor = await getActor(c.get("db"), c.req.valid("param").id);
    if (!actor) throw Errors.notFound({ field: "id" });
    return c.json(actor, 200);
  })
  .openapi(put, async (c) => {
    authorize(c, "reference:write");
    const { id } = c.req.valid("param");
    const { baseVersion, actor } = c.req.valid("json");
    if (actor.id !== id) throw Errors.invalid({ field: "actor.id", details: { expected: id } });
    const db = c.get("db");
    const members = actor.members.filter((m) => m !== "*");
    const known = await existingIds(db, "actors", members);
    const unknown = members.find((m) => !known.has(m) && m !== id);
    if (unknown) throw Errors.unprocessable({ field: "actor.members", details: { unknown } });
    const { value, created } = await putReference(c, {
      entity: "actor",
      id,
      baseVersion,
      value: actor,
      current: await getActor(db, id),
      statements: (version, meta) => actorStatements(actor, version, meta),
    });
    return created ? c.json(value, 201) : c.json(value, 200);
  });
