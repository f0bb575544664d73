import { describe, expect, it } from "vitest";
import { parseSheet } from "../../shared/pipeline/parse-sheet";
import { loadReferenceData } from "../../shared/reference";
import { ALL_CAPABILITIES } from "../excel/capabilities";
import { FakeExcel } from "../excel/fake-excel";
import { OfficeWorkbook } from "../excel/office-workbook";
import { both } from "../i18n";
import { PaneController } from "./controller";
import { unnamedControls } from "./test-a11y";
import { mountPane } from "./view";

const ref = loadReferenceData();

function mount(lang: "fr" | "en") {
  const excel = new FakeExcel(["Consolidation"]);
  excel.model.setValues("Consolidation", [
    ["Pays", "Code indicateur", "Période", "Valeur"],
    ["Wakanda", "CB-TRAIN", "2021", 10],
    ["Mali", "CB-TRAIN", "2021", -12],
  ]);
  const workbook = new OfficeWorkbook(async (batch) => batch(excel.newContext() as unknown as Excel.RequestContext), ALL_CAPABILITIES);
  const controller = new PaneController(workbook, { reference: ref, lang, pipeline: (input, options) => parseSheet(input, ref, options) });
  const root = document.createElement("div");
  document.body.replaceChildren(root);
  const view = mountPane(root, controller, "excel");
  return { excel, controller, root, view };
}

describe("the pane's view", () => {
  it("shows the result in a live region and lists issues as buttons that select their cell", async () => {
    const { excel, controller, root } = mount("fr");
    await controller.check();
    const status = root.querySelector('[role="status"]#status')!;
    expect(status.getAttribute("aria-live")).toBe("polite");
    expect(status.textContent).toContain("« Consolidation » : valeurs d'indicateurs");
    const buttons = [...root.querySelectorAll<HTMLButtonElement>("#issues-list button")];
    expect(buttons.map((b) => b.dataset.cell)).toEqual(["A2", "D3"]);
    expect(buttons[0]!.getAttribute("aria-label")).toMatch(/^Erreur A2 : Administration « Wakanda » inconnue.*Aller à la cellule A2$/);
    buttons[1]!.click();
    await new Promise((r) => setTimeout(r, 10));
    expect(excel.model.selection).toEqual({ sheet: "Consolidation", address: "D3" });
    expect(root.querySelectorAll("#result tr[data-column]")).toHaveLength(4);
    expect(unnamedControls(root)).toEqual([]);
  });

  it("speaks English when asked, and shows errors in an alert with what to do", async () => {
    const { controller, root } = mount("en");
    expect(root.querySelector("#check-button")?.textContent).toBe("Check the active sheet");
    (controller as unknown as { set(p: object): void }).set({ error: both("officeError.AccessDenied") });
    const alert = root.querySelector('[role="alert"]') as HTMLElement;
    expect(alert.hidden).toBe(false);
    expect(alert.textContent).toContain("Unprotect it (Review › Unprotect Sheet)");
    controller.dismissError();
    expect(alert.hidden).toBe(true);
  });

  it("shows progress and a Cancel button while working, and marks the pane busy", () => {
    const { controller, root } = mount("fr");
    (controller as unknown as { set(p: object): void }).set({ busy: { label: "progress.reading", progress: { done: 25, total: 100 }, cancellable: true } });
    const busy = root.querySelector(".busy") as HTMLElement;
    expect(busy.hidden).toBe(false);
    expect(busy.textContent).toContain("Lecture de la feuille…");
    expect(root.querySelector("fluent-progress")?.getAttribute("value")).toBe("25");
    expect(root.getAttribute("aria-busy")).toBe("true");
    expect(root.querySelector("#check-button")?.hasAttribute("disabled")).toBe(true);
  });
});
