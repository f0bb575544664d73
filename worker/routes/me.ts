import { createRoute, z } from "@hono/zod-openapi";
import { authorize, can } from "../auth/policy";
import type { Permission } from "../auth/policy";
import { ROLES } from "../auth/principal";
import { newApp, SECURITY } from "../http/app";
import { errorResponses } from "../http/errors";

const PERMISSIONS: Permission[] = [
  "me",
  "reference:read",
  "reference:write",
  "indicators:read",
  "indicators:write",
  "records:read",
  "records:write",
  "reviews:write",
  "reports:read",
  "tokens:manage",
];

export const Me = z
  .object({
    role: z.enum(ROLES),
    /** administration tokens: the administration they act for. */
    actorId: z.string().nullable(),
    tokenId: z.string(),
    label: z.string(),
    permissions: z.array(z.string()),
  })
  .openapi("Me");

const getMe = createRoute({
  method: "get",
  path: "/",
  summary: "Who is connected: role, administration, permissions",
  security: SECURITY,
  responses: { 200: { description: "The caller", content: { "application/json": { schema: Me } } }, ...errorResponses(401) },
});

export const meApp = newApp().openapi(getMe, (c) => {
  const p = authorize(c, "me");
  return c.json(
    {
      role: p.role as (typeof ROLES)[number],
      actorId: p.actorId,
      tokenId: p.tokenId ?? "",
      label: p.label,
      permissions: PERMISSIONS.filter((perm) => can(p, perm)),
    },
    200,
  );
});
