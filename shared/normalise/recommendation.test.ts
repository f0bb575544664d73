import { describe, expect, it } from "vitest";
import { parseRecommendationNumber } from "./recommendation";

const value = (r: ReturnType<typeof parseRecommendationNumber>) => (r.ok ? r.value : r.reason);

describe("parseRecommendationNumber", () => {
  it.each([
    [7, "7"],
    ["7", "7"],
    ["07", "7"],
    ["7.", "7"],
    ["R7", "7"],
    ["R07", "7"],
    ["Reco 7", "7"],
    ["Rec. 7", "7"],
    ["Recommandation n°7", "7"],
    ["N° 22", "22"],
    ["PC11-R07", "7"],
    ["D1", "D1"],
    ["D 1", "D1"],
    ["d1", "D1"],
    ["Diligence 1", "D1"],
    ["Diligence n° 2", "D2"],
    ["PC11-D2", "D2"],
  ])("%j → %s", (cell, expected) => expect(value(parseRecommendationNumber(cell))).toBe(expected));

  it.each([[0], [7.5], [-3], ["R"], ["Diligences"], ["7 et 8"], ["0"], [true], ["Total"]])("rejects %j", (cell) => {
    expect(value(parseRecommendationNumber(cell))).toBe("not-a-recommendation-number");
  });
  it("tells blank and missing apart", () => {
    expect(value(parseRecommendationNumber(""))).toBe("empty");
    expect(value(parseRecommendationNumber("-"))).toBe("missing");
  });
});
