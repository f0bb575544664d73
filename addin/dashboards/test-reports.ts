import type { CompletenessReport, IndicatorReport, IndicatorReports, PreviousMeetingReport, RecommendationReport, RecommendationReports } from "./fetch";

/**
 * Test support: report payloads shaped as the API answers them (worker/routes/reports.ts), with figures
 * chosen so that tests can compute what a dashboard must show by hand, and sizes up to 50,000 rows.
 */

type Counts = RecommendationReport["totals"];

export function counts(notStarted: number, inProgress: number, implemented: number, notApplicable: number, extra: Partial<Counts> = {}): Counts {
  const total = notStarted + inProgress + implemented + notApplicable;
  const applicable = total - notApplicable;
  return {
    total,
    notStarted,
    inProgress,
    implemented,
    notApplicable,
    accepted: 0,
    pendingReview: implemented,
    overdue: 0,
    implementationRate: applicable > 0 ? Number((implemented / applicable).toFixed(4)) : null,
    acceptedRate: applicable > 0 ? 0 : null,
    ...extra,
  };
}

const row = (key: string, c: Counts, extra: Partial<RecommendationReport["rows"][number]> = {}): RecommendationReport["rows"][number] => ({
  key,
  kind: null,
  number: null,
  meetingId: null,
  textFr: null,
  nameFr: null,
  nameEn: null,
  ...c,
  ...extra,
});

/** `n` recommendations of PC11; every third one has overdue follow-ups (as many as its number mod 5, at least 1). */
export function recommendationReports(n: number, options: { previous?: boolean; asOf?: string } = {}): RecommendationReports {
  const rows = Array.from({ length: n }, (_, i) => {
    const overdue = i % 3 === 0 ? 1 + (i % 5) : 0;
    return row(`PC11-R${String(i + 1).padStart(5, "0")}`, counts(1 + (i % 2), 2, i % 4, 0, { overdue }), {
      kind: "recommendation",
      number: String(i + 1),
      meetingId: "PC11",
      textFr: `Renforcer la coopération douanière, mesure ${i + 1}`,
    });
  });
  const totals = counts(3, 5, 10, 2, { overdue: 4, accepted: 6, acceptedRate: 0.3333 });
  const actors = (kind: "administration" | "group", n2: number) =>
    Array.from({ length: n2 }, (_, i) =>
      row(kind === "administration" ? `A${i}` : `G${i}`, counts(i % 3, 1, 2 + (i % 2), 0, { overdue: i % 2 }), { kind, nameFr: `Administration ${i} (fr)`, nameEn: `Administration ${i} (en)` }),
    );
  const previous: PreviousMeetingReport = {
    meetingId: "PC11",
    previousMeetingId: "PC10",
    asOf: options.asOf ?? null,
    totals: counts(1, 2, 3, 0),
    recommendations: [row("PC10-R01", counts(1, 0, 1, 0), { textFr: "Mesure ancienne 1", meetingId: "PC10" }), row("PC10-R02", counts(0, 2, 2, 0), { textFr: "Mesure ancienne 2", meetingId: "PC10" })],
  };
  const report = (groupBy: "recommendation" | "addressee" | "administration", r: RecommendationReport["rows"]): RecommendationReport => ({
    meetingId: "PC11",
    asOf: options.asOf ?? null,
    groupBy,
    totals,
    rows: r,
  });
  return {
    meetingId: "PC11",
    asOf: options.asOf ?? null,
    byRecommendation: report("recommendation", rows),
    byAddressee: report("addressee", actors("group", Math.min(n, 30))),
    byAdministration: report("administration", actors("administration", Math.min(n, 24))),
    previous: options.previous === false ? null : previous,
    fetchedAt: "2024-05-02T10:00:00.000Z",
  };
}

const RAGS = ["green", "amber", "red", null] as const;

/**
 * `codes` indicators, each with `periods` quarters from 2021Q1 (listed out of order, as a report may be),
 * values for `actors` administrations; the regional value of quarter q is 10 × (q + 1).
 */
export function indicatorReport(codes: number, periods: number, actors: number): IndicatorReport {
  const items: IndicatorReport["indicators"] = [];
  for (let c = 0; c < codes; c++) {
    for (let q = periods - 1; q >= 0; q--) {
      const period = `${2021 + Math.floor(q / 4)}Q${(q % 4) + 1}`;
      items.push({
        code: `IND-${String(c).padStart(3, "0")}`,
        period,
        aggregation: "mean",
        direction: "higher-is-better",
        regional: { reported: actors, value: 10 * (q + 1), target: 40, attainment: (10 * (q + 1)) / 40, rag: RAGS[q % 3] ?? null },
        administrations: Array.from({ length: actors }, (_, a) => ({
          actorId: `A${String(a).padStart(2, "0")}`,
          value: a + q,
          target: 10,
          attainment: (a + q) / 10,
          rag: RAGS[(a + c) % 4] ?? null,
        })),
      });
    }
  }
  return { indicators: items };
}

export function completenessReport(period: string, actors: number): CompletenessReport {
  const admin = (a: number) => ({
    actorId: `A${String(a).padStart(2, "0")}`,
    nameFr: `Administration ${a} (fr)`,
    nameEn: `Administration ${a} (en)`,
    expected: 4,
    reported: a % 5,
    withValue: a % 5,
    onTime: Math.max(0, (a % 5) - 1),
    reportingRate: Math.min(1, (a % 5) / 4),
    timelinessRate: Math.min(1, Math.max(0, (a % 5) - 1) / 4),
    missing: a % 5 < 4 ? ["IND-000"] : [],
    late: a % 5 > 1 ? ["IND-001"] : [],
  });
  return {
    period,
    start: "2021-10-01",
    end: "2021-12-31",
    deadline: "2022-01-30",
    days: 30,
    totals: { expected: 4 * actors, reported: 0, withValue: 0, onTime: 0, reportingRate: null, timelinessRate: null },
    administrations: Array.from({ length: actors }, (_, a) => admin(a)),
    indicators: [],
  };
}

export function indicatorReports(codes: number, periods: number, actors: number, withCompleteness = true): IndicatorReports {
  return {
    year: "2021",
    indicators: indicatorReport(codes, periods, actors),
    completeness: withCompleteness ? completenessReport("2021Q4", actors) : null,
    fetchedAt: "2024-05-02T10:00:00.000Z",
  };
}
