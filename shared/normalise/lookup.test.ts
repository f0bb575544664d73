import { describe, expect, it } from "vitest";
import { Actor } from "../model/actor";
import { loadReferenceData } from "../reference";
import { createActorIndex, createIndicatorIndex, createRecommendationIndex } from "./lookup";

const ref = loadReferenceData();

describe("createActorIndex().find", () => {
  const actors = createActorIndex(ref.actors);
  const id = (text: Parameters<typeof actors.find>[0]) => actors.find(text)?.id;

  it.each([
    ["CI", "CI"],
    ["ci", "CI"],
    ["CIV", "CI"],
    ["NGA", "NG"],
    ["Côte d'Ivoire", "CI"],
    ["Cote d Ivoire", "CI"],
    ["cote divoire", "CI"],
    ["COTE D'IVOIRE ", "CI"],
    ["RCI", "CI"],
    ["Ivory Coast", "CI"],
    ["Costa do Marfim", "CI"],
    ["Gambie", "GM"],
    ["La Gambie", "GM"],
    ["The Gambia", "GM"],
    ["GRA", "GM"],
    ["Bénin", "BJ"],
    ["Benin", "BJ"],
    ["Cameroun", "CM"],
    ["Sénégal", "SN"],
    ["Nigeria", "NG"],
    ["Guinée", "GN"],
    ["Guinée Conakry", "GN"],
    ["Guinée-Bissau", "GW"],
    ["Guinée équatoriale", "GQ"],
    ["RDC", "CD"],
    ["DRC", "CD"],
    ["Congo", "CG"],
    ["RCA", "CF"],
    ["CAR", "CF"],
    ["COD", "CD"],
    ["Cap-Vert", "CV"],
    ["Cabo Verde", "CV"],
    ["São Tomé e Príncipe", "ST"],
    ["BRRC", "BRRC-AOC"],
    ["ROCB-WCA", "BRRC-AOC"],
    ["Secrétariat de l'OMD", "WCO-SEC"],
    ["Vice-Présidence", "VP"],
    ["Administrations membres", "ADMINISTRATIONS"],
    ["Administrations des douanes membres de la Région AOC", "ADMINISTRATIONS"],
    ["Points de contact", "CONTACT-POINTS"],
    ["CRF", "CRF"],
    ["RILO West Africa", "BRLR-AO"],
    ["GTR Informatique", "GTR-DI"],
  ])("%j → %s", (text, expected) => expect(id(text)).toBe(expected));

  it.each([["Wakanda"], ["Guinea-Wakanda"], [""], [12], [null], ["Afrique"]])("%j → nothing", (text) => {
    expect(id(text)).toBeUndefined();
  });

  it("finds nothing for a name two actors share", () => {
    const twins = [
      Actor.parse({ id: "AA", kind: "administration", nameFr: "Same", nameEn: "A", membership: [{ from: "2000-01-01" }] }),
      Actor.parse({ id: "BB", kind: "administration", nameFr: "Same", nameEn: "B", membership: [{ from: "2000-01-01" }] }),
    ];
    const index = createActorIndex(twins);
    expect(index.find("same")).toBeUndefined();
    expect(index.find("A")?.id).toBe("AA");
  });
});

describe("createActorIndex().findIn / findAll", () => {
  const actors = createActorIndex(ref.actors);

  it.each([
    ["Administration : Direction Générale des Douanes de Côte d'Ivoire — mise à jour du 15/11/2021", "CI"],
    ["GRA Customs & Excise Department — Key Performance Indicators 2021", "GM"],
    ["kpi-gambia-2021.xlsx", "GM"],
    ["suivi-recommandations-civ-2021.xlsx", "CI"],
    ["Rapport de la République démocratique du Congo", "CD"],
    ["Douanes de Guinée-Bissau", "GW"],
    ["Nigeria Customs Service — 2021", "NG"],
  ])("%j names %s", (text, expected) => expect(actors.findIn(text)?.id).toBe(expected));

  it.each([
    ["TABLEAU DE SUIVI DES RECOMMANDATIONS DE LA 11EME RENCONTRE DES POINTS DE CONTACT (02-04 DÉCEMBRE 2020)"],
    ["consolidation-indicateurs-brrc-2021.xlsx"],
    ["Réunion Sénégal – Mali"],
    ["Ne pas modifier"],
    ["Rapport provisoire car incomplet"],
    [""],
    [2021],
  ])("%j names no single administration", (text) => expect(actors.findIn(text)).toBeUndefined());

  it("finds every actor of an addressee cell, and bodies when asked", () => {
    expect(actors.findAll("Vice-Présidence et Secrétariat de l'OMD").map((a) => a.id)).toEqual(["VP", "WCO-SEC"]);
    expect(actors.findAll("BRRC-AOC, CRF et Points de contact").map((a) => a.id)).toEqual(["BRRC-AOC", "CRF", "CONTACT-POINTS"]);
    expect(actors.findIn("consolidation-indicateurs-brrc-2021.xlsx", ["regional-body"])?.id).toBe("BRRC-AOC");
    expect(actors.findAll("Réunion Sénégal – Mali – Sénégal").map((a) => a.id)).toEqual(["SN", "ML"]);
  });
});

