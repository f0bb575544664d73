import { describe, expect, it } from "vitest";
import type { FollowUpFields } from "../../shared/model/follow-up";
import { parseDate, parseDeadline, parseProgress, parseStatus } from "../../shared/normalise";
import { PushRequest } from "../../shared/sync/protocol";
import { apiClient } from "./api";
import { cellFor, conflictsOf, resolutionRequest, resolveConflict, sheetLayout, type Side } from "./conflicts";
import { FakeApi } from "./fake-api";
import { Outbox } from "./outbox";
import { previewModel, dryRun } from "./preview";
import { followUpFieldsOf, outgoingFrom, recordKey, recordPushVersions, VersionMap } from "./records";
import { MemoryStore } from "./store";
import { applyWrites, check, followUpSheet, ref, STATUSES } from "./test-sheet";

/** A sheet of CI's follow-ups, and a region where two of them were changed by someone else. */
async function scene() {
  const sheet = followUpSheet((row, i) => {
    row[3] = STATUSES.fr[1]!; // En cours
    row[4] = 0.4;
    row[5] = i === 0 ? "Atelier tenu" : "";
    row[8] = i === 0 ? "Commentaire de la feuille" : "";
    row[9] = 45_000 + i;
    return row;
  });
  expect(sheet.result.issues.filter((x) => x.severity === "error")).toEqual([]);
  const api = new FakeApi();
  const [a, b] = sheet.result.followUps;
  const regionA: FollowUpFields = { ...followUpFieldsOf(a!), status: "implemented", progress: 100, comment: "Commentaire de la région", due: { type: "annual", month: 11, day: "end", text: "fin novembre de chaque année" } };
  const regionB: FollowUpFields = { ...followUpFieldsOf(b!), evidence: "https://preuves.example/b.pdf", updatedOn: "2024-03-01" };
  api.seedFollowUp(a!, regionA, "BRRC");
  api.seedFollowUp(b!, regionB, "BRRC");
  const client = apiClient("https://api.test", api.token, api.fetch);
  const box = await Outbox.open({ store: new MemoryStore(), server: "https://api.test", client: () => client });
  const versions = new VersionMap();
  const outgoing = outgoingFrom(sheet.result, versions);
  return { sheet, api, client, box, versions, outgoing, a: a!, b: b!, regionA, regionB };
}

describe("preview", () => {
  it("shows what a push would create, update, leave alone or meet in conflict, with field-level differences", async () => {
    const { api, client, outgoing, sheet } = await scene();
    const response = await dryRun(client, outgoing.request, { maxRequestBytes: 2_000 });
    expect(api.requests.filter((r) => r.path === "/v1/sync/dry-run").length).toBeGreaterThan(1); // split, then merged
    expect(api.pushesApplied).toBe(0);
    const model = previewModel(outgoing, response, "fr");
    expect(model.counts).toEqual({ created: outgoing.count - 2, updated: 0, unchanged: 0, conflict: 2, rejected: 0 });
    expect(model.total).toBe(outgoing.count);
    // In sheet order, each with its row.
    expect(model.items.map((i) => i.at?.row)).toEqual(sheet.result.followUps.map((f) => f.at.row));
    const first = model.byResult.conflict[0]!;
    expect(first.differences.map((d) => [d.label.fr, d.sheetText, d.regionText])).toEqual([
      ["Statut", "En cours", "Réalisé"],
      ["Taux de réalisation", "40 %", "100 %"],
      ["Échéance", expect.any(String), "fin novembre de chaque année"],
      ["Commentaire", "Commentaire de la feuille", "Commentaire de la région"],
    ]);
    const created = model.byResult.created[0]!;
    expect(created.differences.find((d) => d.field === "status")?.regionText).toBe("(vide)");
    expect(previewModel(outgoing, response, "en").byResult.conflict[0]!.differences[0]!.label.en).toBe("Status");
  });
});

