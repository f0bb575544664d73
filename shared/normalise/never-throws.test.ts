import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Deadline } from "../model/deadline";
import { PeriodId } from "../model/period";
import { Status } from "../model/follow-up";
import type { CellValue } from "../pipeline/types";
import { loadReferenceData } from "../reference";
import { excelSerialToIso, isDateFormat, isoToExcelSerial, parseDate } from "./date";
import { parseDeadline } from "./deadline";
import { isBlank, isExcelError, isMissingMarker } from "./empty";
import { createActorIndex, createIndicatorIndex, createRecommendationIndex } from "./lookup";
import { formatNumber, inferNotation, parseNumber } from "./number";
import { isFractionColumn, parsePercentage, parseProgress } from "./percent";
import { parsePeriod } from "./period";
import type { Parsed } from "./result";
import { parseRecommendationNumber } from "./recommendation";
import { parseStatus } from "./status";
import { fold } from "./text";

const ref = loadReferenceData();
const actors = createActorIndex(ref.actors);
const indicators = createIndicatorIndex(ref.indicators);
const recommendations = createRecommendationIndex(ref.recommendations);

// Pieces real cells are made of, so that generated strings come close to what the parsers accept.
const PIECES = [
  "0", "1", "2", "9", "12", "31", "2021", "1850", "202105", " ", "\u00a0", "\u202f", ",", ".", "-", "–", "/", "%", "(", ")", "+", "e",
  "T", "Q", "S", "H", "R", "D", "er", "e", "ème", "º", "janv.", "Jan", "novembre", "November", "março", "fin", "end of", "de",
  "chaque année", "each year", "semestre", "trimestre", "quarter", "Permanent", "dès", "n/a", "N/A", "réalisé", "En cours",
  "Côte d'Ivoire", "GRA", "Agents formés", "Reco", "Diligence", "FY", "\u0301", "œ", "😀", "\ud800",
];
const pieced = fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }).map((p) => p.join(""));
const text = fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" }), pieced);
const cell: fc.Arbitrary<CellValue> = fc.oneof(
  text,
  text,
  fc.double(),
  fc.integer({ min: -100_000, max: 3_000_000 }),
  fc.boolean(),
  fc.constant(null),
);
const format = fc.option(fc.oneof(fc.constantFrom("General", "0%", "0.0%", "dd/mm/yyyy", "mm-dd-yy", "mmm-yy", "h:mm", "@", "#,##0.00"), fc.string()), { nil: undefined });

/** A result is either a value or a reason with a message in both languages. */
function wellFormed<T>(r: Parsed<T>): void {
  if (r.ok) return;
  expect(typeof r.reason).toBe("string");
  expect(r.message.fr.length).toBeGreaterThan(0);
  expect(r.message.en.length).toBeGreaterThan(0);
}

describe("no input makes a normaliser throw", () => {
  it("value parsers return well-formed results, and valid values when they succeed", () => {
    fc.assert(
      fc.property(cell, format, (c, f) => {
        const n = parseNumber(c, { notation: "fr" });
        wellFormed(n);
        if (n.ok) expect(Number.isFinite(n.value)).toBe(true);
        wellFormed(parseNumber(c));
        wellFormed(parsePercentage(c, f));
        wellFormed(parseProgress(c, f, { fractionColumn: true }));
        const date = parseDate(c, f);
        wellFormed(date);
        if (date.ok) expect(isoToExcelSerial(date.value)).toBeGreaterThan(0);
        const period = parsePeriod(c, f, { defaultYear: 2021 });
        wellFormed(period);
        if (period.ok) expect(PeriodId.safeParse(period.value).success).toBe(true);
        const deadline = parseDeadline(c, f);
        wellFormed(deadline);
        if (deadline.ok) expect(Deadline.safeParse(deadline.value).success).toBe(true);
        const status = parseStatus(c);
        wellFormed(status);
        if (status.ok) expect(Status.options).toContain(status.value);
        wellFormed(parseRecommendationNumber(c));
      }),
      { numRuns: 3000 },
    );
  });

  it("predicates, folding, formats and lookups accept anything", () => {
    fc.assert(
      fc.property(cell, format, fc.double(), (c, f, d) => {
        isBlank(c);
        isMissingMarker(c);
        isExcelError(c);
        isDateFormat(f);
        excelSerialToIso(d);
        formatNumber(d, "fr");
        inferNotation([c, c]);
        isFractionColumn([c], [f]);
        if (typeof c === "string") {
          expect(typeof fold(c)).toBe("string");
          isoToExcelSerial(c);
        }
        actors.find(c);
        actors.findIn(c);
        actors.findAll(c, ["administration", "regional-body", "group"]);
        const m = indicators.find(c);
        if (m) expect(m.confidence).toBeGreaterThan(0);
        recommendations.find("PC11", c);
      }),
      { numRuns: 2000 },
    );
  });
});
