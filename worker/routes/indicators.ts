import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { Indicator, IndicatorCode, IndicatorStatus } from "../../shared/model/indicator";
import { sameValue } from "../../shared/sync/compare";
import { authorize, indicatorFilter } from "../auth/policy";
import { isStaleSnapshot } from "../db/client";
import type { IndicatorDefinition } from "../db/indicators";
import {
  definitionOf,
  getIndicator,
  indicatorGuard,
  indicatorStatements,
  indicatorVersions,
  listIndicators,
  resequenceValues,
} from "../db/indicators";
import { existingIds } from "../db/reference";
import type { AppEnv } from "../env";
import { newApp, SECURITY } from "../http/app";
import { Errors, errorResponses } from "../http/errors";

export const IndicatorOut = Indicator.openapi("Indicator");
const Definition = z.strictObject(Indicator.omit({ status: true, version: true }).shape).openapi("IndicatorDefinition");
const CodeParam = z.object({ code: IndicatorCode.openapi({ param: { name: "code", in: "path" }, example: "FAC-CLR" }) });

/** The catalogue's life cycle: a draft is published, a published indicator retired; a draft may be dropped. */
const TRANSITIONS: Record<IndicatorStatus, IndicatorStatus[]> = {
  draft: ["published", "retired"],
  published: ["retired"],
  retired: [],
};

