import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../env";
import { Errors } from "./errors";

const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** 413 over MAX_BODY_BYTES, counted on the bytes received (the Content-Length header alone is not trusted). */
export const limitBody: MiddlewareHandler<AppEnv> = (c, next) =>
  bodyLimit({
    maxSize: Number(c.env.MAX_BODY_BYTES) || 5 * 1024 * 1024,
    onError: () => {
      throw Errors.payloadTooLarge({ details: { maxBytes: Number(c.env.MAX_BODY_BYTES) } });
    },
  })(c, next);

/**
 * Bodies are JSON in UTF-8 or nothing: any other content type is 415, bytes that are not UTF-8 are 400,
 * before a route's validator sees them. The decoded text is left in Hono's body cache, so that the validator
 * parses (once) exactly what was checked here; text that is not JSON is its 400 (see onError).
 */
export const checkJsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method === "GET" || c.req.method === "HEAD" || !c.req.raw.body) return next();
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength === 0) return next();
  const type = c.req.header("content-type") ?? "";
  if (!JSON_TYPE.test(type.trim())) throw Errors.unsupportedMediaType({ details: { contentType: type.slice(0, 100) } });
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw Errors.invalidUtf8();
  }
  // Hono keeps promises in its body cache (typed as the values they resolve to)
  (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(text);
  return next();
};
