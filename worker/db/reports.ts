import type { Filter } from "../auth/policy";
import type { Db, Param } from "./client";
import { sql } from "./client";
import { FOLLOW_UPS_AS_OF, asOfCutoff } from "./history";

/**
 * Reports, computed by SQLite: each is a fixed number of statements (one batch), whatever the number of
 * administrations, recommendations or values. Row filters come from the policy, so that an administration
 * gets its own rows and regional aggregates only.
 */

// Recommendation implementation -----------------------------------------------------------------------------

export interface StatusCounts {
  total: number;
  notStarted: number;
  inProgress: number;
  implemented: number;
  notApplicable: number;
  /** implemented and accepted by the BRRC on evidence */
  accepted: number;
  pendingReview: number;
  overdue: number;
  /** implemented / (total − not applicable); null when nothing applies */
  implementationRate: number | null;
  acceptedRate: number | null;
}

const COUNTS = `count(fu.status) AS total,
  coalesce(sum(fu.status = 'not-started'), 0) AS notStarted,
  coalesce(sum(fu.status = 'in-progress'), 0) AS inProgress,
  coalesce(sum(fu.status = 'implemented'), 0) AS implemented,
  coalesce(sum(fu.status = 'not-applicable'), 0) AS notApplicable,
  coalesce(sum(fu.status = 'implemented' AND fu.review_state = 'accepted'), 0) AS accepted,
  coalesce(sum(fu.status = 'implemented' AND fu.review_state = 'pending'), 0) AS pendingReview,
  coalesce(sum(fu.status IN ('not-started', 'in-progress') AND fu.due_date < :today), 0) AS overdue,
  round(1.0 * sum(fu.status = 'implemented') / nullif(count(fu.status) - sum(fu.status = 'not-applicable'), 0), 4)
    AS implementationRate,
  round(1.0 * sum(fu.status = 'implemented' AND fu.review_state = 'accepted')
    / nullif(count(fu.status) - sum(fu.status = 'not-applicable'), 0), 4) AS acceptedRate`;

/**
 * The follow-ups a recommendation report counts, now or as they stood at `asOf` (from the history): with
 * their due date (the follow-up's, else the recommendation's) and the kind of actor that reports.
 */
function followUpsInScope(asOf: string | null): string {
  const source = asOf
    ? `(SELECT s.recommendation_id, s.actor_id, s.status, s.due_date, s.review_state FROM (${FOLLOW_UPS_AS_OF.replace(
        "<= ?",
        "<= :cutoff",
      )}) s)`
    : "(SELECT recommendation_id, actor_id, status, due_date, review_state FROM follow_ups)";
  return `fu AS (
    SELECT f.recommendation_id, f.actor_id, f.status, f.review_state, coalesce(f.due_date, r.due_date) AS due_date,
      a.kind AS actor_kind
    FROM ${source} f
    JOIN recommendations r ON r.id = f.recommendation_id
    JOIN actors a ON a.id = f.actor_id
    WHERE (:meeting IS NULL OR r.meeting_id = :meeting))`;
}

/** Named parameters (":name") to positional ones, for D1. */
function named(text: string, values: Record<string, Param>, extra: Param[] = []): { sql: string; params: Param[] } {
  const params: Param[] = [];
  const out = text.replace(/:([a-z]+)\b/g, (_m, name: string) => {
    if (!(name in values)) throw new Error(`missing SQL parameter ${name}`);
    params.push(values[name] ?? null);
    return "?";
  });
  return { sql: out, params: [...params, ...extra] };
}

/** Inserts a policy filter (whose own "?" come first in its params) into named SQL. */
function withFilter(text: string, values: Record<string, Param>, marker: string, filter: Filter) {
  const [head, tail] = text.split(marker) as [string, string];
  const a = named(head, values);
  const b = named(tail, values);
  return sql(`${a.sql}${filter.sql}${b.sql}`, ...a.params, ...filter.params, ...b.params);
}

