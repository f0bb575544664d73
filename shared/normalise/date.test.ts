import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { excelSerialToIso, isDateFormat, isMonthFormat, isoToExcelSerial, parseDate } from "./date";

const value = (r: ReturnType<typeof parseDate>) => (r.ok ? r.value : r.reason);

describe("Excel serials", () => {
  it.each([
    [1, "1900-01-01"],
    [59, "1900-02-28"],
    [61, "1900-03-01"],
    [44561, "2021-12-31"],
    [44377.75, "2021-06-30"],
    [2958465, "9999-12-31"],
  ])("serial %d is %s", (serial, iso) => {
    expect(excelSerialToIso(serial)).toBe(iso);
    expect(isoToExcelSerial(iso)).toBe(Math.floor(serial));
  });

  it("has no date for Excel's fake 1900-02-29, 0, negatives or beyond 9999", () => {
    for (const s of [60, 0, -1, 2958466, Number.NaN, Number.POSITIVE_INFINITY]) expect(excelSerialToIso(s)).toBeUndefined();
    for (const iso of ["1900-02-29", "1899-12-31", "2021-02-31", "2021-13-01", "31/12/2021"]) expect(isoToExcelSerial(iso)).toBeUndefined();
  });

  it("round-trips every day from 1900-03-01 to 2200-12-31", () => {
    const first = isoToExcelSerial("1900-03-01")!;
    const last = isoToExcelSerial("2200-12-31")!;
    expect(first).toBe(61);
    fc.assert(
      fc.property(fc.integer({ min: first, max: last }), (serial) => {
        const iso = excelSerialToIso(serial)!;
        expect(iso).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(isoToExcelSerial(iso)).toBe(serial);
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.date({ min: new Date("1900-03-01T00:00:00Z"), max: new Date("2200-12-31T00:00:00Z"), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        expect(excelSerialToIso(isoToExcelSerial(iso)!)).toBe(iso);
      }),
    );
  });
});

describe("isDateFormat", () => {
  it.each([
    ["dd/mm/yyyy", true],
    ["mm-dd-yy", true],
    ["mmm-yy", true],
    ["[$-40C]d mmmm yyyy;@", true],
    ["mmmm", true],
    ["h:mm", false],
    ["[h]:mm:ss", false],
    ["mm:ss", false],
    ["General", false],
    ["0%", false],
    ["#,##0 \"days\"", false],
    ["@", false],
    [undefined, false],
  ])("%s → %s", (format, expected) => {
    expect(isDateFormat(format)).toBe(expected);
  });

  it("tells month formats from day formats", () => {
    expect(isMonthFormat("mmm-yy")).toBe(true);
    expect(isMonthFormat("mmmm yyyy")).toBe(true);
    expect(isMonthFormat("dd/mm/yyyy")).toBe(false);
    expect(isMonthFormat("0")).toBe(false);
  });
});

describe("parseDate", () => {
  it.each([
    [44561, "dd/mm/yyyy", "2021-12-31"],
    [44561, "mm-dd-yy", "2021-12-31"],
    [44561, "General", "2021-12-31"],
    [44561, undefined, "2021-12-31"],
    ["31/12/2021", undefined, "2021-12-31"],
    ["31-12-2021", undefined, "2021-12-31"],
    ["31.12.2021", undefined, "2021-12-31"],
    ["02/03/2021", undefined, "2021-03-02"],
    ["1/3/21", undefined, "2021-03-01"],
    ["2021-12-31", undefined, "2021-12-31"],
    ["2021-12-31T00:00:00.000Z", undefined, "2021-12-31"],
    ["15 novembre 2021", undefined, "2021-11-15"],
    ["lundi 1er mars 2021", undefined, "2021-03-01"],
    ["15 Nov 2021", undefined, "2021-11-15"],
    ["15-Nov-2021", undefined, "2021-11-15"],
    ["November 15, 2021", undefined, "2021-11-15"],
    ["15 de novembro de 2021", undefined, "2021-11-15"],
    ["29/02/2024", undefined, "2024-02-29"],
  ])("%j (%s) → %s", (cell, format, iso) => {
    expect(value(parseDate(cell, format))).toBe(iso);
  });

  it.each([
    ["31/02/2021", undefined, "impossible-date"],
    ["29/02/2021", undefined, "impossible-date"],
    ["12/31/2021", undefined, "impossible-date"],
    ["32 janvier 2021", undefined, "impossible-date"],
    ["2021-13-01", undefined, "impossible-date"],
    ["31/12/1850", undefined, "date-out-of-range"],
    [60, "dd/mm/yyyy", "impossible-date"],
    [-5, "dd/mm/yyyy", "date-out-of-range"],
    ["fin juin 2021", undefined, "not-a-date"],
    ["Permanent", undefined, "not-a-date"],
    [2021, undefined, "not-a-date"],
    [0.5, undefined, "not-a-date"],
    [44561, "0.00", "not-a-date"],
    [true, undefined, "not-a-date"],
    ["", undefined, "empty"],
    ["n/a", undefined, "missing"],
  ])("rejects %j (%s): %s", (cell, format, reason) => {
    expect(value(parseDate(cell, format))).toBe(reason);
  });
});
