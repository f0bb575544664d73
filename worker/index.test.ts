import { SELF } from "cloudflare:test";
import { expect, it } from "vitest";

it("answers health from D1", async () => {
  const res = await SELF.fetch("https://api.test/v1/health");
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ ok: true, meta: 0 });
});