export type RecommendationGrouping = "recommendation" | "addressee" | "administration";

export interface RecommendationReportArgs {
  meetingId: string | null;
  asOf: string | null;
  today: string;
  groupBy: RecommendationGrouping;
  /** rows keyed by an administration: only these (policy) */
  rowFilter: (column: string) => Filter;
}

export interface RecommendationRow extends StatusCounts {
  key: string;
  kind: string | null;
  number: string | null;
  meetingId: string | null;
  textFr: string | null;
  nameFr: string | null;
  nameEn: string | null;
}

export async function recommendationReport(
  db: Db,
  a: RecommendationReportArgs,
): Promise<{ totals: StatusCounts; rows: RecommendationRow[] }> {
  const values: Record<string, Param> = {
    meeting: a.meetingId,
    cutoff: a.asOf ? asOfCutoff(a.asOf) : null,
    today: a.asOf ?? a.today,
  };
  const cte = `WITH ${followUpsInScope(a.asOf)}`;
  let rows;
  if (a.groupBy === "recommendation") {
    rows = named(
      `${cte}
       SELECT r.id AS key, r.kind AS kind, r.number AS number, r.meeting_id AS meetingId, r.text_fr AS textFr,
         NULL AS nameFr, NULL AS nameEn, ${COUNTS}
       FROM recommendations r LEFT JOIN fu ON fu.recommendation_id = r.id
       WHERE (:meeting IS NULL OR r.meeting_id = :meeting)
       GROUP BY r.id ORDER BY r.meeting_id, r.id`,
      values,
    );
  } else if (a.groupBy === "administration") {
    rows = withFilter(
      `${cte}
       SELECT ad.id AS key, ad.kind AS kind, NULL AS number, NULL AS meetingId, NULL AS textFr, ad.name_fr AS nameFr,
         ad.name_en AS nameEn, ${COUNTS}
       FROM actors ad JOIN fu ON fu.actor_id = ad.id
       WHERE ad.kind = 'administration' AND /*FILTER*/
       GROUP BY ad.id ORDER BY ad.id`,
      values,
      "/*FILTER*/",
      a.rowFilter("ad.id"),
    );
  } else {
    // An addressee is an actor or a group: a group counts the follow-ups of its members ("*": every administration).
    rows = withFilter(
      `${cte}
       SELECT ad.id AS key, ad.kind AS kind, NULL AS number, NULL AS meetingId, NULL AS textFr, ad.name_fr AS nameFr,
         ad.name_en AS nameEn, ${COUNTS}
       FROM (SELECT DISTINCT ra.actor_id FROM recommendation_addressees ra JOIN recommendations r ON r.id = ra.recommendation_id
             WHERE (:meeting IS NULL OR r.meeting_id = :meeting)) x
       JOIN actors ad ON ad.id = x.actor_id
       LEFT JOIN recommendation_addressees ra2 ON ra2.actor_id = ad.id
       LEFT JOIN fu ON fu.recommendation_id = ra2.recommendation_id AND (fu.actor_id = ad.id OR (ad.kind = 'group' AND EXISTS
         (SELECT 1 FROM json_each(ad.members) m WHERE m.value = fu.actor_id OR (m.value = '*' AND fu.actor_kind = 'administration'))))
       WHERE (ad.kind <> 'administration' OR /*FILTER*/)
       GROUP BY ad.id ORDER BY ad.kind, ad.id`,
      values,
      "/*FILTER*/",
      a.rowFilter("ad.id"),
    );
  }
  const totals = named(`${cte} SELECT ${COUNTS} FROM fu`, values);
  const [r1, r2] = await db.batch([rows, totals]);
  return {
    rows: (r1?.results ?? []) as unknown as RecommendationRow[],
    totals: (r2?.results[0] ?? {}) as unknown as StatusCounts,
  };
}

// Indicators ----------------------------------------------------------------------------------------------

