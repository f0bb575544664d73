import { hc } from "hono/client";
import type { AppType } from "./index";

/**
 * The one typed client of the API (hono/client), for the add-in and the CLI. It lives beside the Worker, not
 * in shared/, because its type comes from the Worker's routes; it pulls in no Worker code at run time.
 */
export function createApiClient(baseUrl: string, options: { token?: string; fetch?: typeof fetch } = {}) {
  return hc<AppType>(baseUrl.replace(/\/+$/, ""), {
    ...(options.fetch ? { fetch: options.fetch } : {}),
    headers: options.token ? { Authorization: `Bearer ${options.token}` } : {},
  });
}

export type ApiClient = ReturnType<typeof createApiClient>;
