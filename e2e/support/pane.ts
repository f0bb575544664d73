import type { Page } from "playwright-core";
import { expect } from "vitest";

/** The pane in browser mode, driven as a user would (shared by the e2e test files). */

export interface ListedIssue {
  cell: string;
  row: number;
  severity: string;
  code: string;
}

/** A Browser or a BrowserContext (each context has its own storage: another user, another computer). */
export interface PageMaker {
  newPage(options?: { viewport?: { width: number; height: number } }): Promise<Page>;
}

export async function openPane(
  maker: PageMaker,
  url: string,
  lang: "fr" | "en",
  viewport = { width: 1400, height: 1500 },
): Promise<{ page: Page; errors: string[] }> {
  const page = await maker.newPage({ viewport });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // The pane is ready when its first button shows; the page's "load" (every subresource, office.js's own
  // included) is not waited for. A navigation that stalls (once in a CI run, for 30 s, on a busy machine with
  // three wrangler dev servers) is tried again once: the local asset server is not what these tests test.
  for (let attempt = 1; ; attempt++) {
    try {
      await page.goto(`${url}/?lang=${lang}`, { waitUntil: "domcontentloaded", timeout: 20_000 });
      await page.locator("#check-button").waitFor({ timeout: 20_000 });
      break;
    } catch (error) {
      if (attempt >= 2 || !(error instanceof Error && error.name === "TimeoutError")) throw error;
    }
  }
  expect(await page.getAttribute("html", "lang")).toBe(lang);
  return { page, errors };
}

export async function openFile(page: Page, path: string, name: string): Promise<void> {
  await page.setInputFiles("input[type=file]", path);
  await page.locator(".browser-status", { hasText: name }).waitFor();
}

export async function idle(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector(".pane")?.getAttribute("aria-busy") === "false");
}

export async function check(page: Page): Promise<void> {
  await idle(page);
  const before = await page.locator(".summary").count();
  await page.click("#check-button");
  await idle(page);
  if (before === 0) await page.locator(".summary").waitFor();
  expect(await page.locator(".error-box").isHidden()).toBe(true);
}

export async function issues(page: Page): Promise<ListedIssue[]> {
  return page.$$eval("#result .issue button", (buttons) =>
    buttons.map((b) => {
      const d = (b as HTMLElement).dataset;
      return { cell: d.cell ?? "", row: Number(d.row), severity: d.severity ?? "", code: d.code ?? "" };
    }),
  );
}

export const gridCell = (cell: string) => `.grid [data-cell="${cell}"]`;

/** Type into a cell of the grid as a user would: double-click, type, Enter. */
export async function type(page: Page, cell: string, text: string): Promise<void> {
  await page.dblclick(gridCell(cell));
  const editor = page.locator(".cell-editor");
  await editor.fill(text);
  await editor.press("Enter");
}

export async function chooseOption(page: Page, select: string, value: string): Promise<void> {
  await page.click(select);
  await page.click(`${select} fluent-option[value="${value}"]`);
}
