import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { authenticate } from "./auth/authenticate";
import { Db } from "./db/client";
import type { AppEnv } from "./env";
import { newApp } from "./http/app";
import { checkJsonBody, limitBody } from "./http/body";
import { ApiError, Errors, errorResponse } from "./http/errors";
import { actorsApp } from "./routes/actors";
import { followUpsApp } from "./routes/follow-ups";
import { historyApp } from "./routes/history";
import { indicatorValuesApp } from "./routes/indicator-values";
import { indicatorsApp } from "./routes/indicators";
import { meApp } from "./routes/me";
import { meetingsApp } from "./routes/meetings";
import { recommendationsApp } from "./routes/recommendations";
import { referenceApp } from "./routes/reference";
import { reportsApp } from "./routes/reports";
import { reviewsApp } from "./routes/reviews";
import { syncApp } from "./routes/sync";
import { tokensApp } from "./routes/tokens";

const app = newApp();

// Every API request: one metered door to D1, the body limit, the caller, then bodies that are JSON in UTF-8.
app.use("/v1/*", async (c, next) => {
  const db = new Db(c.env.DB);
  c.set("db", db);
  await next();
  const h = c.res.headers;
  h.set("Cache-Control", "no-store");
  h.set("X-D1-Statements", String(db.stats.statements));
  h.set("X-D1-Rows-Read", String(db.stats.rowsRead));
  h.set("X-D1-Rows-Written", String(db.stats.rowsWritten));
});
app.use("/v1/*", limitBody, authenticate, checkJsonBody);

/** One sub-app per resource, chained so that their routes' types flow into AppType (hono/client). */
function mount(root: typeof app) {
  return root
    .route("/v1/me", meApp)
    .route("/v1/tokens", tokensApp)
    .route("/v1/reference", referenceApp)
    .route("/v1/actors", actorsApp)
    .route("/v1/meetings", meetingsApp)
    .route("/v1/recommendations", recommendationsApp)
    .route("/v1/indicators", indicatorsApp)
    .route("/v1/follow-ups", followUpsApp)
    .route("/v1/indicator-values", indicatorValuesApp)
    .route("/v1/reviews", reviewsApp)
    .route("/v1/sync", syncApp)
    .route("/v1/history", historyApp)
    .route("/v1/reports", reportsApp);
}
mount(app);

export type AppType = ReturnType<typeof mount>;

app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
  type: "http",
  scheme: "bearer",
  description: "An API token (omd_…), created with `npm run cli -- token create` or POST /v1/tokens",
});
const OPENAPI_CONFIG = {
  openapi: "3.0.3",
  info: {
    title: "OMD-AOC regional API",
    version: "1.0.0",
    description:
      "Recommendation follow-ups and indicator values of the WCO West and Central Africa region: sync, history, reports. " +
      "Errors: { error: { code, message: { fr, en }, field?, record?, details? } }.",
  },
};
// Generated from the routes themselves (so it matches them), once per isolate.
let openApiDocument: ReturnType<typeof app.getOpenAPIDocument> | null = null;
app.get("/openapi.json", (c) => c.json((openApiDocument ??= app.getOpenAPIDocument(OPENAPI_CONFIG))));

/** Method and path patterns of the API, to tell 405 (known path, other method) from 404. */
let known: { method: string; pattern: RegExp }[] | null = null;
function allowedMethods(path: string): string[] {
  known ??= app.routes
    .filter((r) => r.method !== "ALL")
    .map((r) => ({
      method: r.method,
      pattern: new RegExp(`^${r.path.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\/:[^/]+/g, "/[^/]+")}/?$`),
    }));
  return [...new Set(known.filter((k) => k.pattern.test(path)).map((k) => k.method))];
}

app.notFound((c) => {
  const methods = allowedMethods(c.req.path);
  if (methods.length > 0) {
    return errorResponse(c, Errors.methodNotAllowed({ headers: { Allow: [...methods, ...(methods.includes("GET") ? ["HEAD"] : [])].join(", ") } }));
  }
  return errorResponse(c, Errors.notFound());
});

/** Hono's own exceptions (validators, body limit) in the envelope. */
function fromHttpException(err: HTTPException): ApiError {
  if (err.status === 413) return Errors.payloadTooLarge();
  if (err.status === 415) return Errors.unsupportedMediaType();
  if (err.status === 400) return Errors.invalidJson();
  if (err.status === 401) return Errors.unauthenticated();
  return new ApiError(err.status, "http-error", { fr: "Requête refusée.", en: "Request refused." });
}

app.onError((err, c: Context<AppEnv>) => {
  if (err instanceof ApiError) return errorResponse(c, err);
  if (err instanceof HTTPException) return errorResponse(c, fromHttpException(err));
  // Unexpected: a generic answer; the log names the error, never the request's token or body.
  console.error(`unexpected error on ${c.req.method} ${c.req.path}: ${err instanceof Error ? err.name : "unknown"}`, err);
  return errorResponse(c, Errors.internal());
});

export default app;
