import { describe, expect, it } from "vitest";
import { recommendationReports } from "../dashboards/test-reports";
import { ALL_CAPABILITIES } from "../excel/capabilities";
import { OfficeWorkbook } from "../excel/office-workbook";
import { WORKBOOK_ID_KEY } from "../excel/settings";
import { REGION_TABLE_NAMES } from "../sync/region-table";
import { STATUSES } from "../sync/test-sheet";
import type { PaneController } from "./controller";
import { API, setup } from "./test-sync";

const keys = (pane: PaneController) => pane.state.notices.map((n) => n.key);

describe("the pane's sync sections", () => {
  it("connects, says who is connected, and keeps the token out of the workbook", async () => {
    const { sync, pane, api, excel, stores } = await setup();
    expect(sync.state).toMatchObject({ ready: true, connection: null });
    await sync.connect("", "omd_wrong");
    expect(sync.state.connection).toBeNull();
    expect(pane.state.error?.en).toBe("Invalid token.");
    await sync.connect("", api.token);
    expect(sync.state.connection).toMatchObject({ apiUrl: API, identity: { role: "administration", actorId: "CI" } });
    expect(sync.describeIdentity(sync.state.connection!)).toEqual({ role: "Administration", administration: "Administration : Côte d'Ivoire (CI)" });
    expect(keys(pane)).toEqual(["sync.connect.done"]);
    expect([...excel.model.settings.values()].join()).not.toContain(api.token);
    expect([...stores.settings.data.values()].join()).toContain(api.token);
    await sync.signOut();
    expect(sync.state.connection).toBeNull();
  });

  it("previews the checked sheet, refuses a stale preview, and sends; a push made offline waits and leaves once", async () => {
    const { sync, pane, api, net, sheet } = await setup({
      rows: (row, i) => {
        row[3] = i === 1 ? "Fini" : STATUSES.fr[1]!;
        return row;
      },
    });
    await sync.connect("", api.token);
    // Preview checks the active sheet first when nothing was checked.
    await sync.preview();
    const preview = sync.state.preview!;
    expect(pane.state.result?.name).toBe(sheet.input.name);
    expect(preview.outgoing.held).toMatchObject({ rows: 1, reasons: [{ code: "unknown-status", rows: 1 }] });
    expect(preview.model.counts).toEqual({ created: preview.outgoing.count, updated: 0, unchanged: 0, conflict: 0, rejected: 0 });
    expect(api.requests.filter((r) => r.path === "/v1/sync/dry-run")).toHaveLength(1);
    expect(api.pushesApplied).toBe(0);

    // Checked again: the preview no longer says what the sheet holds, and Send refuses it.
    await pane.check();
    expect(sync.previewIsCurrent).toBe(false);
    await sync.push();
    expect(pane.state.error?.fr).toContain("refaites l'aperçu");
    expect(api.pushesApplied).toBe(0);

    await sync.preview();
    net.up = false;
    await sync.push();
    expect(sync.state.outbox).toMatchObject({ records: preview.outgoing.count, durable: true });
    expect(sync.state.outbox.entries).toHaveLength(1);
    expect(sync.state.outbox.error?.en).toContain("cannot be reached");
    expect(keys(pane)).toEqual(["sync.message", "sync.send.waiting"]);
    expect(sync.state.preview).toBeNull();

    net.up = true;
    await sync.flush();
    expect(sync.state.outbox.entries).toHaveLength(0);
    expect(api.pushesApplied).toBe(1);
    expect(sync.state.push?.summary).toMatchObject({ created: preview.outgoing.count });
    expect(keys(pane)).toEqual(["sync.outbox.delivered", "sync.send.pushed"]);
  });

  it("resolves a conflict field by field: the region's values written into the sheet, exactly the chosen values sent", async () => {
    const { sync, pane, api, excel, sheet } = await setup();
    expect(sheet.result.followUps.length).toBeGreaterThan(1);
    await sync.connect("", api.token);
    await sync.preview();
    await sync.push();
    const first = pane.state.result!.followUps[0]!;
    const key = `${first.recommendationId}/CI`;
    const server = api.followUps.get(key)!;
    api.seedFollowUp(first, { ...server.fields, status: "implemented", progress: 100, comment: "vu par le BRRC" }, "BRRC");

    // The administration changes the comment of the same record in its sheet.
    const comment = pane.state.result!.mapping.find((m) => m.field === "comment")!.column;
    excel.model.setValues(sheet.input.name, [["commentaire de l'administration"]], { at: `${String.fromCharCode(64 + comment)}${first.at.row}` });
    await pane.check();
    await sync.preview();
    expect(sync.state.preview!.model.counts.conflict).toBe(1);
    await sync.push();
    expect(sync.state.conflicts).toHaveLength(1);
    const open = sync.state.conflicts[0]!;
    expect(open.conflict.differences.map((d) => d.field)).toEqual(["status", "progress", "comment"]);
    expect(keys(pane)).toContain("sync.send.conflicts");

    await sync.resolve(open.id, { status: "region", progress: "region", comment: "sheet" });
    expect(pane.state.error).toBeNull();
    // The rows the add-in wrote are re-read quietly: what the pane said about the resolution stays.
    await pane.settle();
    expect(keys(pane)).toEqual(["sync.conflicts.resolved", "sync.send.pushed"]);
    expect(sync.state.conflicts).toEqual([]);
    expect(api.followUps.get(key)!.fields).toMatchObject({ status: "implemented", progress: 100, comment: "commentaire de l'administration" });
    // The pane re-reads the rows it wrote: the sheet now says what the region holds, and is based on it.
    await sync.preview();
    expect(sync.state.preview!.model.counts).toMatchObject({ unchanged: sync.state.preview!.outgoing.count, conflict: 0 });
    const row = pane.state.result!.followUps.find((f) => f.recommendationId === first.recommendationId)!;
    expect([row.status, row.progress, row.comment]).toEqual(["implemented", 100, "commentaire de l'administration"]);
  });

  it("pulls into the Région table (refreshed in place), builds a dashboard, and keeps a workbook id in the workbook", async () => {
    const { sync, pane, api, excel, workbook, runs } = await setup();
    await sync.connect("", api.token);
    await sync.preview();
    await sync.push();
    const count = api.followUps.size;

    await sync.pull();
    expect(sync.state.pull).toMatchObject({ total: count, changed: count, sheets: [{ sheet: "Région", created: true, appended: count }] });
    expect(excel.model.tables.filter((t) => t.name === REGION_TABLE_NAMES.followUps)).toHaveLength(1);
    // Every record of the checked sheet equals the region's copy: based on it from now on.
    expect(sync.state.pull!.rebased).toBe(count);
    await sync.pull();
    expect(sync.state.pull).toMatchObject({ changed: 0, sheets: [{ sheet: "Région", created: false, updated: count, appended: 0 }] });

    const id = excel.model.settings.get(WORKBOOK_ID_KEY);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await workbook.workbookId()).toBe(id);
    // Another pane on the same workbook finds the same id in one sync.
    const other = new OfficeWorkbook(async (batch) => {
      const context = excel.newContext();
      runs.push(context.syncs);
      return batch(context as unknown as Excel.RequestContext);
    }, ALL_CAPABILITIES);
    expect(await other.workbookId()).toBe(id);
    expect(runs.at(-1)).toHaveLength(1);

    const reports = recommendationReports(4);
    api.reports.set("/v1/reports/recommendations", reports.byRecommendation);
    await sync.dashboard({ id: "recommendations" });
    expect(pane.state.error).toBeNull();
    expect(sync.state.dashboard).toMatchObject({ id: "recommendations", sheet: "TdB recommandations", created: true });
    // The date of the data: when the reports were read (no "as of" asked for).
    expect(Math.abs(Date.parse(sync.state.dashboard!.asOf) - Date.now())).toBeLessThan(60_000);
    await sync.dashboard({ id: "recommendations" });
    expect(sync.state.dashboard).toMatchObject({ sheet: "TdB recommandations", created: false });
    expect(excel.model.sheets.filter((s) => s.name.startsWith("TdB"))).toHaveLength(1);
    expect(keys(pane)).toEqual(["sync.dash.refreshed"]);
  });
});
