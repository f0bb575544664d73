import { describe, expect, it } from "vitest";
import type { PushIndicatorValue } from "../../shared/sync/protocol";
import { PushRequest } from "../../shared/sync/protocol";
import { toPushBody } from "../../shared/sync/push-body";
import { utf8ByteLength } from "../../shared/text/utf8";
import { FakeApi } from "./fake-api";
import { outgoingFrom, PUSH_CHUNK_BYTES, rebaseOnRegion, recordKey, recordPushVersions, splitPush, VersionMap, loadVersions, saveVersions } from "./records";
import { MemoryStore } from "./store";
import { followUpSheet, STATUSES } from "./test-sheet";

describe("the push of a checked sheet", () => {
  it("sends the valid records only, exactly as the strict schema wants them, and says what was held back and why", () => {
    const sheet = followUpSheet((row, i) => {
      if (i === 1 || i === 4) row[3] = "Fini"; // unknown status: an error on that row
      if (i === 2) row[4] = 1.7; // progress above 100 %
      if (i === 3) row[5] = "=SOMME(A1)"; // text that looks like a formula is still text, and valid
      return row;
    });
    const rows = sheet.result.followUps.length + 3;
    const out = outgoingFrom(sheet.result, new VersionMap());
    expect(PushRequest.safeParse(out.request).success).toBe(true);
    expect(out.count).toBe(rows - 3);
    expect(out.request.followUps).toHaveLength(rows - 3);
    expect(out.request.indicatorValues).toBeUndefined();
    expect(out.held.rows).toBe(3);
    expect(out.held.reasons.map((r) => [r.code, r.rows])).toEqual([
      ["unknown-status", 2],
      ["progress-out-of-range", 1],
    ]);
    expect(out.held.reasons[0]!.example.fr).toContain("Fini");
    expect(out.held.reasons[0]!.cells).toHaveLength(2);
    expect(out.held.sheetErrors).toEqual([]);
    // Where each record came from, index for index.
    expect(out.sources.followUps.map((s) => s.row)).toEqual(sheet.result.followUps.map((f) => f.at.row));
    expect(out.request.followUps!.some((f) => f.fields.actions === "=SOMME(A1)")).toBe(true);
    // The sheet's columns that are not record fields (the text, the administration's name) are not sent.
    expect(Object.keys(out.request.followUps![0]!.fields).sort()).toEqual(["actions", "comment", "due", "evidence", "progress", "status", "updatedOn"]);
  });

  it("takes each record's base version from the sheet's version map", () => {
    const sheet = followUpSheet();
    const first = sheet.result.followUps[0]!;
    const versions = new VersionMap({ [recordKey("followUp", first)]: 7 });
    const out = outgoingFrom(sheet.result, versions);
    expect(out.request.followUps![0]!.baseVersion).toBe(7);
    expect(out.request.followUps!.slice(1).every((f) => f.baseVersion === null)).toBe(true);
  });

  it("reports sheet-level errors apart from rows", () => {
    const sheet = followUpSheet();
    const result = { ...sheet.result, issues: [...sheet.result.issues, { code: "missing-column", severity: "error" as const, cell: "A4", row: 4, column: 1, field: "status", message: { fr: "Colonne manquante", en: "Missing column" } }] };
    const out = outgoingFrom(result, new VersionMap());
    expect(out.held.sheetErrors).toEqual([{ fr: "Colonne manquante", en: "Missing column" }]);
    expect(out.held.rows).toBe(0);
  });

  it("sends a record repeated on two rows once, and says so", () => {
    const sheet = followUpSheet();
    const dup = { ...sheet.result.followUps[0]!, at: { row: 99 } };
    const out = outgoingFrom({ ...sheet.result, followUps: [...sheet.result.followUps, dup] }, new VersionMap());
    expect(out.count).toBe(sheet.result.followUps.length);
    expect(out.held.reasons.map((r) => r.code)).toEqual(["duplicate-key"]);
    expect(out.held.reasons[0]!.example.en).toContain("Row 99");
  });
});