const list = createRoute({
  method: "get",
  path: "/",
  summary: "The indicator catalogue (drafts only for the GTR and the BRRC; public indicators without a token)",
  security: SECURITY,
  request: { query: z.object({ status: IndicatorStatus.optional() }) },
  responses: {
    200: { description: "Indicators", content: { "application/json": { schema: z.object({ indicators: z.array(IndicatorOut) }) } } },
    ...errorResponses(400, 401, 403),
  },
});
const get = createRoute({
  method: "get",
  path: "/{code}",
  summary: "One indicator, current version",
  security: SECURITY,
  request: { params: CodeParam },
  responses: {
    200: { description: "The indicator", content: { "application/json": { schema: IndicatorOut } } },
    ...errorResponses(400, 401, 403, 404),
  },
});
const versions = createRoute({
  method: "get",
  path: "/{code}/versions",
  summary: "Every version of an indicator: who changed it, when",
  security: SECURITY,
  request: { params: CodeParam },
  responses: {
    200: {
      description: "Versions, oldest first",
      content: {
        "application/json": {
          schema: z.object({
            versions: z.array(
              z.object({
                version: z.number().int(),
                status: IndicatorStatus,
                indicator: IndicatorOut,
                changedAt: z.string(),
                changedBy: z.string(),
              }),
            ),
          }),
        },
      },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});
const create = createRoute({
  method: "post",
  path: "/",
  summary: "Define a new indicator (GTR): it starts as a draft, version 1",
  security: SECURITY,
  request: { body: { required: true, content: { "application/json": { schema: z.strictObject({ indicator: Definition }) } } } },
  responses: {
    201: { description: "Created", content: { "application/json": { schema: IndicatorOut } } },
    ...errorResponses(400, 401, 403, 409, 422),
  },
});
const edit = createRoute({
  method: "put",
  path: "/{code}",
  summary: "Change an indicator's definition (GTR): a new version; retired indicators are frozen",
  security: SECURITY,
  request: {
    params: CodeParam,
    body: {
      required: true,
      content: { "application/json": { schema: z.strictObject({ baseVersion: z.number().int().min(1), indicator: Definition }) } },
    },
  },
  responses: {
    200: { description: "The new version (or the same, unchanged)", content: { "application/json": { schema: IndicatorOut } } },
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});
const setStatus = createRoute({
  method: "post",
  path: "/{code}/status",
  summary: "Publish or retire an indicator (GTR): a new version",
  security: SECURITY,
  request: {
    params: CodeParam,
    body: {
      required: true,
      content: { "application/json": { schema: z.strictObject({ baseVersion: z.number().int().min(1), status: IndicatorStatus }) } },
    },
  },
  responses: {
    200: { description: "The new version", content: { "application/json": { schema: IndicatorOut } } },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

/** References a definition makes must resolve: weight and formula indicators, target administrations. */
async function checkDefinition(c: Context<AppEnv>, d: IndicatorDefinition): Promise<void> {
  if (d.aggregation === "weighted-mean" && !d.weightCode) {
    throw Errors.invalid({ field: "indicator.weightCode", details: { reason: "weighted-mean needs weightCode" } });
  }
  const db = c.get("db");
  const codes = [...(d.weightCode ? [d.weightCode] : []), ...(d.formula?.numerator ?? []), ...(d.formula?.denominator ?? [])].filter(
    (code) => code !== d.code,
  );
  if (codes.length > 0) {
    const rows = await db.all<{ code: string }>({
      sql: "SELECT code FROM indicators WHERE code IN (SELECT value FROM json_each(?))",
      params: [JSON.stringify(codes)],
    });
    const known = new Set(rows.map((r) => r.code));
    const unknown = codes.find((code) => !known.has(code));
    if (unknown) throw Errors.unprocessable({ field: "indicator", details: { unknownIndicator: unknown } });
  }
  const actors = d.targets.flatMap((t) => (t.actorId ? [t.actorId] : []));
  const knownActors = await existingIds(db, "actors", actors);
  const unknownActor = actors.find((a) => !knownActors.has(a));
  if (unknownActor) throw Errors.unprocessable({ field: "indicator.targets", details: { unknownActor } });
}

async function writeVersion(c: Context<AppEnv>, next: Indicator, expected: number | null, current: Indicator | null) {
  const p = c.get("principal");
  const meta = { now: new Date().toISOString(), by: p.label, tokenId: p.tokenId };
  const visibilityChanged = current !== null && (current.status !== next.status || current.disclosure !== next.disclosure);
  try {
    await c
      .get("db")
      .batch([
        indicatorGuard(next.code, expected),
        ...indicatorStatements(next, meta),
        ...(visibilityChanged ? resequenceValues(next.code) : []),
      ]);
  } catch (err) {
    if (isStaleSnapshot(err)) throw expected === null ? Errors.exists({ field: "indicator.code" }) : Errors.conflict({ field: "baseVersion" });
    throw err;
  }
  return next;
}

async function currentForWrite(c: Context<AppEnv>, code: string, baseVersion: number): Promise<Indicator> {
  const current = await getIndicator(c.get("db"), code, { sql: "1", params: [] });
  if (!current) throw Errors.notFound({ field: "code" });
  if (current.version !== baseVersion) throw Errors.conflict({ field: "baseVersion", details: { server: current } });
  return current;
}

export const indicatorsApp = newApp()
  .openapi(list, async (c) => {
    const p = authorize(c, "indicators:read");
    return c.json({ indicators: await listIndicators(c.get("db"), indicatorFilter(p), c.req.valid("query").status) }, 200);
  })
  .openapi(get, async (c) => {
    const p = authorize(c, "indicators:read");
    const indicator = await getIndicator(c.get("db"), c.req.valid("param").code, indicatorFilter(p));
    if (!indicator) throw Errors.notFound({ field: "code" });
    return c.json(indicator, 200);
  })
  .openapi(versions, async (c) => {
    const p = authorize(c, "indicators:read");
    const { code } = c.req.valid("param");
    const db = c.get("db");
    if (!(await getIndicator(db, code, indicatorFilter(p)))) throw Errors.notFound({ field: "code" });
    const all = await indicatorVersions(db, code);
    const seesDrafts = p.role === "gtr" || p.role === "brrc";
    return c.json({ versions: seesDrafts ? all : all.filter((v) => v.status !== "draft") }, 200);
  })
  .openapi(create, async (c) => {
    authorize(c, "indicators:write");
    const { indicator } = c.req.valid("json");
    await checkDefinition(c, indicator);
    const next: Indicator = { ...indicator, status: "draft", version: 1 };
    return c.json(await writeVersion(c, next, null, null), 201);
  })
  .openapi(edit, async (c) => {
    authorize(c, "indicators:write");
    const { code } = c.req.valid("param");
    const { baseVersion, indicator } = c.req.valid("json");
    if (indicator.code !== code) throw Errors.invalid({ field: "indicator.code", details: { expected: code } });
    const current = await currentForWrite(c, code, baseVersion);
    if (sameValue(definitionOf(current), indicator)) return c.json(current, 200);
    if (current.status === "retired") throw Errors.invalidTransition({ field: "status", details: { status: current.status } });
    await checkDefinition(c, indicator);
    const next: Indicator = { ...indicator, status: current.status, version: current.version + 1 };
    return c.json(await writeVersion(c, next, current.version, current), 200);
  })
  .openapi(setStatus, async (c) => {
    authorize(c, "indicators:write");
    const { code } = c.req.valid("param");
    const { baseVersion, status } = c.req.valid("json");
    const current = await currentForWrite(c, code, baseVersion);
    if (!TRANSITIONS[current.status].includes(status)) {
      throw Errors.invalidTransition({ field: "status", details: { from: current.status, to: status } });
    }
    const next: Indicator = { ...current, status, version: current.version + 1 };
    return c.json(await writeVersion(c, next, current.version, current), 200);
  });
