import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../env";
import { Errors } from "./errors";

const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

const maxBodyBytes = (c: Context<AppEnv>) => Number(c.env.MAX_BODY_BYTES) || 5 * 1024 * 1024;

/** 413 over MAX_BODY_BYTES, counted on the bytes received (the Content-Length header alone is not trusted). */
export const limitBody: MiddlewareHandler<AppEnv> = (c, next) =>
  bodyLimit({
    maxSize: maxBodyBytes(c),
    onError: () => {
      throw Errors.payloadTooLarge({ details: { maxBytes: maxBodyBytes(c) } });
    },
  })(c, next);

/**
 * A gzip body, inflated up to `maxBytes`: past that, 413 at once (a small body may inflate to gigabytes, so
 * the limit holds on what comes out, not only on what was sent); a stream that is not gzip is 400.
 */
async function gunzip(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  // (the DOM and Workers typings of the stream differ; both run this)
  const gunzipper = new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>;
  const reader = body.pipeThrough(gunzipper).getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: Awaited<ReturnType<typeof reader.read>>;
    try {
      chunk = await reader.read();
    } catch {
      throw Errors.invalidGzip();
    }
    if (chunk.done) break;
    size += chunk.value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw Errors.payloadTooLarge({ details: { maxBytes } });
    }
    parts.push(chunk.value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes;
}

/**
 * Bodies are JSON in UTF-8 or nothing, sent as is or gzip-compressed (Content-Encoding: gzip, which the
 * add-in and the CLI use for large pushes over slow links): any other content type is 415, another encoding
 * 415, bytes that are not UTF-8 400, before a route's validator sees them. The decoded text is left in Hono's
 * body cache, so that the validator parses (once) exactly what was checked here; text that is not JSON is its
 * 400 (see onError).
 */
export const checkJsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method === "GET" || c.req.method === "HEAD" || !c.req.raw.body) return next();
  const type = c.req.header("content-type") ?? "";
  const encoding = (c.req.header("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding !== "identity" && encoding !== "gzip") throw Errors.unsupportedEncoding({ details: { contentEncoding: encoding.slice(0, 100) } });
  const bytes = encoding === "gzip" ? await gunzip(c.req.raw.body, maxBodyBytes(c)) : new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength === 0) return next();
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
