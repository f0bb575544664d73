import { describe, expect, it } from "vitest";
import { parsePeriod } from "./period";

const value = (r: ReturnType<typeof parsePeriod>) => (r.ok ? r.value : r.reason);

describe("parsePeriod", () => {
  it.each([
    ["2021", "2021"],
    [2021, "2021"],
    ["FY2021", "2021"],
    ["FY 2021", "2021"],
    ["Année 2021", "2021"],
    ["S1 2021", "2021S1"],
    ["2021 S1", "2021S1"],
    ["2021S1", "2021S1"],
    ["H1 2021", "2021S1"],
    ["1er semestre 2021", "2021S1"],
    ["2e semestre 2021", "2021S2"],
    ["2ème semestre 2021", "2021S2"],
    ["second semestre 2021", "2021S2"],
    ["first half 2021", "2021S1"],
    ["T3 2021", "2021Q3"],
    ["2021-T3", "2021Q3"],
    ["2021 T3", "2021Q3"],
    ["Q1 2021", "2021Q1"],
    ["2021-Q1", "2021Q1"],
    ["2021Q1", "2021Q1"],
    ["Q4 21", "2021Q4"],
    ["1er trimestre 2021", "2021Q1"],
    ["3e trimestre 2021", "2021Q3"],
    ["1º trimestre 2021", "2021Q1"],
    ["3rd quarter 2021", "2021Q3"],
    ["Janv. 2021", "202101"],
    ["janvier 2021", "202101"],
    ["Jan-2021", "202101"],
    ["Jan-21", "202101"],
    ["Jan 2021", "202101"],
    ["January 2021", "202101"],
    ["jan/2021", "202101"],
    ["janeiro 2021", "202101"],
    ["Févr. 2021", "202102"],
    ["août 2021", "202108"],
    ["Décembre 2021", "202112"],
    ["março de 2021", "202103"],
    ["2021-05", "202105"],
    ["05/2021", "202105"],
    ["5/2021", "202105"],
    ["202105", "202105"],
    [202105, "202105"],
  ])("%j → %s", (cell, id) => {
    expect(value(parsePeriod(cell))).toBe(id);
  });

  it("reads a date serial with a month format as that month, and no other date", () => {
    expect(value(parsePeriod(44197, "mmm-yy"))).toBe("202101"); // 2021-01-01
    expect(value(parsePeriod(44377, "mmmm yyyy"))).toBe("202106"); // 2021-06-30
    expect(value(parsePeriod(44197, "dd/mm/yyyy"))).toBe("not-a-period");
  });

  it("uses the sheet's year when the cell gives none", () => {
    expect(value(parsePeriod("Q2", undefined, { defaultYear: 2021 }))).toBe("2021Q2");
    expect(value(parsePeriod("2e semestre", undefined, { defaultYear: 2021 }))).toBe("2021S2");
    expect(value(parsePeriod("Mars", undefined, { defaultYear: 2021 }))).toBe("202103");
    expect(value(parsePeriod("Q2"))).toBe("not-a-period");
  });

  it.each([
    ["2021 T5", "invalid-period"],
    ["Q5 2021", "invalid-period"],
    ["S3 2021", "invalid-period"],
    ["13/2021", "invalid-period"],
    ["202113", "invalid-period"],
    ["1850", "invalid-period"],
    [2150, "invalid-period"],
    ["T0 2021", "invalid-period"],
    ["31/03/2021", "not-a-period"],
    ["2021/2022", "not-a-period"],
    ["Total", "not-a-period"],
    ["Annual target", "not-a-period"],
    [2021.5, "not-a-period"],
    [true, "not-a-period"],
    ["", "empty"],
    ["-", "missing"],
  ])("rejects %j (%s)", (cell, reason) => {
    expect(value(parsePeriod(cell))).toBe(reason);
  });
});
