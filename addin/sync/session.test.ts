import { describe, expect, it } from "vitest";
import { ApiFailure } from "./api";
import { sheetLayout } from "./conflicts";
import { CONNECTION_KEY, loadConnection } from "./connection";
import { FakeApi } from "./fake-api";
import type { OutboxEvent } from "./outbox";
import { loadVersions, recordKey } from "./records";
import { SyncSession, type SessionDeps } from "./session";
import { MemoryStore } from "./store";
import { applyWrites, check, followUpSheet, ref, STATUSES } from "./test-sheet";
import { recommendationReports } from "../dashboards/test-reports";

const API = "https://api.test";

/** A network the test can cut, over the fake API. */
function network(api: FakeApi) {
  const state = { up: true };
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    if (!state.up) throw new TypeError("Failed to fetch");
    return api.fetch(input, init);
  };
  return { state, fetch };
}

function deps(api: FakeApi, stores: { settings: MemoryStore; data: MemoryStore }, fetch: typeof globalThis.fetch): SessionDeps {
  return { ...stores, fetch, defaultUrl: API, events: null, outbox: { random: () => 0 } };
}

describe("a sync session: connect, preview, push through the outbox, resolve, pull, dashboards", () => {
  it("connects with a token checked by the server, and keeps it for the user, not in the workbook", async () => {
    const api = new FakeApi();
    const stores = { settings: new MemoryStore(), data: new MemoryStore() };
    const session = await SyncSession.open(deps(api, stores, api.fetch));
    expect(session.connection).toBeNull();
    await expect(session.connect({ token: "omd_wrong" })).rejects.toMatchObject({ status: 401, code: "invalid-token" });
    expect(await stores.settings.get(CONNECTION_KEY)).toBeNull();
    await expect(session.connect({ apiUrl: "pas une adresse", token: api.token })).rejects.toBeInstanceOf(ApiFailure);
    const connection = await session.connect({ apiUrl: "", token: ` ${api.token} ` });
    expect(connection).toMatchObject({ apiUrl: API, token: api.token, identity: { role: "administration", actorId: "CI" } });
    expect(api.requests.at(-1)).toMatchObject({ path: "/v1/me" });
    // A new pane finds it, and who is connected, even before the network answers.
    const again = await SyncSession.open(deps(api, stores, () => Promise.reject(new TypeError("offline"))));
    expect(again.connection?.identity.label).toBe("Côte d'Ivoire");
    await again.signOut();
    expect(await loadConnection(stores.settings)).toBeNull();
    session.close();
    again.close();
  });

  it("runs the whole flow: a push made offline is kept, delivered once after a reload, then a conflict is resolved field by field", async () => {
    const api = new FakeApi();
    const net = network(api);
    const stores = { settings: new MemoryStore(), data: new MemoryStore() };
    const events: OutboxEvent["type"][] = [];
    let session = await SyncSession.open(deps(api, stores, net.fetch));
    await session.connect({ token: api.token });
    session.onOutbox((e) => events.push(e.type));

    // Check the sheet: one row with an error is held back.
    const sheet = followUpSheet((row, i) => {
      row[3] = i === 2 ? "Fini" : STATUSES.fr[1]!;
      row[4] = 0.25;
      return row;
    });
    const outgoing = await session.outgoing(sheet.result, "suivi-ci.xlsx");
    expect(outgoing.held.rows).toBe(1);
    const { model } = await session.preview(outgoing, "fr");
    expect(model.counts.created).toBe(outgoing.count);

    // Push with the network cut: it waits in the outbox, in the store.
    net.state.up = false;
    const offline = await session.push(outgoing);
    expect(offline).toMatchObject({ durable: true, report: { stopped: { reason: "offline" } }, conflicts: [] });
    expect(session.outbox!.pending()).toHaveLength(1);
    expect(events).toContain("waiting");
    session.close();

    // The pane is closed; the network comes back; a new pane delivers it once and records the base versions.
    net.state.up = true;
    session = await SyncSession.open(deps(api, stores, net.fetch));
    const delivered = await session.flush();
    expect(delivered.report.delivered).toHaveLength(1);
    expect(api.pushesApplied).toBe(1);
    expect(api.followUps.size).toBe(outgoing.count);
    const scope = session.scope("suivi-ci.xlsx", sheet.result.name);
    const first = sheet.result.followUps[0]!;
    expect((await loadVersions(stores.settings, scope)).get(recordKey("followUp", first))).toBe(1);

    // The BRRC changes the first record in the region; the administration edits it in its sheet.
    api.seedFollowUp(first, { ...api.followUps.get(`${first.recommendationId}/CI`)!.fields, status: "implemented", progress: 100, comment: "vu par le BRRC" }, "BRRC");
    const edited = { ...sheet.input, values: sheet.input.values.map((r) => [...r]) };
    edited.values[first.at.row - 1]![8] = "commentaire de l'administration";
    const rechecked = check(edited);
    const second = await session.push(await session.outgoing(rechecked, "suivi-ci.xlsx"));
    expect(second.conflicts.map((c) => c.label)).toEqual([`${first.recommendationId}/CI`]);
    const conflict = second.conflicts[0]!;
    expect(conflict.differences.map((d) => d.field)).toEqual(["status", "progress", "comment"]);

    // Keep the region's status and progress, the sheet's comment.
    const { resolveConflict } = await import("./conflicts");
    const resolution = resolveConflict(conflict, { status: "region", progress: "region", comment: "sheet" }, sheetLayout(rechecked, edited, ref), "fr");
    const resolved = await session.resolve([resolution], scope);
    expect(resolved.report.delivered[0]!.response.summary).toMatchObject({ updated: 1, conflict: 0 });
    const server = api.followUps.get(`${first.recommendationId}/CI`)!;
    expect(server.fields).toMatchObject({ status: "implemented", progress: 100, comment: "commentaire de l'administration" });
    expect((await loadVersions(stores.settings, scope)).get(recordKey("followUp", first))).toBe(server.version);
    // Written into the sheet, the sheet now says what the region holds.
    const after = check(applyWrites(edited, resolution.writes));
    const row = after.followUps.find((f) => f.recommendationId === first.recommendationId)!;
    expect([row.status, row.progress, row.comment]).toEqual(["implemented", 100, "commentaire de l'administration"]);

    // Pull: the region's data, as tables to write; the sheet's unchanged records are rebased on it.
    const pulled = await session.pull("fr");
    expect(pulled.tables.followUps.rows).toHaveLength(outgoing.count);
    expect(pulled.tables.followUps.sheetName).toBe("Région");
    expect(await session.rebase(after, "suivi-ci.xlsx", pulled.result)).toBe(outgoing.count);

    // Dashboards from the reports.
    const reports = recommendationReports(4);
    api.reports.set("/v1/reports/recommendations", reports.byRecommendation);
    const spec = await session.recommendationsDashboard({});
    expect(spec.id).toBe("recommendations");
    expect(spec.tables.find((t) => t.id === "status")!.rows.map((r) => r[1])).toEqual([3, 5, 10, 2]);
    session.close();
  });
});