/** Attainment: value / target, inverted when lower is better; none for neutral indicators or zero divisors. */
function attainment(value: string, target: string, direction: string): string {
  return `CASE WHEN ${value} IS NULL OR ${target} IS NULL THEN NULL
    WHEN ${direction} = 'higher-is-better' THEN CASE WHEN ${target} = 0 THEN NULL ELSE round(${value} / ${target}, 4) END
    WHEN ${direction} = 'lower-is-better' THEN CASE WHEN ${value} = 0 THEN NULL ELSE round(${target} / ${value}, 4) END
    ELSE NULL END`;
}

function rag(att: string, green: string, amber: string): string {
  return `CASE WHEN ${att} IS NULL THEN NULL WHEN ${att} >= ${green} THEN 'green' WHEN ${att} >= ${amber} THEN 'amber' ELSE 'red' END`;
}

export interface IndicatorReportArgs {
  indicatorCode: string | null;
  period: string | null;
  year: string | null;
  /** catalogue rows the caller may see */
  indicators: Filter;
  /** administrations' values the caller may see (aliases v, i) */
  values: Filter;
  /** indicators whose regional aggregates the caller may see (alias i) */
  aggregates: Filter;
}

export interface AdministrationValueRow {
  code: string;
  period: string;
  actorId: string;
  value: number | null;
  target: number | null;
  attainment: number | null;
  rag: "green" | "amber" | "red" | null;
}

export interface RegionalRow {
  code: string;
  period: string;
  aggregation: string;
  direction: string;
  /** administrations with a value */
  reported: number;
  value: number | null;
  target: number | null;
  attainment: number | null;
  rag: "green" | "amber" | "red" | null;
}

/**
 * The values a report reads: the stored ones, and those of computed indicators, evaluated here as DHIS2 does
 * (and as shared/indicators/compute.ts does for the pane): sum(numerator) / sum(denominator) × factor, no value
 * when an operand is missing or the denominator is 0. Operands are stored indicators. Targets: the record's
 * own, else the catalogue's for that administration, else the catalogue's for every administration.
 */
const VALUES_CTE = `ops AS (
    SELECT f.code, 'n' AS part, n.value AS operand FROM indicators f, json_each(f.definition, '$.formula.numerator') n
      WHERE f.computed = 1
    UNION ALL
    SELECT f.code, 'd', d.value FROM indicators f, json_each(f.definition, '$.formula.denominator') d
      WHERE f.computed = 1),
  cv AS (
    SELECT ops.code, o.period, o.actor_id,
      sum(CASE WHEN ops.part = 'n' THEN o.value END) AS num,
      count(CASE WHEN ops.part = 'n' AND o.value IS NOT NULL THEN 1 END) AS num_n,
      sum(CASE WHEN ops.part = 'd' THEN o.value END) AS den,
      count(CASE WHEN ops.part = 'd' AND o.value IS NOT NULL THEN 1 END) AS den_n
    FROM ops JOIN indicator_values o ON o.indicator_code = ops.operand
    GROUP BY ops.code, o.period, o.actor_id),
  raw AS (
    SELECT indicator_code AS code, period, actor_id, value, target FROM indicator_values
    UNION ALL
    SELECT cv.code, cv.period, cv.actor_id,
      CASE WHEN cv.num_n = json_array_length(f.definition, '$.formula.numerator')
             AND cv.den_n = json_array_length(f.definition, '$.formula.denominator')
             AND (cv.den_n = 0 OR cv.den <> 0)
        THEN cv.num / (CASE WHEN cv.den_n = 0 THEN 1.0 ELSE cv.den END)
             * coalesce(json_extract(f.definition, '$.formula.factor'), 1) END,
      NULL
    FROM cv JOIN indicators f ON f.code = cv.code),
  vals AS (
  SELECT v.code, v.period, v.actor_id, v.value, coalesce(v.target, ta.value, tg.value) AS target
  FROM indicators i JOIN raw v ON v.code = i.code
  LEFT JOIN indicator_targets ta ON ta.code = v.code AND ta.period = v.period AND ta.actor_id = v.actor_id
  LEFT JOIN indicator_targets tg ON tg.code = v.code AND tg.period = v.period AND tg.actor_id = ''
  WHERE (:code IS NULL OR i.code = :code) AND (:period IS NULL OR v.period = :period)
    AND (:year IS NULL OR substr(v.period, 1, 4) = :year) AND /*VISIBLE*/)`;

