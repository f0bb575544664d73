import { describe, expect, it } from "vitest";
import { cellText, fold } from "./text";

describe("fold", () => {
  it.each([
    ["Côte d'Ivoire", "cote d ivoire"],
    ["Cote d Ivoire", "cote d ivoire"],
    ["Côte d’Ivoire", "cote d ivoire"],
    ["  Mis en Œuvre  ", "mis en oeuvre"],
    ["Cæsar", "caesar"],
    ["2021-T3", "2021 t3"],
    ["Taux de réalisation (%)", "taux de realisation"],
    ["N°", "n"],
    ["Nº 7", "no 7"],
    ["1ª", "1a"],
    ["ﬁn", "fin"],
    ["Guinée–Bissau", "guinee bissau"],
    ["ÉCHÉANCE", "echeance"],
    ["Não aplicável", "nao aplicavel"],
    ["a\u00a0b\u202fc\td", "a b c d"],
    ["", ""],
    ["—", ""],
  ])("%j → %j", (input, expected) => {
    expect(fold(input)).toBe(expected);
  });
});

describe("cellText", () => {
  it("trims and makes odd spaces plain, keeping the text otherwise", () => {
    expect(cellText("  réalisé\u00a0 ")).toBe("réalisé");
    expect(cellText(12.5)).toBe("12.5");
    expect(cellText(null)).toBe("");
    expect(cellText(false)).toBe("false");
  });
});
