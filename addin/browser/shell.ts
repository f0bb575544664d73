import { renderDashboard } from "../dashboards/render-html";
import type { Lang } from "../i18n";
import { t } from "../i18n";
import type { PaneController } from "../pane/controller";
import { h, uid } from "../pane/dom";
import { WorkbookError } from "../workbook/adapter";
import { GridView } from "./grid-view";
import { MemoryWorkbook } from "./memory-workbook";

/**
 * Browser mode around the pane: open an .xlsx, save it back with the marks, pick a sheet, and see it as a
 * grid. The pane itself is the same as in Excel and talks to the in-memory workbook through the adapter.
 */
export function mountBrowserShell(options: {
  lang: Lang;
  controls: HTMLElement;
  workbookArea: HTMLElement;
  controller: PaneController;
  onWorkbook: (workbook: MemoryWorkbook) => void;
}): { open(workbook: MemoryWorkbook): Promise<void> } {
  const { lang, controller } = options;
  const tr = (key: Parameters<typeof t>[1], params?: Record<string, string | number>) => t(lang, key, params);
  let workbook: MemoryWorkbook | null = null;
  let unsubscribe: (() => void) | null = null;

  const status = h("p", { class: "browser-status", role: "status", "aria-live": "polite" }, tr("browser.noWorkbook"));
  const fileId = uid("file");
  const file = h("input", { id: fileId, type: "file", accept: ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", class: "file-input" }) as HTMLInputElement;
  const save = h("fluent-button", { id: "save-workbook", disabled: true, onclick: () => void saveWorkbook() }, tr("browser.save"));
  const fresh = h("fluent-button", { id: "new-workbook", appearance: "outline", onclick: () => void newWorkbook() }, tr("browser.newWorkbook"));
  const tabs = h("div", { role: "tablist", class: "sheet-tabs", "aria-label": tr("browser.sheets") });
  const grid = new GridView(lang);
  // A dashboard built in this page is shown drawn (tables and charts) in place of its sheet's cells.
  const gridHolder = h("div", { class: "grid-holder" }, grid.element);
  const dashboardView = h("div", { class: "dashboard-view", hidden: true });
  const showCells = new Set<string>();
  let drawn: unknown = null;

  options.controls.replaceChildren(
    h("div", { class: "file" }, file, h("label", { for: fileId, class: "file-label" }, tr("browser.open"))),
    h("div", { class: "actions" }, save, fresh),
    status,
  );
  options.workbookArea.replaceChildren(tabs, gridHolder, dashboardView);

  file.addEventListener("change", async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    try {
      await open(await MemoryWorkbook.fromBuffer(await chosen.arrayBuffer(), chosen.name));
    } catch (error) {
      status.textContent = error instanceof WorkbookError ? error.userMessage[lang] : tr("browser.readError", { file: chosen.name });
    } finally {
      file.value = "";
    }
  });

  async function newWorkbook() {
    await open(await MemoryWorkbook.empty(lang === "fr" ? "Feuil1" : "Sheet1", lang === "fr" ? "classeur.xlsx" : "workbook.xlsx"));
  }

  async function open(next: MemoryWorkbook) {
    unsubscribe?.();
    workbook = next;
    unsubscribe = next.subscribe(() => {
      renderTabs();
      renderView();
    });
    grid.setWorkbook(next);
    save.removeAttribute("disabled");
    options.onWorkbook(next);
    await controller.setWorkbook(next);
    status.textContent = tr("browser.loaded", { file: next.fileName, count: (await next.listSheets()).length });
    renderTabs();
    renderView();
  }

  function renderView() {
    const wb = workbook;
    const sheet = wb?.activeName ?? "";
    const shown = wb && !showCells.has(sheet) ? wb.dashboardOf(sheet) : undefined;
    gridHolder.hidden = shown !== undefined;
    dashboardView.hidden = shown === undefined;
    const cellsButton = (sheetName: string, cells: boolean) =>
      h(
        "fluent-button",
        {
          appearance: "outline",
          class: "dashboard-toggle",
          onclick: () => {
            if (cells) showCells.add(sheetName);
            else showCells.delete(sheetName);
            drawn = null;
            renderView();
          },
        },
        t(lang, cells ? "sync.dash.showCells" : "sync.dash.showDashboard"),
      );
    if (!shown) {
      drawn = null;
      const back = wb && showCells.has(sheet) && wb.dashboardOf(sheet);
      const bar = gridHolder.querySelector(".dashboard-bar");
      if (back && !bar) gridHolder.prepend(h("div", { class: "dashboard-bar" }, cellsButton(sheet, false)));
      if (!back) bar?.remove();
      return;
    }
    if (drawn === shown) return;
    drawn = shown;
    dashboardView.replaceChildren(h("div", { class: "dashboard-bar" }, cellsButton(sheet, true)), renderDashboard(document, shown.spec, shown.lang));
  }

  function renderTabs() {
    if (!workbook) return;
    const wb = workbook;
    void wb.listSheets().then((names) => {
      tabs.replaceChildren(
        ...names.map((name) =>
          h(
            "button",
            {
              role: "tab",
              type: "button",
              class: "sheet-tab",
              "aria-selected": String(name === wb.activeName),
              tabindex: name === wb.activeName ? 0 : -1,
              "data-sheet": name,
              onclick: () => wb.activate(name),
              onkeydown: (e: Event) => {
                const key = (e as KeyboardEvent).key;
                const i = names.indexOf(name);
                const next = key === "ArrowRight" ? names[i + 1] : key === "ArrowLeft" ? names[i - 1] : undefined;
                if (next) {
                  wb.activate(next);
                  tabs.querySelector<HTMLElement>(`[data-sheet="${CSS.escape(next)}"]`)?.focus();
                }
              },
            },
            name,
          ),
        ),
      );
    });
  }

  async function saveWorkbook() {
    if (!workbook) return;
    const blob = await workbook.save();
    const url = URL.createObjectURL(blob);
    const a = h("a", { href: url, download: workbook.fileName }) as HTMLAnchorElement;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    status.textContent = tr("browser.saved", { file: workbook.fileName });
  }

  return { open };
}
