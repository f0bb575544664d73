import { hc } from "hono/client";
import type { AppType } from "./index";

/** Bodies from this size on go gzip-compressed: a push's JSON shrinks about twenty-fold on a slow link. */
export const COMPRESS_FROM_CHARS = 32 * 1024;

/** `fetch`, with large request bodies sent gzip-compressed (Content-Encoding: gzip, which the API accepts). */
function compressing(base: typeof fetch): typeof fetch {
  return async (input, init) => {
    const body = init?.body;
    if (typeof body !== "string" || body.length < COMPRESS_FROM_CHARS || typeof CompressionStream === "undefined") return base(input, init);
    const zipped = await new Response(new Blob([body]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer();
    const headers = new Headers(init?.headers);
    headers.set("Content-Encoding", "gzip");
    return base(input, { ...init, headers, body: zipped });
  };
}

/**
 * The one typed client of the API (hono/client), for the add-in and the CLI. It lives beside the Worker, not
 * in shared/, because its type comes from the Worker's routes; it pulls in no Worker code at run time.
 */
export function createApiClient(baseUrl: string, options: { token?: string; fetch?: typeof fetch } = {}) {
  const base: typeof fetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  return hc<AppType>(baseUrl.replace(/\/+$/, ""), {
    fetch: compressing(base),
    headers: options.token ? { Authorization: `Bearer ${options.token}` } : {},
  });
}

export type ApiClient = ReturnType<typeof createApiClient>;
