import { describe, expect, it } from "vitest";
import { isMemberOn } from "../model/actor";
import { checkReferenceData, loadReferenceData, parseReferenceData, referenceFiles } from "./index";

describe("shipped reference data", () => {
  const data = loadReferenceData();

  it("passes the schemas and the cross-checks", () => {
    const result = parseReferenceData(referenceFiles);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it("has the region's 24 administrations: 23 members until 2021, 24 from 2022 (Equatorial Guinea)", () => {
    const administrations = data.actors.filter((a) => a.kind === "administration");
    expect(administrations).toHaveLength(24);
    expect(administrations.filter((a) => isMemberOn(a, "2021-12-31"))).toHaveLength(23);
    expect(administrations.filter((a) => isMemberOn(a, "2022-06-30"))).toHaveLength(24);
    expect(administrations.filter((a) => !isMemberOn(a, "2021-12-31")).map((a) => a.id)).toEqual(["GQ"]);
    for (const a of administrations) {
      expect(a.id).toMatch(/^[A-Z]{2}$/);
      expect(a.iso3).toMatch(/^[A-Z]{3}$/);
      expect(a.namePt).toBeTruthy();
    }
  });

  it("has the regional bodies and groups the seeds name", () => {
    const ids = data.actors.filter((a) => a.kind !== "administration").map((a) => a.id);
    expect(ids).toEqual(
      expect.arrayContaining(["VP", "WCO-SEC", "BRRC-AOC", "CRF-OUA", "CRF-BZV", "CRF-ABV", "BRLR-AO", "BRLR-AC", "EXPERTS", "DG-CONF", "GTR", "GTR-DI", "ADMINISTRATIONS", "CONTACT-POINTS", "CRF", "BRLR"]),
    );
    const crf = data.actors.find((a) => a.id === "CRF");
    expect(crf?.members).toEqual(["CRF-OUA", "CRF-BZV", "CRF-ABV"]);
  });

  it("has the 11th meeting of contact points with its 22 recommendations and 2 diligences", () => {
    expect(data.meetings.map((m) => [m.id, m.number, m.startDate, m.endDate])).toEqual([["PC11", 11, "2020-12-02", "2020-12-04"]]);
    const items = data.recommendations.filter((r) => r.meetingId === "PC11");
    expect(items.filter((r) => r.kind === "recommendation").map((r) => r.number)).toEqual(Array.from({ length: 22 }, (_, i) => String(i + 1)));
    expect(items.filter((r) => r.kind === "diligence").map((r) => r.id)).toEqual(["PC11-D1", "PC11-D2"]);
    for (const r of items) {
      expect(r.textEn).toBeTruthy();
      expect(r.textFr).not.toMatch(/\*\*|^[-\s]|[;,]$/);
    }
  });

  it("addresses each item as the seed's headings say", () => {
    const addressees = Object.fromEntries(data.recommendations.map((r) => [r.number, r.addressees.join("+")]));
    expect(addressees["1"]).toBe("VP+WCO-SEC");
    expect([addressees["2"], addressees["4"]]).toEqual(["WCO-SEC", "WCO-SEC"]);
    expect([addressees["5"], addressees["10"]]).toEqual(["BRRC-AOC", "BRRC-AOC"]);
    expect([addressees["11"], addressees["12"]]).toEqual(["CRF", "CRF"]);
    expect([addressees["13"], addressees["20"]]).toEqual(["ADMINISTRATIONS", "ADMINISTRATIONS"]);
    expect([addressees["21"], addressees["22"]]).toEqual(["CONTACT-POINTS", "CONTACT-POINTS"]);
    expect([addressees["D1"], addressees["D2"]]).toEqual(["BRRC-AOC", "CRF"]);
    const actorIds = new Set(data.actors.map((a) => a.id));
    for (const r of data.recommendations) for (const a of r.addressees) expect(actorIds.has(a), `${r.id} → ${a}`).toBe(true);
  });

  it("keeps the seed's text and the one stated deadline", () => {
    const r22 = data.recommendations.find((r) => r.id === "PC11-R22");
    expect(r22?.textFr).toContain("au plus tard fin novembre de chaque année");
    expect(r22?.due).toMatchObject({ type: "annual", month: 11, day: "end" });
    expect(data.recommendations.filter((r) => r.due !== null).map((r) => r.id)).toEqual(["PC11-R22"]);
    expect(data.recommendations.find((r) => r.id === "PC11-R07")?.textFr).toMatch(/^Mettre en place un Groupe de Travail Régional \(GTR\)/);
  });

  it("has a catalogue with unique codes covering the fixtures' indicators, and one computed indicator", () => {
    const codes = data.indicators.map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual(expect.arrayContaining(["REV-COLL", "FAC-CLR", "ENF-INSP", "ENF-SEIZ", "CB-TRAIN", "CB-ACT"]));
    const computed = data.indicators.filter((i) => i.formula);
    expect(computed.map((i) => [i.code, i.formula?.numerator, i.formula?.denominator])).toEqual([["CB-TRAIN-PER-ACT", ["CB-TRAIN"], ["CB-ACT"]]]);
    for (const i of data.indicators) expect(i.namePt).toBeTruthy();
  });
});

describe("reference data checks", () => {
  const data = loadReferenceData();

  it("rejects what the schemas reject, naming the place", () => {
    const broken = { ...referenceFiles, actors: [{ id: "ci", kind: "administration" }] };
    const result = parseReferenceData(broken);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.some((e) => e.startsWith("actors.0.id"))).toBe(true);
  });

  it("catches unknown addressees, duplicate codes, bad ids and formula cycles", () => {
    const [first, ...rest] = data.recommendations;
    const problems = checkReferenceData({
      ...data,
      recommendations: [{ ...first!, addressees: ["NOBODY"] }, { ...rest[0]!, id: "PC11-R09" }, ...rest.slice(1)],
      indicators: [
        ...data.indicators,
        { ...data.indicators[0]!, code: "LOOP-A", formula: { numerator: ["LOOP-B"], denominator: [], factor: 1 } },
        { ...data.indicators[0]!, code: "LOOP-B", formula: { numerator: ["LOOP-A"], denominator: ["NOPE"], factor: 1 } },
        data.indicators[0]!,
      ],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        "PC11-R01: unknown addressee NOBODY",
        "duplicate recommendation id PC11-R09",
        "PC11-R09: id does not match number 2",
        "duplicate indicator id REV-COLL",
        "LOOP-B: formula uses unknown indicator NOPE",
        "formula cycle: LOOP-A → LOOP-B → LOOP-A",
      ]),
    );
  });
});
