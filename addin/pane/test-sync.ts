import { parseSheet } from "../../shared/pipeline/parse-sheet";
import { ALL_CAPABILITIES } from "../excel/capabilities";
import { ALL_DASHBOARD_CAPABILITIES } from "../excel/dashboard-sheet";
import { FakeExcel, type FakeContext, type SyncRecord } from "../excel/fake-excel";
import { OfficeWorkbook, type Runner } from "../excel/office-workbook";
import { FakeApi } from "../sync/fake-api";
import { MemoryStore } from "../sync/store";
import { followUpSheet, ref } from "../sync/test-sheet";
import { PaneController } from "./controller";
import { SyncController } from "./sync-controller";

/** Test support: the pane and its sync over the recording fake of Excel and a fake API behind a network the test can cut. */

export const API = "https://api.test";

/**
 * The pane's sync logic over the Office adapter (the recording fake) and a fake API behind a network the
 * test can cut: what the sections show comes from this state.
 */
export async function setup(options: { rows?: (row: (string | number)[], i: number) => (string | number)[]; open?: boolean } = {}) {
  const sheet = followUpSheet(options.rows as never);
  const excel = new FakeExcel([sheet.input.name]);
  excel.model.setValues(sheet.input.name, sheet.input.values as (string | number)[][], { numberFormats: sheet.input.numberFormats! });
  const runs: SyncRecord[][] = [];
  const runner: Runner = async (batch, reuse) => {
    const context = (reuse as unknown as FakeContext | undefined) ?? excel.newContext();
    if (!reuse) runs.push(context.syncs);
    return batch(context as unknown as Excel.RequestContext);
  };
  const workbook = new OfficeWorkbook(runner, ALL_CAPABILITIES, ALL_DASHBOARD_CAPABILITIES);
  const pane = new PaneController(workbook, { reference: ref, lang: "fr", pipeline: (input, o) => parseSheet(input, ref, { ...o, meetingId: "PC11", actorId: "CI" }), debounceMs: 0 });
  pane.setOption("live", false);
  const api = new FakeApi();
  const net = { up: true };
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    if (!net.up) throw new TypeError("Failed to fetch");
    return api.fetch(input, init);
  };
  const stores = { settings: new MemoryStore(), data: new MemoryStore() };
  const sync = new SyncController(pane);
  const open = () => sync.init({ ...stores, fetch, defaultUrl: API, events: null, outbox: { random: () => 0, backoff: { baseMs: 60_000, maxMs: 60_000, jitter: 0 } } });
  if (options.open !== false) await open();
  return { sheet, excel, workbook, pane, api, net, stores, sync, runs, open };
}

