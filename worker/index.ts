import { Hono } from "hono";

const app = new Hono<{ Bindings: Env }>().get("/v1/health", async (c) => {
  const row = await c.env.DB.prepare("SELECT count(*) AS n FROM meta").first<{ n: number }>();
  return c.json({ ok: true, meta: row?.n ?? 0 });
});

export type AppType = typeof app;
export default app;
