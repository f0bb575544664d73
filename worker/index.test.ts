import { SELF } from "cloudflare:test";
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it, vi } from "vitest";
import app from "./index";
import type { Tokens } from "./test/helpers";
import { call, makeTokens, seed } from "./test/helpers";

let t: Tokens;
beforeAll(async () => {
  await seed();
  t = await makeTokens();
});

describe("the root app", () => {
  it("serves the API through the Worker's entry, with the pane's assets beside it", async () => {
    const api = await SELF.fetch("https://api.test/v1/me", { headers: { Authorization: `Bearer ${t.gtr}` } });
    expect(api.status).toBe(200);
    expect(api.headers.get("x-d1-statements")).toBe("1");
    expect(await api.json()).toMatchObject({ role: "gtr" });
    const doc = await SELF.fetch("https://api.test/openapi.json");
    expect(((await doc.json()) as { openapi: string }).openapi).toBe("3.0.3");
  });

  it("tells who is connected", async () => {
    const r = await call("GET", "/v1/me", { token: t.CI });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ role: "administration", actorId: "CI", label: "administration-CI" });
    expect(r.json.permissions).toContain("records:write");
    expect(r.json.permissions).not.toContain("reviews:write");
  });

  it("answers 404 for unknown routes and 405 for known paths with another method, in the envelope", async () => {
    const a = await call("GET", "/v1/nope", { token: t.CI });
    expect(a.status).toBe(404);
    expect(a.json.error.code).toBe("not-found");
    expect(a.json.error.message.fr).toBeTruthy();
    const b = await call("DELETE", "/v1/actors", { token: t.CI });
    expect(b.status).toBe(405);
    expect(b.json.error.code).toBe("method-not-allowed");
    expect(b.headers.get("allow")).toContain("GET");
    const c = await call("POST", "/v1/actors/CI", { token: t.brrc, body: {} });
    expect(c.status).toBe(405);
    expect(c.headers.get("allow")).toContain("PUT");
  });
});

describe("unexpected failures", () => {
  it("answer a generic 500 that leaks nothing", async () => {
    const broken = {
      prepare: () => {
        throw new Error("SQLITE_CORRUPT: secret detail about tokens");
      },
    };
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await app.request("/v1/me", { headers: { Authorization: `Bearer ${t.CI}` } }, { ...env, DB: broken });
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(JSON.parse(text)).toEqual({
      error: { code: "internal", message: { fr: "Erreur interne du serveur.", en: "Internal server error." } },
    });
    expect(text).not.toContain("secret");
    expect(log.mock.calls.flat().join(" ")).not.toContain(t.CI);
    log.mockRestore();
  });
});
