import { describe, expect, it } from "vitest";
import { isFractionColumn, isPercentFormat, parsePercentage, parseProgress } from "./percent";

type R = ReturnType<typeof parsePercentage>;
const value = (r: R) => (r.ok ? r.value : r.reason);

describe("parsePercentage", () => {
  it.each([
    [0.5, "0%", 50],
    [0.58, "0%", 58],
    [0.55, "0.0%", 55],
    [1.35, "0%", 135],
    [0.5, "General", 0.5],
    [50, undefined, 50],
    ["50 %", undefined, 50],
    ["50%", undefined, 50],
    ["50\u00a0%", undefined, 50],
    ["50,5 %", undefined, 50.5],
    ["62%", "General", 62],
    ["135%", undefined, 135],
    ["-5%", undefined, -5],
    ["40", undefined, 40],
    ["", "0%", "empty"],
    ["n/a", undefined, "missing"],
    ["cinquante", undefined, "not-a-percentage"],
    ["50 % environ", undefined, "not-a-percentage"],
    [true, undefined, "not-a-percentage"],
  ])("%j (%s) → %j", (cell, format, expected) => {
    expect(value(parsePercentage(cell, format))).toBe(expected);
  });

  it("knows percent formats", () => {
    expect(isPercentFormat("0%")).toBe(true);
    expect(isPercentFormat("#,##0.00 %")).toBe(true);
    expect(isPercentFormat('0 "%"')).toBe(false);
    expect(isPercentFormat("General")).toBe(false);
    expect(isPercentFormat(undefined)).toBe(false);
  });
});

describe("parseProgress", () => {
  it("reads plain fractions as percentages in a fraction column only", () => {
    expect(value(parseProgress(0.5, "General", { fractionColumn: true }))).toBe(50);
    expect(value(parseProgress(1, undefined, { fractionColumn: true }))).toBe(100);
    expect(value(parseProgress("0,45", undefined, { fractionColumn: true }))).toBe(45);
    expect(value(parseProgress(0.5, "General", { fractionColumn: false }))).toBe(0.5);
    expect(value(parseProgress(0.5, "0%", { fractionColumn: true }))).toBe(50);
    expect(value(parseProgress("40 %", undefined, { fractionColumn: true }))).toBe(40);
    expect(value(parseProgress(80, undefined))).toBe(80);
    expect(value(parseProgress(150, undefined))).toBe(150);
  });

  it("decides fraction columns from their plain numbers", () => {
    expect(isFractionColumn([0.5, 1, 0, "", "n/a"])).toBe(true);
    expect(isFractionColumn([0.5, 40])).toBe(false);
    expect(isFractionColumn([1, 0.5, 0.6], ["0%", "0%", "0%"])).toBe(false);
    expect(isFractionColumn(["40 %", 0.5], ["General", "0%"])).toBe(false);
    expect(isFractionColumn(["0,5", "0.25"])).toBe(true);
    expect(isFractionColumn([])).toBe(false);
  });
});