describe("createIndicatorIndex", () => {
  const indicators = createIndicatorIndex(ref.indicators);
  const match = (text: string) => {
    const m = indicators.find(text);
    return m && [m.indicator.code, m.confidence];
  };

  it.each([
    // codes
    ["CB-TRAIN", "CB-TRAIN"],
    ["cb-train", "CB-TRAIN"],
    ["CB TRAIN", "CB-TRAIN"],
    ["fac-clr", "FAC-CLR"],
    // what the fixtures write
    ["Agents formés", "CB-TRAIN"],
    ["Activités de renforcement des capacités", "CB-ACT"],
    ["Délai moyen de dédouanement (heures)", "FAC-CLR"],
    ["Taux de visite physique", "ENF-INSP"],
    ["Recettes douanières (milliards)", "REV-COLL"],
    ["Customs revenue collected", "REV-COLL"],
    ["Average clearance time (import)", "FAC-CLR"],
    ["Share of declarations physically inspected", "ENF-INSP"],
    ["Seizures (number of cases)", "ENF-SEIZ"],
    ["Staff trained (capacity building)", "CB-TRAIN"],
    ["Capacity-building activities delivered", "CB-ACT"],
    // Portuguese names
    ["Funcionários formados", "CB-TRAIN"],
    ["Receitas aduaneiras cobradas", "REV-COLL"],
  ])("%j is %s with confidence 1", (text, code) => expect(match(text)).toEqual([code, 1]));

  it("matches a name without its parenthesis at 0.95, and near names fuzzily below 0.9", () => {
    expect(match("Délai moyen de dédouanement")).toEqual(["FAC-CLR", 1]);
    expect(match("Recettes douanières (en milliards FCFA)")).toEqual(["REV-COLL", 0.95]);
    const fuzzy = indicators.find("Nombre total d'agents des douanes formés");
    expect(fuzzy?.indicator.code).toBe("CB-TRAIN");
    expect(fuzzy?.confidence).toBeLessThan(0.9);
    expect(fuzzy?.confidence).toBeGreaterThan(0.5);
    expect(indicators.find("Taux de visite physique des déclarations en douane")?.indicator.code).toBe("ENF-INSP");
  });

  it.each([["Indicateur inconnu"], ["XX-999"], ["Indicator"], ["Total"], [""], ["Délai"], ["Taux"]])("%j matches nothing", (text) => {
    expect(indicators.find(text)).toBeUndefined();
  });
});

describe("createRecommendationIndex", () => {
  const recs = createRecommendationIndex(ref.recommendations);

  it.each([
    [7, "PC11-R07"],
    ["7", "PC11-R07"],
    ["R7", "PC11-R07"],
    ["Reco 7", "PC11-R07"],
    [22, "PC11-R22"],
    ["D1", "PC11-D1"],
    ["D 1", "PC11-D1"],
    ["Diligence 2", "PC11-D2"],
  ])("%j → %s", (cell, id) => expect(recs.find("PC11", cell)?.id).toBe(id));

  it("finds nothing outside the meeting's items", () => {
    expect(recs.find("PC11", 23)).toBeUndefined();
    expect(recs.find("PC11", "D3")).toBeUndefined();
    expect(recs.find("PC12", 7)).toBeUndefined();
    expect(recs.find("PC11", "Diligences")).toBeUndefined();
  });

  it("lists the meeting's items in order and knows its highest number", () => {
    expect(recs.maxNumber("PC11")).toBe("22");
    expect(recs.maxNumber("PC12")).toBeUndefined();
    expect(recs.list("PC11").map((r) => r.number)).toEqual([...Array.from({ length: 22 }, (_, i) => String(i + 1)), "D1", "D2"]);
  });
});
