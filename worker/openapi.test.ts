import { describe, expect, it } from "vitest";
import app from "./index";
import { call } from "./test/helpers";

describe("the OpenAPI document", () => {
  it("lists every implemented route, and only those", async () => {
    const r = await call("GET", "/openapi.json");
    expect(r.status).toBe(200);
    const documented = Object.entries(r.json.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ":$1")}`))
      .sort();
    const implemented = app.routes
      .filter((route) => route.method !== "ALL" && route.path.startsWith("/v1/"))
      .map((route) => `${route.method} ${route.path.replace(/\/$/, "")}`)
      .sort();
    expect(documented).toEqual([...new Set(implemented)]);
    expect(documented.length).toBeGreaterThan(30);
  });

  it("describes the bearer scheme, the error envelope and the sync schemas", async () => {
    const r = await call("GET", "/openapi.json");
    expect(r.json.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
    expect(Object.keys(r.json.components.schemas)).toEqual(expect.arrayContaining(["Error", "PushRequest", "PushResponse", "PullResponse"]));
    expect(r.json.paths["/v1/sync/push"].post.responses["413"]).toBeDefined();
    // both forms of indicator values, the columns with their fields
    const push = r.json.components.schemas.PushRequest;
    expect(Object.keys(push.properties)).toEqual(expect.arrayContaining(["followUps", "indicatorValues", "indicatorValueColumns"]));
    expect(push.properties.indicatorValueColumns.required).toEqual(["indicatorCode", "actorId", "period", "value"]);
  });
});
