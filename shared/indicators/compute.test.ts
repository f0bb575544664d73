import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Formula, Indicator } from "../model/indicator";
import { checkFormulas, computeIndicator, formulaCodes } from "./compute";

const ratio = Formula.parse({ numerator: ["CB-TRAIN"], denominator: ["CB-ACT"] });

describe("computeIndicator", () => {
  it("divides the numerator's sum by the denominator's and applies the factor", () => {
    expect(computeIndicator(ratio, { "CB-TRAIN": 45, "CB-ACT": 3 })).toBe(15);
    expect(computeIndicator(Formula.parse({ numerator: ["A", "B"], denominator: ["C"], factor: 100 }), new Map([["A", 1], ["B", 2], ["C", 4]]))).toBe(75);
    expect(computeIndicator(Formula.parse({ numerator: ["A"] }), { A: 7 })).toBe(7);
  });

  it("gives null when a part is missing or the denominator is 0", () => {
    expect(computeIndicator(ratio, { "CB-TRAIN": 45 })).toBeNull();
    expect(computeIndicator(ratio, { "CB-TRAIN": 45, "CB-ACT": null })).toBeNull();
    expect(computeIndicator(ratio, { "CB-TRAIN": null, "CB-ACT": 3 })).toBeNull();
    expect(computeIndicator(ratio, { "CB-TRAIN": 45, "CB-ACT": 0 })).toBeNull();
    expect(computeIndicator(ratio, { "CB-TRAIN": 45, "CB-ACT": Number.NaN })).toBeNull();
    expect(computeIndicator(ratio, { "CB-TRAIN": 1e308, "CB-ACT": 1e-308 })).toBeNull();
    // Inherited properties are not values.
    expect(computeIndicator(Formula.parse({ numerator: ["TOSTRING"] }), Object.create({ TOSTRING: 3 }))).toBeNull();
  });

  it("agrees with the arithmetic for any finite values", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 100 }), (a, b, f) => {
        const value = computeIndicator(Formula.parse({ numerator: ["A"], denominator: ["B"], factor: f }), { A: a, B: b });
        expect(value).toBeCloseTo((a / b) * f, 9);
      }),
    );
  });

  it("lists the codes a formula reads, and finds unknown codes and cycles in a catalogue", () => {
    expect(formulaCodes(Formula.parse({ numerator: ["A", "B"], denominator: ["B", "C"] }))).toEqual(["A", "B", "C"]);
    const indicator = (code: string, numerator?: string[]) =>
      Indicator.parse({ code, nameFr: "x", nameEn: "x", unit: "u", valueType: "number", direction: "neutral", aggregation: "none", periodicity: "yearly", formula: numerator && { numerator } });
    expect(checkFormulas([indicator("A", ["A"])])).toEqual(["formula cycle: A → A"]);
    expect(checkFormulas([indicator("A", ["B"])])).toEqual(["A: formula uses unknown indicator B"]);
    expect(checkFormulas([indicator("A", ["B"]), indicator("B")])).toEqual([]);
  });
});
