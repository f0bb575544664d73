import type { ReferenceData } from "../../shared/model/reference";
import { Actor } from "../../shared/model/actor";
import { Indicator } from "../../shared/model/indicator";
import type { IndicatorInput } from "../../shared/model/indicator";
import { Meeting } from "../../shared/model/meeting";
import { Recommendation } from "../../shared/model/recommendation";

/**
 * A small region for the tests, small enough to compute every report by hand: four administrations (GQ a
 * member only from 2022), two regional bodies, a group of every administration, two meetings (PC12 reviews
 * PC11), and indicators covering every aggregation, direction and disclosure.
 */
const indicator = (i: IndicatorInput) => Indicator.parse(i);

export const TEST_REFERENCE: ReferenceData = {
  actors: [
    { id: "CI", kind: "administration", nameFr: "Côte d'Ivoire", nameEn: "Côte d'Ivoire", membership: [{ from: "2000-01-01" }] },
    { id: "SN", kind: "administration", nameFr: "Sénégal", nameEn: "Senegal", membership: [{ from: "2000-01-01" }] },
    { id: "GM", kind: "administration", nameFr: "Gambie", nameEn: "The Gambia", membership: [{ from: "2000-01-01" }] },
    { id: "GQ", kind: "administration", nameFr: "Guinée équatoriale", nameEn: "Equatorial Guinea", membership: [{ from: "2022-01-01" }] },
    { id: "BRRC-AOC", kind: "regional-body", nameFr: "BRRC-AOC", nameEn: "ROCB-WCA", seat: "Abidjan" },
    { id: "WCO-SEC", kind: "regional-body", nameFr: "Secrétariat de l'OMD", nameEn: "WCO Secretariat" },
    { id: "ADMINISTRATIONS", kind: "group", nameFr: "Administrations membres", nameEn: "Member administrations", members: ["*"] },
  ].map((a) => Actor.parse(a)),
  meetings: [
    { id: "PC12", kind: "contact-points", number: 12, titleFr: "12e rencontre", titleEn: "12th meeting", startDate: "2021-12-01", endDate: "2021-12-03", previousMeetingId: "PC11" },
    { id: "PC11", kind: "contact-points", number: 11, titleFr: "11e rencontre", titleEn: "11th meeting", startDate: "2020-12-02", endDate: "2020-12-04" },
  ].map((m) => Meeting.parse(m)),
  recommendations: [
    { id: "PC11-R01", meetingId: "PC11", kind: "recommendation", number: "1", textFr: "Sensibiliser au leadership", addressees: ["WCO-SEC"], due: { type: "date", date: "2021-06-30" } },
    { id: "PC11-R02", meetingId: "PC11", kind: "recommendation", number: "2", textFr: "=Organiser un atelier", addressees: ["ADMINISTRATIONS"], due: { type: "date", date: "2021-12-31" } },
    { id: "PC11-R03", meetingId: "PC11", kind: "recommendation", number: "3", textFr: "Suivre les indicateurs", addressees: ["BRRC-AOC"], due: { type: "open", text: "Permanent" } },
    { id: "PC11-D1", meetingId: "PC11", kind: "diligence", number: "D1", textFr: "Piloter le GTR-DI", addressees: ["CI"], due: null },
    { id: "PC12-R01", meetingId: "PC12", kind: "recommendation", number: "1", textFr: "Partager les tableaux de bord", addressees: ["ADMINISTRATIONS"] },
  ].map((r) => Recommendation.parse(r)),
  indicators: [
    indicator({
      code: "REV", nameFr: "Recettes", nameEn: "Revenue", unit: "M", valueType: "amount", direction: "higher-is-better",
      aggregation: "sum", periodicity: "quarterly", disclosure: "regional",
      targets: [{ period: "2021Q1", value: 100 }, { period: "2021Q1", value: 150, actorId: "SN" }],
    }),
    indicator({
      code: "CLR", nameFr: "Délai", nameEn: "Clearance time", unit: "h", valueType: "duration", direction: "lower-is-better",
      aggregation: "mean", periodicity: "quarterly", disclosure: "public", targets: [{ period: "2021Q1", value: 48 }],
    }),
    indicator({
      code: "INSP", nameFr: "Visites", nameEn: "Inspections", unit: "%", valueType: "percentage", direction: "lower-is-better",
      aggregation: "median", periodicity: "quarterly", disclosure: "restricted",
    }),
    indicator({
      code: "TRAIN", nameFr: "Formation", nameEn: "Training rate", unit: "%", valueType: "percentage", direction: "higher-is-better",
      aggregation: "weighted-mean", weightCode: "STAFF", periodicity: "yearly", disclosure: "regional",
      targets: [{ period: "2021", value: 50 }], thresholds: { green: 1, amber: 0.9 },
    }),
    indicator({
      code: "STAFF", nameFr: "Effectif", nameEn: "Staff", unit: "persons", valueType: "count", direction: "neutral",
      aggregation: "sum", periodicity: "yearly", disclosure: "regional",
    }),
    indicator({
      code: "RATIO", nameFr: "Formés pour mille agents", nameEn: "Trained per thousand staff", unit: "‰", valueType: "number",
      direction: "neutral", aggregation: "mean", periodicity: "yearly", disclosure: "regional",
      formula: { numerator: ["TRAIN"], denominator: ["STAFF"], factor: 1000 },
    }),
    indicator({
      code: "DRAFT-X", nameFr: "Brouillon", nameEn: "Draft", unit: "u", valueType: "number", direction: "neutral",
      aggregation: "none", periodicity: "yearly", status: "draft",
    }),
    indicator({
      code: "OLD", nameFr: "Ancien", nameEn: "Old", unit: "u", valueType: "number", direction: "neutral",
      aggregation: "sum", periodicity: "yearly", status: "retired",
    }),
  ],
};