export async function indicatorReport(
  db: Db,
  a: IndicatorReportArgs,
): Promise<{ administrations: AdministrationValueRow[]; regional: RegionalRow[] }> {
  const values = { code: a.indicatorCode, period: a.period, year: a.year };
  const perAdministration = withFilter(
    `WITH ${VALUES_CTE.replace("/*VISIBLE*/", "/*V*/")}
     SELECT x.code, x.period, x.actorId, x.value, x.target, x.attainment, ${rag("x.attainment", "x.green", "x.amber")} AS rag
     FROM (SELECT vals.code, vals.period, vals.actor_id AS actorId, vals.value, vals.target, i.green, i.amber,
             ${attainment("vals.value", "vals.target", "i.direction")} AS attainment
           FROM vals JOIN indicators i ON i.code = vals.code) x
     ORDER BY x.code, x.period, x.actorId`,
    values,
    "/*V*/",
    { sql: `${a.values.sql} AND ${a.indicators.sql}`, params: [...a.values.params, ...a.indicators.params] },
  );
  const regional = withFilter(
    `WITH ${VALUES_CTE.replace("/*VISIBLE*/", "/*A*/")},
     inc AS (
       SELECT vals.code, vals.period, vals.value, vals.target, w.value AS weight
       FROM vals JOIN indicators i ON i.code = vals.code
       LEFT JOIN indicator_values w ON w.indicator_code = i.weight_code AND w.period = vals.period AND w.actor_id = vals.actor_id
       WHERE vals.value IS NOT NULL),
     mv AS (SELECT code, period, avg(value) AS median FROM (
              SELECT code, period, value, row_number() OVER (PARTITION BY code, period ORDER BY value) AS rn,
                count(*) OVER (PARTITION BY code, period) AS cnt FROM inc)
            WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2) GROUP BY code, period),
     mt AS (SELECT code, period, avg(target) AS median FROM (
              SELECT code, period, target, row_number() OVER (PARTITION BY code, period ORDER BY target) AS rn,
                count(*) OVER (PARTITION BY code, period) AS cnt FROM inc WHERE target IS NOT NULL)
            WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2) GROUP BY code, period),
     g AS (
       SELECT code, period, count(*) AS n, count(target) AS nt, sum(value) AS s, avg(value) AS m,
         sum(value * weight) / nullif(sum(CASE WHEN weight IS NOT NULL THEN weight END), 0) AS wm,
         sum(target) AS st, avg(target) AS mtg,
         sum(target * weight) / nullif(sum(CASE WHEN weight IS NOT NULL AND target IS NOT NULL THEN weight END), 0) AS wmt
       FROM inc GROUP BY code, period),
     agg AS (
       SELECT g.code, g.period, i.aggregation, i.direction, i.green, i.amber, g.n AS reported,
         CASE i.aggregation WHEN 'sum' THEN g.s WHEN 'mean' THEN g.m WHEN 'weighted-mean' THEN g.wm
           WHEN 'median' THEN mv.median END AS value,
         CASE WHEN g.nt = g.n THEN CASE i.aggregation WHEN 'sum' THEN g.st WHEN 'mean' THEN g.mtg
           WHEN 'weighted-mean' THEN g.wmt WHEN 'median' THEN mt.median END END AS target
       FROM g JOIN indicators i ON i.code = g.code
       LEFT JOIN mv ON mv.code = g.code AND mv.period = g.period
       LEFT JOIN mt ON mt.code = g.code AND mt.period = g.period)
     SELECT y.code, y.period, y.aggregation, y.direction, y.reported, y.value, y.target, y.attainment,
       ${rag("y.attainment", "y.green", "y.amber")} AS rag
     FROM (SELECT agg.*, ${attainment("round(agg.value, 6)", "round(agg.target, 6)", "agg.direction")} AS attainment FROM agg) y
     ORDER BY y.code, y.period`,
    values,
    "/*A*/",
    { sql: `${a.aggregates.sql} AND ${a.indicators.sql}`, params: [...a.aggregates.params, ...a.indicators.params] },
  );
  const [r1, r2] = await db.batch([perAdministration, regional]);
  return {
    administrations: (r1?.results ?? []) as unknown as AdministrationValueRow[],
    regional: ((r2?.results ?? []) as unknown as RegionalRow[]).map((r) => ({
      ...r,
      value: r.value === null ? null : Math.round(r.value * 1e6) / 1e6,
      target: r.target === null ? null : Math.round(r.target * 1e6) / 1e6,
    })),
  };
}