describe("base versions", () => {
  it("follow the server's answer for what it holds as sent, not for conflicts", async () => {
    const api = new FakeApi();
    const sheet = followUpSheet((row, i) => {
      row[3] = STATUSES.fr[i % 3]!;
      return row;
    });
    const [a, b] = sheet.result.followUps;
    api.seedFollowUp(b!, { ...b!, status: "implemented", progress: 100, comment: "région" });
    const versions = new VersionMap();
    const out = outgoingFrom({ ...sheet.result, followUps: [a!, b!] }, versions);
    const res = await api.fetch(new Request("https://x/v1/sync/push", { method: "POST", headers: { Authorization: `Bearer ${api.token}`, "Content-Type": "application/json" }, body: JSON.stringify(out.request) }));
    const response = await res.json();
    expect(response.summary).toMatchObject({ created: 1, conflict: 1 });
    expect(recordPushVersions(versions, out.request, response)).toBe(1);
    expect(versions.get(recordKey("followUp", a!))).toBe(1);
    expect(versions.get(recordKey("followUp", b!))).toBeNull();
  });

  it("after a pull, a record equal to the region's copy is based on its version; one that differs keeps its base", () => {
    const sheet = followUpSheet();
    const [a, b] = sheet.result.followUps;
    const api = new FakeApi();
    const ra = api.seedFollowUp(a!, { status: a!.status, progress: a!.progress, actions: a!.actions, due: a!.due, evidence: a!.evidence, comment: a!.comment, updatedOn: a!.updatedOn });
    const rb = api.seedFollowUp(b!, { ...b!, status: "implemented", progress: 100 });
    const versions = new VersionMap({ [recordKey("followUp", b!)]: 1 });
    api.seedFollowUp(b!, { ...rb.fields, comment: "again" });
    const region = {
      followUp: (k: string) => (k === `${a!.recommendationId}/CI` ? ra : k === `${b!.recommendationId}/CI` ? { ...rb, version: 2 } : undefined),
      indicatorValue: () => undefined,
    };
    expect(rebaseOnRegion(versions, sheet.result, region)).toBe(1);
    expect(versions.get(recordKey("followUp", a!))).toBe(ra.version);
    expect(versions.get(recordKey("followUp", b!))).toBe(1);
  });

  it("are kept per server, workbook and sheet in the user's store", async () => {
    const store = new MemoryStore();
    const scope = { server: "https://api.test", workbook: "suivi.xlsx", sheet: "Suivi" };
    await saveVersions(store, scope, new VersionMap({ "f:PC11-R01/CI": 3 }));
    expect((await loadVersions(store, scope)).get("f:PC11-R01/CI")).toBe(3);
    expect((await loadVersions(store, { ...scope, sheet: "Autre" })).size).toBe(0);
    expect((await loadVersions(store, { ...scope, server: "https://other" })).size).toBe(0);
  });
});

describe("splitting", () => {
  const values = (n: number): PushIndicatorValue[] =>
    Array.from({ length: n }, (_, i) => ({
      key: { indicatorCode: `IND-${i % 50}`, actorId: "CI", period: `${2000 + Math.floor(i / 50)}Q1` },
      fields: { value: ((i * 37) % 1000) / 10, target: null, source: i % 10 === 0 ? "Direction générale — données définitives" : null, comment: null },
      baseVersion: i % 5 === 0 ? null : i,
    }));
  const sentBytes = (part: PushRequest) => utf8ByteLength(JSON.stringify(toPushBody(part)));

  it("weighs indicator values as they are sent, in columns: each part under the limit, and as few parts as that allows", () => {
    const request: PushRequest = { indicatorValues: values(3_000) };
    const limit = Math.ceil(sentBytes(request) / 3);
    const parts = splitPush(request, limit);
    expect(parts.flatMap((p) => p.indicatorValues ?? [])).toEqual(request.indicatorValues);
    for (const p of parts) expect(sentBytes(p)).toBeLessThanOrEqual(limit);
    // a third of the body per part: four parts at most (three would need every part full to the byte)
    expect(parts.length).toBeLessThanOrEqual(4);
  });

  it("sends a quarter's 20,000 values in one request at the default size", () => {
    const request: PushRequest = { indicatorValues: values(20_000) };
    expect(JSON.stringify(request).length).toBeGreaterThan(PUSH_CHUNK_BYTES); // as records they would not fit
    expect(splitPush(request)).toHaveLength(1);
    expect(sentBytes(request)).toBeLessThanOrEqual(PUSH_CHUNK_BYTES);
  });

  it("keeps every record once, in order, each part under the limit", () => {
    const sheet = followUpSheet();
    const out = outgoingFrom(sheet.result, new VersionMap());
    const parts = splitPush(out.request, 800);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.flatMap((p) => p.followUps ?? [])).toEqual(out.request.followUps);
    for (const p of parts) {
      expect(PushRequest.safeParse(p).success).toBe(true);
      if ((p.followUps?.length ?? 0) > 1) expect(JSON.stringify(p).length).toBeLessThanOrEqual(800 + 40);
    }
  });
});
