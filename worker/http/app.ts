import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { validationHook } from "./validation";

/** Every sub-app and the root validate through the one hook and answer errors with the one envelope. */
export function newApp() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

/** Offset paging for lists (pull has its own cursor). */
export const PageQuery = {
  limit: z.coerce.number().int().min(1).max(5000).default(1000).openapi({ description: "Items per page (1–5000)" }),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
};

export const PageInfo = { hasMore: z.boolean() };

/** The bearer scheme, declared once for the OpenAPI document. */
export const SECURITY = [{ bearer: [] as string[] }];