// Completeness and timeliness ------------------------------------------------------------------------------

export interface CompletenessArgs {
  period: string;
  periodType: string;
  start: string;
  end: string;
  /** last day a report counts as on time */
  deadline: string;
  indicatorCode: string | null;
  indicators: Filter;
  rowFilter: (column: string) => Filter;
}

export interface CompletenessCounts {
  expected: number;
  reported: number;
  withValue: number;
  onTime: number;
  reportingRate: number | null;
  timelinessRate: number | null;
}

export interface CompletenessAdministration extends CompletenessCounts {
  actorId: string;
  nameFr: string;
  nameEn: string;
  missing: string[];
  late: string[];
}

export interface CompletenessIndicator extends CompletenessCounts {
  code: string;
}

/**
 * Who reported which indicators for a period, as DHIS2 counts reporting rates: expected = member
 * administrations at the period × published indicators of that periodicity; reported = a value was
 * received (even one declared missing); on time = first received by the deadline.
 */
export async function completenessReport(
  db: Db,
  a: CompletenessArgs,
): Promise<{ totals: CompletenessCounts; administrations: CompletenessAdministration[]; indicators: CompletenessIndicator[] }> {
  const values = {
    period: a.period,
    ptype: a.periodType,
    start: a.start,
    end: a.end,
    deadline: `${a.deadline}T23:59:59.999Z`,
    code: a.indicatorCode,
  };
  const cells = `WITH
    adm AS (SELECT a.id, a.name_fr, a.name_en FROM actors a
            WHERE a.kind = 'administration' AND EXISTS (SELECT 1 FROM memberships m WHERE m.actor_id = a.id
              AND m.from_date <= :end AND (m.to_date IS NULL OR m.to_date >= :start))),
    ind AS (SELECT i.code FROM indicators i WHERE i.status = 'published' AND i.computed = 0 AND i.periodicity = :ptype
            AND (:code IS NULL OR i.code = :code) AND /*I*/),
    cell AS (SELECT adm.id AS actor_id, adm.name_fr, adm.name_en, ind.code,
               v.received_at IS NOT NULL AS reported, v.value IS NOT NULL AS with_value,
               coalesce(v.received_at <= :deadline, 0) AS on_time
             FROM adm CROSS JOIN ind
             LEFT JOIN indicator_values v ON v.indicator_code = ind.code AND v.period = :period AND v.actor_id = adm.id)`;
  const counts = `count(*) AS expected, coalesce(sum(reported), 0) AS reported, coalesce(sum(with_value), 0) AS withValue,
    coalesce(sum(on_time), 0) AS onTime, round(1.0 * sum(reported) / nullif(count(*), 0), 4) AS reportingRate,
    round(1.0 * sum(on_time) / nullif(count(*), 0), 4) AS timelinessRate`;
  const build = (text: string, rowFilter?: Filter) => {
    const [beforeI, afterI] = text.split("/*I*/") as [string, string];
    const [mid, tail] = rowFilter ? (afterI.split("/*R*/") as [string, string]) : [afterI, ""];
    const p1 = named(beforeI, values);
    const p2 = named(mid, values);
    const p3 = named(tail, values);
    return sql(
      `${p1.sql}${a.indicators.sql}${p2.sql}${rowFilter ? rowFilter.sql : ""}${p3.sql}`,
      ...p1.params,
      ...a.indicators.params,
      ...p2.params,
      ...(rowFilter ? rowFilter.params : []),
      ...p3.params,
    );
  };
  const [r1, r2, r3] = await db.batch([
    build(
      `${cells}
       SELECT actor_id AS actorId, name_fr AS nameFr, name_en AS nameEn, ${counts},
         (SELECT json_group_array(code) FROM (SELECT c2.code FROM cell c2 WHERE c2.actor_id = cell.actor_id AND NOT c2.reported
            ORDER BY c2.code)) AS missing,
         (SELECT json_group_array(code) FROM (SELECT c3.code FROM cell c3 WHERE c3.actor_id = cell.actor_id AND c3.reported
            AND NOT c3.on_time ORDER BY c3.code)) AS late
       FROM cell WHERE /*R*/ GROUP BY actor_id ORDER BY actor_id`,
      a.rowFilter("actor_id"),
    ),
    build(`${cells} SELECT code, ${counts} FROM cell GROUP BY code ORDER BY code`),
    build(`${cells} SELECT ${counts} FROM cell`),
  ]);
  return {
    administrations: ((r1?.results ?? []) as unknown as (CompletenessAdministration & { missing: string; late: string })[]).map(
      (r) => ({ ...r, missing: JSON.parse(r.missing) as string[], late: JSON.parse(r.late) as string[] }),
    ),
    indicators: (r2?.results ?? []) as unknown as CompletenessIndicator[],
    totals: (r3?.results[0] ?? {}) as unknown as CompletenessCounts,
  };
}

