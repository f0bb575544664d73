import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { IndicatorCode } from "../../shared/model/indicator";
import { MeetingId } from "../../shared/model/meeting";
import { PeriodId, periodInfo } from "../../shared/model/period";
import {
  administrationRowFilter,
  aggregateFilter,
  authorize,
  followUpFilter,
  indicatorFilter,
  valueFilter,
} from "../auth/policy";
import { getMeeting } from "../db/reference";
import type { RecommendationGrouping, RecommendationRow, StatusCounts } from "../db/reports";
import { completenessReport, indicatorReport, recommendationReport, staleFollowUps } from "../db/reports";
import type { AppEnv } from "../env";
import type { CsvColumn } from "../http/csv";
import { csvOrJson } from "../http/csv";
import { newApp, SECURITY } from "../http/app";
import { Errors, errorResponses } from "../http/errors";
import { AsOf } from "./follow-ups";

const CsvQuery = {
  format: z.enum(["json", "csv"]).optional().openapi({ description: "csv: UTF-8 with BOM (also with Accept: text/csv)" }),
  delimiter: z.enum([",", ";"]).default(","),
};

const Rate = z.number().nullable();
const Counts = z.object({
  total: z.number(),
  notStarted: z.number(),
  inProgress: z.number(),
  implemented: z.number(),
  notApplicable: z.number(),
  accepted: z.number(),
  pendingReview: z.number(),
  overdue: z.number(),
  implementationRate: Rate,
  acceptedRate: Rate,
});
const RecommendationReportRow = Counts.extend({
  key: z.string(),
  kind: z.string().nullable(),
  number: z.string().nullable(),
  meetingId: z.string().nullable(),
  textFr: z.string().nullable(),
  nameFr: z.string().nullable(),
  nameEn: z.string().nullable(),
});
const RecommendationReport = z
  .object({
    meetingId: z.string().nullable(),
    asOf: z.string().nullable(),
    groupBy: z.enum(["recommendation", "addressee", "administration"]),
    totals: Counts,
    rows: z.array(RecommendationReportRow),
  })
  .openapi("RecommendationReport");

const csvContent = { "text/csv": { schema: z.string() } };

const recommendations = createRoute({
  method: "get",
  path: "/recommendations",
  summary: "Implementation of recommendations: counts by status, rates, overdue; per recommendation, addressee or administration",
  security: SECURITY,
  request: {
    query: z.object({
      meetingId: MeetingId.optional(),
      groupBy: z.enum(["recommendation", "addressee", "administration"]).default("recommendation"),
      asOf: AsOf.optional(),
      ...CsvQuery,
    }),
  },
  responses: {
    200: { description: "The report", content: { "application/json": { schema: RecommendationReport }, ...csvContent } },
    ...errorResponses(400, 401, 403),
  },
});

