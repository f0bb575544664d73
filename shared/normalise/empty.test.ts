import { describe, expect, it } from "vitest";
import { isBlank, isExcelError, isMissingMarker, isNoValue } from "./empty";

describe("isBlank", () => {
  it.each([["", true], [null, true], ["  ", true], ["\u00a0\u202f", true], [0, false], ["0", false], [false, false], ["-", false]])(
    "%j → %s",
    (cell, expected) => expect(isBlank(cell)).toBe(expected),
  );
});

describe("isMissingMarker", () => {
  it.each(["n/a", "N/A", "na", "NA", "n.a.", "#N/A", "-", "–", "—", "--", "nd", "ND", "n.d.", "n/d", "...", "…", "?", " N/A ", "non disponible", "Not available", "sem dados"])(
    "%j means no value",
    (cell) => {
      expect(isMissingMarker(cell)).toBe(true);
      expect(isNoValue(cell)).toBe(true);
    },
  );

  it.each(["0", 0, "néant", "Néant", "sans objet", "Not applicable", "x", "", "n/a n/a", "-12", "nan", true])("%j is not a missing marker", (cell) => {
    expect(isMissingMarker(cell)).toBe(false);
  });
});

describe("isExcelError", () => {
  it("recognises formula errors", () => {
    expect(isExcelError("#DIV/0!")).toBe(true);
    expect(isExcelError("#VALUE!")).toBe(true);
    expect(isExcelError("#div")).toBe(false);
    expect(isExcelError(7)).toBe(false);
  });
});