// Follow-ups not updated since a date -----------------------------------------------------------------------

export interface StaleRow {
  recommendationId: string;
  actorId: string;
  meetingId: string;
  status: string;
  reviewState: string;
  updatedOn: string | null;
  updatedAt: string;
  updatedBy: string;
  daysSinceUpdate: number;
}

/**
 * Follow-ups whose last change on the server is before `since` (closed ones, i.e. not applicable or
 * implemented and accepted, only on request).
 */
export async function staleFollowUps(
  db: Db,
  a: { since: string; now: string; meetingId: string | null; includeClosed: boolean; visible: Filter },
): Promise<StaleRow[]> {
  const rows = await db.all<StaleRow>(
    sql(
      `SELECT f.recommendation_id AS recommendationId, f.actor_id AS actorId, r.meeting_id AS meetingId, f.status,
         f.review_state AS reviewState, f.updated_on AS updatedOn, f.updated_at AS updatedAt, f.updated_by AS updatedBy,
         CAST(julianday(?) - julianday(f.updated_at) AS INTEGER) AS daysSinceUpdate
       FROM follow_ups f JOIN recommendations r ON r.id = f.recommendation_id
       WHERE f.updated_at < ? AND (? IS NULL OR r.meeting_id = ?)
         AND (? = 1 OR NOT (f.status = 'not-applicable' OR (f.status = 'implemented' AND f.review_state = 'accepted')))
         AND ${a.visible.sql}
       ORDER BY f.updated_at, f.recommendation_id, f.actor_id`,
      a.now,
      a.since,
      a.meetingId,
      a.meetingId,
      a.includeClosed ? 1 : 0,
      ...a.visible.params,
    ),
  );
  return rows;
}
