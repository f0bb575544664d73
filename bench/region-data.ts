import { Indicator } from "../shared/model/indicator";
import { Meeting } from "../shared/model/meeting";
import type { ReferenceData } from "../shared/model/reference";
import { loadReferenceData } from "../shared/reference";

/**
 * The region at full size for the API benchmarks: the shipped reference data, its catalogue extended with
 * generated quarterly indicators up to 50 that take values, a later meeting that reviews the shipped one
 * (for the previous-meeting report), 23 administrations and 20 quarters.
 */
export const REGION_ADMINISTRATIONS = 23;
export const REGION_INDICATORS = 50;
export const REGION_PERIODS = 20;

export const PERIODS = Array.from({ length: REGION_PERIODS }, (_, q) => `${2020 + Math.floor(q / 4)}Q${(q % 4) + 1}`);

export interface Region {
  ref: ReferenceData;
  administrations: string[];
  /** Indicators that take values (computed ones are left out). */
  indicators: string[];
  recommendations: string[];
  meetingId: string;
  laterMeetingId: string;
}

export function benchRegion(): Region {
  const base = loadReferenceData();
  const entered = base.indicators.filter((i) => !i.formula && i.status === "published");
  const template = entered[0]!;
  const generated = Array.from({ length: REGION_INDICATORS - entered.length }, (_, i) =>
    Indicator.parse({
      ...template,
      code: `GEN-${String(i + 1).padStart(4, "0")}`,
      nameFr: `Indicateur généré numéro ${i + 1}`,
      nameEn: `Generated indicator number ${i + 1}`,
      synonyms: [],
      valueType: "count",
      aggregation: "sum",
      targets: [{ period: "2024Q4", value: 50 }],
      periodicity: "quarterly",
      disclosure: "regional",
      status: "published",
    }),
  );
  const first = base.meetings[0]!;
  const later = Meeting.parse({ ...first, id: "PC12", number: (first.number ?? 11) + 1, startDate: "2021-12-01", endDate: "2021-12-03", previousMeetingId: first.id });
  const ref: ReferenceData = { ...base, meetings: [...base.meetings, later], indicators: [...base.indicators, ...generated] };
  return {
    ref,
    administrations: base.actors.filter((a) => a.kind === "administration").slice(0, REGION_ADMINISTRATIONS).map((a) => a.id),
    indicators: [...entered, ...generated].map((i) => i.code),
    recommendations: base.recommendations.filter((r) => r.meetingId === first.id).map((r) => r.id),
    meetingId: first.id,
    laterMeetingId: later.id,
  };
}

/** Every value of these administrations: indicator × period, as a push carries them (new records). */
export function valueRecords(region: Region, administrations: readonly string[], seed = 0) {
  const out = [];
  for (const actorId of administrations) {
    for (const [c, indicatorCode] of region.indicators.entries()) {
      for (const [p, period] of PERIODS.entries()) {
        out.push({
          key: { indicatorCode, actorId, period },
          fields: { value: (c * 7 + p * 3 + actorId.charCodeAt(0) + seed) % 100, target: null, source: null, comment: null },
          baseVersion: null,
        });
      }
    }
  }
  return out;
}

const STATUSES = ["not-started", "in-progress", "implemented", "not-applicable"] as const;

export function followUpRecords(region: Region, administrations: readonly string[]) {
  return administrations.flatMap((actorId, a) =>
    region.recommendations.map((recommendationId, r) => ({
      key: { recommendationId, actorId },
      fields: {
        status: STATUSES[(a + r) % 4]!,
        progress: ((a + r) * 13) % 101,
        actions: `Atelier national n° ${r + 1}`,
        due: { type: "date" as const, date: "2021-12-31" },
        evidence: (a + r) % 4 === 2 ? "Rapport transmis" : null,
        comment: null,
        updatedOn: "2021-06-30",
      },
      baseVersion: null,
    })),
  );
}