describe("conflicts, resolved field by field", () => {
  it("sends exactly the chosen values, based on the region's version, and writes the region's choices into the sheet", async () => {
    const { sheet, api, box, versions, outgoing, a, regionA, b, regionB } = await scene();
    await box.enqueue({ request: outgoing.request, label: sheet.input.name, sources: outgoing.sources });
    const { delivered } = await box.flush();
    const { entry, response } = delivered[0]!;
    recordPushVersions(versions, entry.request, response);
    const conflicts = conflictsOf(entry.request, response, entry.sources);
    expect(conflicts.map((c) => c.label)).toEqual([`${a.recommendationId}/CI`, `${b.recommendationId}/CI`]);
    expect(conflicts[0]!.differences.map((d) => d.field)).toEqual(["status", "progress", "due", "comment"]);

    const layout = sheetLayout(sheet.result, sheet.input, ref);
    // A: the region's status and progress, the sheet's deadline and comment.
    const choiceA: Record<string, Side> = { status: "region", progress: "region", due: "sheet", comment: "sheet" };
    const ra = resolveConflict(conflicts[0]!, choiceA, layout, "fr");
    expect(ra.push.baseVersion).toBe(1);
    expect(ra.push.fields).toEqual({ ...followUpFieldsOf(a), status: regionA.status, progress: regionA.progress });
    expect(ra.writes.map((w) => [w.field, w.row, w.column])).toEqual([
      ["status", a.at.row, sheet.column("Statut")],
      ["progress", a.at.row, sheet.column("Taux de réalisation")],
    ]);
    // B: all the region's.
    const rb = resolveConflict(conflicts[1]!, { evidence: "region", updatedOn: "region" }, layout, "fr");
    expect(rb.push.fields).toEqual(regionB);

    // The sheet, once written, reads back as exactly what was sent.
    const written = applyWrites(sheet.input, [...ra.writes, ...rb.writes]);
    const rechecked = check(written);
    expect(rechecked.issues.filter((x) => x.severity === "error")).toEqual([]);
    const find = (id: string) => followUpFieldsOf(rechecked.followUps.find((f) => f.recommendationId === id)!);
    expect(find(a.recommendationId)).toEqual(ra.push.fields);
    expect(find(b.recommendationId)).toEqual(rb.push.fields);

    // Sent through the outbox: the server now holds exactly the chosen values.
    const request = resolutionRequest([ra, rb]);
    expect(PushRequest.safeParse(request).success).toBe(true);
    await box.enqueue({ request, label: "résolution" });
    const after = await box.flush();
    // A is updated; B, all the region's, is already what the region holds.
    expect(after.delivered[0]!.response.summary).toMatchObject({ updated: 1, unchanged: 1, conflict: 0 });
    expect(api.followUps.get(`${a.recommendationId}/CI`)!.fields).toEqual(ra.push.fields);
    expect(api.followUps.get(`${b.recommendationId}/CI`)!.fields).toEqual(regionB);
    recordPushVersions(versions, request, after.delivered[0]!.response);
    expect(versions.get(recordKey("followUp", a))).toBe(2);
    expect(versions.get(recordKey("followUp", b))).toBe(1);
  });

  it("refuses a resolution that leaves a differing field without a choice", async () => {
    const { box, outgoing, sheet } = await scene();
    await box.enqueue({ request: outgoing.request, label: "x", sources: outgoing.sources });
    const { delivered } = await box.flush();
    const [c] = conflictsOf(delivered[0]!.entry.request, delivered[0]!.response, delivered[0]!.entry.sources);
    expect(() => resolveConflict(c!, { status: "region", progress: "sheet", due: "sheet" }, sheetLayout(sheet.result, sheet.input), "fr")).toThrow(/comment/);
  });

  it("keeping every sheet value sends the sheet's record again, now based on the region's version", async () => {
    const { box, outgoing, sheet, a } = await scene();
    await box.enqueue({ request: outgoing.request, label: "x", sources: outgoing.sources });
    const { delivered } = await box.flush();
    const [c] = conflictsOf(delivered[0]!.entry.request, delivered[0]!.response, delivered[0]!.entry.sources);
    const r = resolveConflict(c!, { status: "sheet", progress: "sheet", due: "sheet", comment: "sheet" }, sheetLayout(sheet.result, sheet.input), "en");
    expect(r.writes).toEqual([]);
    expect(r.push).toEqual({ key: { recommendationId: a.recommendationId, actorId: "CI" }, fields: followUpFieldsOf(a), baseVersion: 1 });
  });

  it("says which region values the sheet has no column for", async () => {
    const { box, outgoing, sheet } = await scene();
    await box.enqueue({ request: outgoing.request, label: "x", sources: outgoing.sources });
    const { delivered } = await box.flush();
    const conflicts = conflictsOf(delivered[0]!.entry.request, delivered[0]!.response, delivered[0]!.entry.sources);
    const layout = sheetLayout(sheet.result, sheet.input);
    delete layout.columns.evidence;
    const r = resolveConflict(conflicts[1]!, { evidence: "region", updatedOn: "region" }, layout, "fr");
    expect(r.notWritten.map((n) => n.field)).toEqual(["evidence"]);
    expect(r.notWritten[0]!.message.fr).toContain("Preuve");
    expect(r.writes.map((w) => w.field)).toEqual(["updatedOn"]);
  });
});

