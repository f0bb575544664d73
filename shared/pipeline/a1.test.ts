import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { a1, columnLetter, columnNumber, parseA1 } from "./a1";

describe("A1 references", () => {
  it("names columns as Excel does", () => {
    expect([1, 26, 27, 52, 703, 16384].map(columnLetter)).toEqual(["A", "Z", "AA", "AZ", "AAA", "XFD"]);
  });
  it("round-trips every column and row", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16384 }), fc.integer({ min: 1, max: 1_048_576 }), (column, row) => {
        expect(columnNumber(columnLetter(column))).toBe(column);
        expect(parseA1(a1(row, column))).toEqual({ row, column });
      }),
    );
  });
  it("refuses what is not a cell", () => expect(parseA1("A1:B2")).toBeUndefined());
});