const previous = createRoute({
  method: "get",
  path: "/meetings/{meetingId}/previous",
  summary: "State of implementation of the previous meeting's recommendations (the GTR's first agenda item)",
  security: SECURITY,
  request: {
    params: z.object({ meetingId: MeetingId.openapi({ param: { name: "meetingId", in: "path" } }) }),
    query: z.object({ asOf: AsOf.optional(), ...CsvQuery }),
  },
  responses: {
    200: {
      description: "The report",
      content: {
        "application/json": {
          schema: z.object({
            meetingId: z.string(),
            previousMeetingId: z.string(),
            asOf: z.string().nullable(),
            totals: Counts,
            recommendations: z.array(RecommendationReportRow),
          }),
        },
        ...csvContent,
      },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

const Rag = z.enum(["green", "amber", "red"]).nullable();
const IndicatorReport = z
  .object({
    indicators: z.array(
      z.object({
        code: z.string(),
        period: z.string(),
        aggregation: z.string().nullable(),
        direction: z.string().nullable(),
        regional: z
          .object({ reported: z.number(), value: z.number().nullable(), target: z.number().nullable(), attainment: z.number().nullable(), rag: Rag })
          .nullable(),
        administrations: z.array(
          z.object({
            actorId: z.string(),
            value: z.number().nullable(),
            target: z.number().nullable(),
            attainment: z.number().nullable(),
            rag: Rag,
          }),
        ),
      }),
    ),
  })
  .openapi("IndicatorReport");

const indicators = createRoute({
  method: "get",
  path: "/indicators",
  summary: "Indicators per period: each administration, the regional aggregate, target attainment and red/amber/green",
  security: SECURITY,
  request: {
    query: z.object({
      indicatorCode: IndicatorCode.optional(),
      period: PeriodId.optional(),
      year: z.string().regex(/^\d{4}$/).optional(),
      ...CsvQuery,
    }),
  },
  responses: {
    200: { description: "The report", content: { "application/json": { schema: IndicatorReport }, ...csvContent } },
    ...errorResponses(400, 401, 403),
  },
});

const CompletenessCounts = z.object({
  expected: z.number(),
  reported: z.number(),
  withValue: z.number(),
  onTime: z.number(),
  reportingRate: Rate,
  timelinessRate: Rate,
});
const completeness = createRoute({
  method: "get",
  path: "/completeness",
  summary: "Who reported which indicators for a period, and how many on time (within `days` after the period ends)",
  security: SECURITY,
  request: {
    query: z.object({
      period: PeriodId,
      days: z.coerce.number().int().min(0).max(3660).default(30),
      indicatorCode: IndicatorCode.optional(),
      ...CsvQuery,
    }),
  },
  responses: {
    200: {
      description: "The report",
      content: {
        "application/json": {
          schema: z
            .object({
              period: z.string(),
              start: z.string(),
              end: z.string(),
              deadline: z.string(),
              days: z.number(),
              totals: CompletenessCounts,
              administrations: z.array(
                CompletenessCounts.extend({
                  actorId: z.string(),
                  nameFr: z.string(),
                  nameEn: z.string(),
                  missing: z.array(z.string()),
                  late: z.array(z.string()),
                }),
              ),
              indicators: z.array(CompletenessCounts.extend({ code: z.string() })),
            })
            .openapi("CompletenessReport"),
        },
        ...csvContent,
      },
    },
    ...errorResponses(400, 401, 403),
  },
});

const stale = createRoute({
  method: "get",
  path: "/stale-follow-ups",
  summary: "Follow-ups not updated since a date (closed ones only with includeClosed=true)",
  security: SECURITY,
  request: {
    query: z.object({
      since: z.iso.date(),
      meetingId: MeetingId.optional(),
      includeClosed: z.enum(["true", "false"]).default("false"),
      ...CsvQuery,
    }),
  },
  responses: {
    200: {
      description: "The report",
      content: {
        "application/json": {
          schema: z.object({
            since: z.string(),
            followUps: z.array(
              z.object({
                recommendationId: z.string(),
                actorId: z.string(),
                meetingId: z.string(),
                status: z.string(),
                reviewState: z.string(),
                updatedOn: z.string().nullable(),
                updatedAt: z.string(),
                updatedBy: z.string(),
                daysSinceUpdate: z.number(),
              }),
            ),
          }),
        },
        ...csvContent,
      },
    },
    ...errorResponses(400, 401, 403),
  },
});

const COUNT_COLUMNS: CsvColumn<StatusCounts>[] = [
  { header: "total", value: (r) => r.total },
  { header: "notStarted", value: (r) => r.notStarted },
  { header: "inProgress", value: (r) => r.inProgress },
  { header: "implemented", value: (r) => r.implemented },
  { header: "notApplicable", value: (r) => r.notApplicable },
  { header: "accepted", value: (r) => r.accepted },
  { header: "pendingReview", value: (r) => r.pendingReview },
  { header: "overdue", value: (r) => r.overdue },
  { header: "implementationRate", value: (r) => r.implementationRate },
  { header: "acceptedRate", value: (r) => r.acceptedRate },
];
const RECOMMENDATION_COLUMNS: CsvColumn<RecommendationRow>[] = [
  { header: "key", value: (r) => r.key },
  { header: "kind", value: (r) => r.kind },
  { header: "number", value: (r) => r.number },
  { header: "meetingId", value: (r) => r.meetingId },
  { header: "textFr", value: (r) => r.textFr },
  { header: "nameFr", value: (r) => r.nameFr },
  { header: "nameEn", value: (r) => r.nameEn },
  ...(COUNT_COLUMNS as CsvColumn<RecommendationRow>[]),
];

const today = () => new Date().toISOString().slice(0, 10);

function rowFilterFor(c: Context<AppEnv>) {
  const p = c.get("principal");
  return (column: string) => administrationRowFilter(p, column);
}

export const reportsApp = newApp()
  .openapi(recommendations, async (c) => {
    authorize(c, "reports:read");
    const q = c.req.valid("query");
    const report = await recommendationReport(c.get("db"), {
      meetingId: q.meetingId ?? null,
      asOf: q.asOf ?? null,
      today: today(),
      groupBy: q.groupBy as RecommendationGrouping,
      rowFilter: rowFilterFor(c),
    });
    return csvOrJson(
      c,
      q,
      () => ({ filename: "recommendations.csv", columns: RECOMMENDATION_COLUMNS, rows: report.rows }),
      () => c.json({ meetingId: q.meetingId ?? null, asOf: q.asOf ?? null, groupBy: q.groupBy, ...report }, 200),
    );
  })
  .openapi(previous, async (c) => {
    authorize(c, "reports:read");
    const { meetingId } = c.req.valid("param");
    const q = c.req.valid("query");
    const meeting = await getMeeting(c.get("db"), meetingId);
    if (!meeting) throw Errors.notFound({ field: "meetingId" });
    if (!meeting.previousMeetingId) throw Errors.notFound({ field: "previousMeetingId", details: { reason: "no previous meeting" } });
    const report = await recommendationReport(c.get("db"), {
      meetingId: meeting.previousMeetingId,
      asOf: q.asOf ?? null,
      today: today(),
      groupBy: "recommendation",
      rowFilter: rowFilterFor(c),
    });
    const previousMeetingId = meeting.previousMeetingId;
    return csvOrJson(
      c,
      q,
      () => ({ filename: `${previousMeetingId}-implementation.csv`, columns: RECOMMENDATION_COLUMNS, rows: report.rows }),
      () => c.json({ meetingId, previousMeetingId, asOf: q.asOf ?? null, totals: report.totals, recommendations: report.rows }, 200),
    );
  })
  .openapi(indicators, async (c) => {
    const p = authorize(c, "indicators:read");
    const q = c.req.valid("query");
    const report = await indicatorReport(c.get("db"), {
      indicatorCode: q.indicatorCode ?? null,
      period: q.period ?? null,
      year: q.year ?? null,
      indicators: indicatorFilter(p),
      values: valueFilter(p),
      aggregates: aggregateFilter(p),
    });
    // one entry per indicator and period, the administrations' rows under their regional figure
    const groups = new Map<string, z.infer<typeof IndicatorReport>["indicators"][number]>();
    const group = (code: string, period: string) => {
      const k = `${code}/${period}`;
      let g = groups.get(k);
      if (!g) {
        g = { code, period, aggregation: null, direction: null, regional: null, administrations: [] };
        groups.set(k, g);
      }
      return g;
    };
    for (const r of report.regional) {
      const g = group(r.code, r.period);
      g.aggregation = r.aggregation;
      g.direction = r.direction;
      g.regional = { reported: r.reported, value: r.value, target: r.target, attainment: r.attainment, rag: r.rag };
    }
    for (const r of report.administrations) {
      group(r.code, r.period).administrations.push({
        actorId: r.actorId,
        value: r.value,
        target: r.target,
        attainment: r.attainment,
        rag: r.rag,
      });
    }
    const items = [...groups.values()].sort((a, b) => a.code.localeCompare(b.code) || a.period.localeCompare(b.period));
    type Line = { code: string; period: string; actorId: string; value: number | null; target: number | null; attainment: number | null; rag: string | null; reported: number | null };
    const columns: CsvColumn<Line>[] = [
      { header: "indicatorCode", value: (l) => l.code },
      { header: "period", value: (l) => l.period },
      { header: "actorId", value: (l) => l.actorId },
      { header: "value", value: (l) => l.value },
      { header: "target", value: (l) => l.target },
      { header: "attainment", value: (l) => l.attainment },
      { header: "rag", value: (l) => l.rag },
      { header: "reported", value: (l) => l.reported },
    ];
    // CSV: one line per administration, then the regional line of each indicator and period
    const lines = (): Line[] =>
      items.flatMap((g) => [
        ...g.administrations.map((a) => ({ code: g.code, period: g.period, reported: null, ...a })),
        ...(g.regional ? [{ code: g.code, period: g.period, actorId: "REGION", ...g.regional }] : []),
      ]);
    return csvOrJson(
      c,
      q,
      () => ({ filename: "indicators.csv", columns, rows: lines() }),
      () => c.json({ indicators: items }, 200),
    );
  })
  .openapi(completeness, async (c) => {
    const p = authorize(c, "reports:read");
    const q = c.req.valid("query");
    const info = periodInfo(q.period);
    if (!info) throw Errors.invalid({ field: "period" });
    const end = new Date(`${info.end}T00:00:00Z`);
    const deadline = new Date(end.getTime() + q.days * 86_400_000).toISOString().slice(0, 10);
    const report = await completenessReport(c.get("db"), {
      period: q.period,
      periodType: info.type,
      start: info.start,
      end: info.end,
      deadline,
      indicatorCode: q.indicatorCode ?? null,
      indicators: indicatorFilter(p),
      rowFilter: rowFilterFor(c),
    });
    type Line = (typeof report.administrations)[number];
    const columns: CsvColumn<Line>[] = [
      { header: "actorId", value: (l) => l.actorId },
      { header: "nameFr", value: (l) => l.nameFr },
      { header: "nameEn", value: (l) => l.nameEn },
      { header: "expected", value: (l) => l.expected },
      { header: "reported", value: (l) => l.reported },
      { header: "withValue", value: (l) => l.withValue },
      { header: "onTime", value: (l) => l.onTime },
      { header: "reportingRate", value: (l) => l.reportingRate },
      { header: "timelinessRate", value: (l) => l.timelinessRate },
      { header: "missing", value: (l) => l.missing.join(" ") },
      { header: "late", value: (l) => l.late.join(" ") },
    ];
    return csvOrJson(
      c,
      q,
      () => ({ filename: `completeness-${q.period}.csv`, columns, rows: report.administrations }),
      () => c.json({ period: q.period, start: info.start, end: info.end, deadline, days: q.days, ...report }, 200),
    );
  })
  .openapi(stale, async (c) => {
    const p = authorize(c, "reports:read");
    const q = c.req.valid("query");
    const rows = await staleFollowUps(c.get("db"), {
      since: q.since,
      now: new Date().toISOString(),
      meetingId: q.meetingId ?? null,
      includeClosed: q.includeClosed === "true",
      visible: followUpFilter(p),
    });
    type Line = (typeof rows)[number];
    const keys: (keyof Line)[] = [
      "recommendationId",
      "actorId",
      "meetingId",
      "status",
      "reviewState",
      "updatedOn",
      "updatedAt",
      "updatedBy",
      "daysSinceUpdate",
    ];
    return csvOrJson(
      c,
      q,
      () => ({ filename: "stale-follow-ups.csv", columns: keys.map((k) => ({ header: k, value: (l: Line) => l[k] })), rows }),
      () => c.json({ since: q.since, followUps: rows }, 200),
    );
  });