describe("cell values read back as the value", () => {
  const cell = (numberFormat: string, value: string | number = "") => ({ value, numberFormat });

  it("status, in the sheet's language, as text", () => {
    for (const lang of ["fr", "en"] as const) {
      for (const s of ["not-started", "in-progress", "implemented", "not-applicable"] as const) {
        const w = cellFor("status", s, cell("General"), lang);
        expect(w.numberFormat).toBe("@");
        expect(parseStatus(w.value)).toEqual({ ok: true, value: s });
      }
    }
  });

  it("progress, in % cells, fraction columns and plain ones", () => {
    expect(parseProgress(cellFor("progress", 60, cell("0%"), "fr").value, "0%")).toEqual({ ok: true, value: 60 });
    expect(parseProgress(cellFor("progress", 60, cell("General"), "fr", true).value, "General", { fractionColumn: true })).toEqual({ ok: true, value: 60 });
    expect(parseProgress(cellFor("progress", 60, cell("General"), "fr").value, "General")).toEqual({ ok: true, value: 60 });
    expect(cellFor("progress", 57, cell("0%"), "fr").value).toBe(0.57);
  });

  it("deadlines and dates, in date cells, General cells and text cells", () => {
    const date = { type: "date" as const, date: "2024-11-30" };
    const inDate = cellFor("due", date, cell("dd/mm/yyyy", 45_000), "fr");
    expect(inDate.numberFormat).toBeUndefined();
    expect(parseDeadline(inDate.value, "dd/mm/yyyy")).toEqual({ ok: true, value: date });
    const inGeneral = cellFor("due", date, cell("General"), "fr");
    expect(inGeneral.numberFormat).toBe("dd/mm/yyyy");
    expect(parseDeadline(inGeneral.value, inGeneral.numberFormat)).toEqual({ ok: true, value: date });
    const annual = { type: "annual" as const, month: 11, day: "end" as const };
    for (const lang of ["fr", "en"] as const) {
      const w = cellFor("due", annual, cell("dd/mm/yyyy"), lang);
      expect(w.numberFormat).toBe("@");
      const back = parseDeadline(w.value, w.numberFormat);
      expect(back.ok && back.value).toMatchObject(annual);
    }
    const asText = cellFor("updatedOn", "2024-03-01", cell("@", "01/02/2024"), "fr");
    expect(asText).toEqual({ value: "01/03/2024" });
    expect(parseDate(asText.value, "@")).toEqual({ ok: true, value: "2024-03-01" });
  });

  it("text that Excel would take for a formula, a number or a date is written as text", () => {
    for (const t of ["=1+1", "+33 6 12", "-5", "@x", "2021", "1/2"]) expect(cellFor("comment", t, cell("General"), "fr")).toEqual({ value: t, numberFormat: "@" });
    expect(cellFor("comment", "ok", cell("@"), "fr")).toEqual({ value: "ok" });
    expect(cellFor("comment", null, cell("@"), "fr")).toEqual({ value: "" });
  });

  it("percentage indicator values in % cells", () => {
    expect(cellFor("value", 62.5, cell("0.0%"), "fr", false, true)).toEqual({ value: 0.625 });
    expect(cellFor("value", 62.5, cell("0.0%"), "fr", false, false)).toEqual({ value: 62.5 });
  });
});
