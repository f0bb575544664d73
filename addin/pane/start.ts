import type { ReferenceData } from "../../shared/model/reference";
import { parseSheet } from "../../shared/pipeline/parse-sheet";
import { loadReferenceData } from "../../shared/reference";
import { mountBrowserShell } from "../browser/shell";
import type { MemoryWorkbook } from "../browser/memory-workbook";
import { OfficeWorkbook } from "../excel/office-workbook";
import { defaultApiUrl } from "../sync/connection";
import { dataStore, MemoryStore, settingsStore } from "../sync/store";
import { officeDisplayLanguage } from "../excel/host";
import { pickLang, t, type Lang } from "../i18n";
import { PaneController } from "./controller";
import { h } from "./dom";
import { registerFluent } from "./fluent";
import { SyncController } from "./sync-controller";
import { mountPane } from "./view";

/** The language: Office's display language in Excel; else ?lang=fr|en, then the browser's. */
export function chooseLang(inExcel: boolean, search: string, navigatorLanguage: string | undefined): Lang {
  const asked = new URLSearchParams(search).get("lang");
  if (asked === "fr" || asked === "en") return asked;
  return inExcel ? pickLang(officeDisplayLanguage()) : pickLang(navigatorLanguage);
}

/**
 * Start the pane once Office has said where it runs: on the open workbook inside Excel, or on an in-memory
 * workbook in a plain browser (Office.onReady reports no host).
 */
export async function start(host: { host: Office.HostType | string | null } | null, root: HTMLElement): Promise<PaneController> {
  const inExcel = host?.host === "Excel";
  const lang = chooseLang(inExcel, location.search, navigator.language);
  document.documentElement.lang = lang;
  document.title = t(lang, "app.title");
  registerFluent();
  const reference: ReferenceData = loadReferenceData();
  let fileName: string | undefined;
  const controller = new PaneController(inExcel ? new OfficeWorkbook() : null, {
    reference,
    lang,
    pipeline: (input, options) => parseSheet(input, reference, options),
    hints: () => (fileName ? [fileName] : []),
  });

  // The connection, outbox and pull snapshot are the user's (OfficeRuntime.storage, localStorage,
  // IndexedDB), never the workbook's. The outbox opens in the background: the check works meanwhile.
  const sync = new SyncController(controller);
  const defaultUrl = defaultApiUrl();
  const paneRoot = h("aside", { class: "pane-root" });
  root.replaceChildren(paneRoot);
  const view = mountPane(paneRoot, controller, inExcel ? "excel" : "browser", { controller: sync, defaultUrl });
  void (async () => {
    const settings = settingsStore();
    const data = await dataStore();
    try {
      await sync.init({ settings: settings.store, data: data.store, defaultUrl, durable: settings.durable && data.durable });
    } catch {
      // Storage that lists but refuses (some webviews): this page only, and the pane says so.
      await sync.init({ settings: new MemoryStore(), data: new MemoryStore(), defaultUrl, durable: false });
    }
  })();
  if (!inExcel) {
    root.classList.add("browser-mode");
    const workbookArea = h("main", { class: "workbook" });
    root.append(workbookArea);
    const shell = mountBrowserShell({
      lang,
      controls: view.slot,
      workbookArea,
      controller,
      onWorkbook: (wb: MemoryWorkbook) => (fileName = wb.fileName),
    });
    controller.ensureWorkbook = async () => {
      const { MemoryWorkbook } = await import("../browser/memory-workbook");
      await shell.open(await MemoryWorkbook.empty(lang === "fr" ? "Feuil1" : "Sheet1", lang === "fr" ? "classeur.xlsx" : "workbook.xlsx"));
    };
  }
  return controller;
}
