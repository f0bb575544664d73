import { periodInfo } from "../../shared/model/period";
import { ApiFailure, callApi, type ApiClient, type CallOptions, type OkBody } from "../sync/api";

/** The report payloads, typed from the API's routes (worker/routes/reports.ts) through the typed client. */
type Reports = ApiClient["v1"]["reports"];
/** The JSON variant of a report's 200 answer (the route also answers CSV, never asked for here). */
type Json<F extends (...args: never[]) => unknown> = Exclude<OkBody<Awaited<ReturnType<F>>>, string>;
export type RecommendationReport = Json<Reports["recommendations"]["$get"]>;
export type PreviousMeetingReport = Json<Reports["meetings"][":meetingId"]["previous"]["$get"]>;
export type IndicatorReport = Json<Reports["indicators"]["$get"]>;
export type CompletenessReport = Json<Reports["completeness"]["$get"]>;

export interface RecommendationReports {
  meetingId: string | null;
  asOf: string | null;
  byRecommendation: RecommendationReport;
  byAddressee: RecommendationReport;
  byAdministration: RecommendationReport;
  /** The previous meeting's recommendations (null when the meeting has none, or no meeting was chosen). */
  previous: PreviousMeetingReport | null;
  fetchedAt: string;
}

export interface IndicatorReports {
  year: string;
  indicators: IndicatorReport;
  completeness: CompletenessReport | null;
  fetchedAt: string;
}

/** The reports behind the recommendations dashboard: three groupings, and the previous meeting's state. */
export async function fetchRecommendationReports(
  client: ApiClient,
  filter: { meetingId?: string; asOf?: string },
  options: CallOptions & { now?: () => Date } = {},
): Promise<RecommendationReports> {
  const query = (groupBy: "recommendation" | "addressee" | "administration") => ({
    groupBy,
    ...(filter.meetingId ? { meetingId: filter.meetingId } : {}),
    ...(filter.asOf ? { asOf: filter.asOf } : {}),
  });
  const get = async (groupBy: "recommendation" | "addressee" | "administration") =>
    (await callApi((init) => client.v1.reports.recommendations.$get({ query: query(groupBy) }, { init }), options)) as RecommendationReport;
  const [byRecommendation, byAddressee, byAdministration] = await Promise.all([get("recommendation"), get("addressee"), get("administration")]);
  let previous: PreviousMeetingReport | null = null;
  if (filter.meetingId) {
    try {
      previous = (await callApi(
        (init) =>
          client.v1.reports.meetings[":meetingId"].previous.$get(
            { param: { meetingId: filter.meetingId! }, query: filter.asOf ? { asOf: filter.asOf } : {} },
            { init },
          ),
        options,
      )) as PreviousMeetingReport;
    } catch (error) {
      // No previous meeting: the section is left out, the rest of the dashboard stands.
      if (!(error instanceof ApiFailure && error.status === 404)) throw error;
    }
  }
  return {
    meetingId: filter.meetingId ?? null,
    asOf: filter.asOf ?? null,
    byRecommendation,
    byAddressee,
    byAdministration,
    previous,
    fetchedAt: (options.now?.() ?? new Date()).toISOString(),
  };
}

/** The most recent period of a report (by its end date), for completeness when none is chosen. */
export function latestPeriod(report: IndicatorReport): string | null {
  let best: { id: string; end: string } | null = null;
  for (const item of report.indicators) {
    const info = periodInfo(item.period);
    if (info && (!best || info.end > best.end || (info.end === best.end && item.period < best.id))) best = { id: item.period, end: info.end };
  }
  return best?.id ?? null;
}

/** The reports behind the indicators dashboard: a year's values and aggregates, and who reported a period. */
export async function fetchIndicatorReports(
  client: ApiClient,
  filter: { year: string; period?: string; days?: number },
  options: CallOptions & { now?: () => Date } = {},
): Promise<IndicatorReports> {
  const indicators = (await callApi((init) => client.v1.reports.indicators.$get({ query: { year: filter.year } }, { init }), options)) as IndicatorReport;
  const period = filter.period ?? latestPeriod(indicators);
  const completeness = period
    ? ((await callApi(
        (init) =>
          client.v1.reports.completeness.$get({ query: { period, ...(filter.days !== undefined ? { days: String(filter.days) } : {}) } }, { init }),
        options,
      )) as CompletenessReport)
    : null;
  return { year: filter.year, indicators, completeness, fetchedAt: (options.now?.() ?? new Date()).toISOString() };
}
