import ExcelJS from "exceljs";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./support/browser";
import { eventually } from "./support/eventually";
import { check, chooseOption, gridCell, idle, issues, openFile, openPane as openPaneIn, type } from "./support/pane";
import { fixture, repoRoot } from "./support/paths";
import { startWorker, type WorkerServer } from "./support/wrangler";

/**
 * The task pane as `npm start` serves it (wrangler dev: API and pane on one origin), in browser mode in
 * Debian's headless chromium: the flows of issue 5 on the sample workbooks, and screenshots for the README.
 */

const screenshots = join(repoRoot, "docs", "screenshots");
let server: WorkerServer;
let browser: Browser;

beforeAll(async () => {
  server = await startWorker();
  browser = await launchBrowser();
  mkdirSync(screenshots, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const openPane = (lang: "fr" | "en") => openPaneIn(browser, server.url, lang);

/** Rows of the BRRC sheet whose comment says "ERREUR", read from the file itself. */
async function erreurRows(): Promise<number[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(fixture("consolidation-indicateurs-brrc-2021.xlsx"));
  const rows: number[] = [];
  workbook.getWorksheet("Consolidation")!.eachRow((row, r) => {
    if (String(row.getCell(8).value ?? "").includes("ERREUR")) rows.push(r);
  });
  return rows;
}

describe("the pane in a browser", () => {
  it("checks the Côte d'Ivoire sheet, flags a cell as it is typed, and clears it once fixed", async () => {
    const { page, errors } = await openPane("fr");
    await openFile(page, fixture("suivi-recommandations-civ-2021.xlsx"), "suivi-recommandations-civ-2021.xlsx");
    await check(page);
    await eventually(async () => expect(await page.locator(".summary").getAttribute("data-kind")).toBe("follow-up"));
    expect(await page.locator(".summary").innerText()).toContain("en-tête en ligne 4");
    const initial = await issues(page);
    expect(initial.filter((i) => i.row === 7)).toEqual([]);

    // The user types a status the pipeline does not know: the live re-check flags the cell.
    await type(page, "E7", "Peut-être");
    await page.locator('#result .issue button[data-cell="E7"]').waitFor();
    const flagged = (await issues(page)).find((i) => i.cell === "E7")!;
    expect(flagged.severity).toBe("error");
    await eventually(async () => expect(await page.locator(gridCell("E7")).getAttribute("data-mark")).toBe("error"));
    await eventually(async () => expect(await page.locator(gridCell("E7")).getAttribute("title")).toMatch(/OMD-AOC/));

    // Clicking the issue selects its cell; keyboard users get the same with Enter.
    await page.locator('#result .issue button[data-cell="E7"]').focus();
    await page.keyboard.press("Enter");
    await eventually(async () => expect(await page.locator(gridCell("E7")).getAttribute("aria-selected")).toBe("true"));
    await page.screenshot({ path: join(screenshots, "browser-mode-fr.png") });

    // Fixed: the issue and the mark disappear, and the user's sheet is as it was.
    await type(page, "E7", "Non entamé");
    await page.locator('#result .issue button[data-cell="E7"]').waitFor({ state: "detached" });
    await eventually(async () => expect(await page.locator(gridCell("E7")).getAttribute("data-mark")).toBeNull());
    expect(await issues(page)).toEqual(initial);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("flags every ERREUR row of the BRRC sheet, and no other, in French and in English", async () => {
    const expected = await erreurRows();
    expect(expected.length).toBeGreaterThan(0);
    for (const lang of ["fr", "en"] as const) {
      const { page, errors } = await openPane(lang);
      await openFile(page, fixture("consolidation-indicateurs-brrc-2021.xlsx"), "consolidation-indicateurs-brrc-2021.xlsx");
      await page.locator('fluent-checkbox[data-option="issuesSheet"]').click();
      await check(page);
      const listed = await issues(page);
      const errorRows = [...new Set(listed.filter((i) => i.severity === "error").map((i) => i.row))].sort((a, b) => a - b);
      expect(errorRows).toEqual(expected);
      for (const issue of listed.filter((i) => i.severity === "error")) {
        await eventually(async () => expect(await page.locator(gridCell(issue.cell)).getAttribute("data-mark")).toBe("error"));
      }
      await page.locator(`.sheet-tab[data-sheet="${lang === "fr" ? "Anomalies" : "Issues"}"]`).waitFor();
      await eventually(async () => expect(await page.locator(".summary").getAttribute("data-errors")).toBe(String(listed.filter((i) => i.severity === "error").length)));
      await page.locator(".pane-root").screenshot({ path: join(screenshots, `pane-${lang}.png`) });
      if (lang === "fr") await page.screenshot({ path: join(screenshots, "browser-mode-brrc-fr.png") });
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it("remembers a corrected column mapping in the saved workbook", async () => {
    const { page } = await openPane("en");
    await openFile(page, fixture("suivi-recommandations-civ-2021.xlsx"), "suivi-recommandations-civ-2021.xlsx");
    await check(page);
    await eventually(async () => expect(await page.locator('tr[data-column="H"]').getAttribute("data-field")).toBe("comment"));
    await chooseOption(page, "#mapping-H", "");
    await eventually(async () => expect(await page.locator('tr[data-column="H"]').getAttribute("data-field")).toBe(""));
    await idle(page);

    const download = page.waitForEvent("download");
    await page.click("#save-workbook");
    const saved = await (await download).path();
    await openFile(page, saved, "suivi-recommandations-civ-2021.xlsx");
    await check(page);
    await eventually(async () => expect(await page.locator('tr[data-column="H"]').getAttribute("data-field")).toBe(""));
    await page.click("#mapping-reset");
    await eventually(async () => expect(await page.locator('tr[data-column="H"]').getAttribute("data-field")).toBe("comment"));
    await page.close();
  });

  it("makes an indicator template, fills it, and checks it clean", async () => {
    const { page, errors } = await openPane("fr");
    await page.click("#new-workbook");
    await page.locator(".browser-status", { hasText: "classeur.xlsx" }).waitFor();
    await page.click('fluent-radio[value="indicator-values"]');
    await page.locator("#template-year").locator("input").fill("2021");
    const boxes = page.locator(".templates fluent-checkbox");
    for (let i = 0; i < (await boxes.count()); i++) {
      const code = await boxes.nth(i).getAttribute("data-code");
      if (code !== "CB-TRAIN" && code !== "ENF-INSP") await boxes.nth(i).click();
    }
    await chooseOption(page, "#template-actor", "CI");
    await page.click("#template-create");
    await idle(page);
    await eventually(async () => expect(await page.locator('.sheet-tab[aria-selected="true"]').innerText()).toBe("Indicateurs 2021 CI"));

    await check(page);
    const missing = await issues(page);
    expect(missing.length).toBeGreaterThan(0);
    expect(new Set(missing.map((i) => i.code))).toEqual(new Set(["missing-value"]));
    // Type a value in every empty cell: 42, which a percent cell reads as 42 %.
    for (const issue of missing) await type(page, issue.cell, "42");
    await page.locator("#result .issue").first().waitFor({ state: "detached" });
    await check(page);
    expect(await issues(page)).toEqual([]);
    await eventually(async () => expect(await page.locator(".summary").getAttribute("data-errors")).toBe("0"));
    await page.locator(".clean").waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it("makes a follow-up template that is clean as made and after the user fills it", async () => {
    const { page } = await openPane("en");
    await page.click("#new-workbook");
    await page.locator(".browser-status", { hasText: "workbook.xlsx" }).waitFor();
    await chooseOption(page, "#template-actor", "SN");
    await page.click("#template-create");
    await idle(page);
    await eventually(async () => expect(await page.locator('.sheet-tab[aria-selected="true"]').innerText()).toMatch(/^Follow-up .* SN$/));
    await check(page);
    expect(await issues(page)).toEqual([]);

    await type(page, "D5", "Implemented");
    await type(page, "E5", "100");
    await type(page, "J5", "15/11/2021");
    await type(page, "F5", "=Workshop held; -internal note");
    await check(page);
    expect(await issues(page)).toEqual([]);
    expect(await page.locator(gridCell("E5")).innerText()).toBe("100 %");
    expect(await page.locator(gridCell("F5")).innerText()).toBe("=Workshop held; -internal note");
    await page.close();
  });
});
