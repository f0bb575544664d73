import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiClient } from "../worker/client";
import { launchBrowser } from "./support/browser";
import { eventually } from "./support/eventually";
import { check, gridCell, idle, issues, openFile, openPane, type } from "./support/pane";
import { fixture, repoRoot } from "./support/paths";
import { startWorker, type WorkerServer } from "./support/wrangler";

/**
 * Issue 6 end to end, in browser mode: the pane served by a real `wrangler dev` with a local D1 (seeded with
 * the reference data and local tokens by the test), in Debian's headless chromium. Send, pull, dashboards,
 * the outbox across a cut and a reload, and a conflict between two panes. Screenshots for the README.
 */

const screenshots = join(repoRoot, "docs", "screenshots");
let server: WorkerServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startWorker({
      seed: true,
      tokens: {
        CI: { role: "administration", actorId: "CI" },
        GM: { role: "administration", actorId: "GM" },
        brrc: { role: "brrc" },
      },
    }),
    launchBrowser(),
  ]);
  mkdirSync(screenshots, { recursive: true });
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

/** A fresh browser profile: its own localStorage and IndexedDB (another user, another computer). */
async function newContext(): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1500 } });
  contexts.push(context);
  return context;
}

/** The API as another program sees it (the BRRC token sees every administration). */
function api(token = server.tokens.brrc!) {
  return createApiClient(server.url, { token });
}

async function regionRecords() {
  const res = await api().v1.sync.pull.$get({ query: { since: "0", limit: "5000" } });
  expect(res.status).toBe(200);
  return (await res.json()) as { followUps: { key: { recommendationId: string; actorId: string }; fields: Record<string, unknown>; version: number }[]; indicatorValues: { key: { indicatorCode: string; actorId: string; period: string }; version: number }[] };
}

async function connect(page: Page, token: string): Promise<void> {
  await page.locator("#connect-token").waitFor();
  await page.waitForFunction(() => !document.querySelector(".connect-form")?.hasAttribute("hidden"));
  expect(await page.locator("#connect-url").evaluate((el) => (el as HTMLInputElement).value)).toBe(server.url);
  await page.locator("#connect-token input").fill(token);
  await page.click("#connect-button");
  await page.locator("#connected-as").waitFor();
  await idle(page);
}

/** The preview's counts, by result. */
async function counts(page: Page): Promise<Record<string, number>> {
  return page.$$eval("#preview .counts li", (items) => Object.fromEntries(items.map((li) => [li.getAttribute("data-result"), Number(li.getAttribute("data-count"))])));
}

async function preview(page: Page): Promise<Record<string, number>> {
  await idle(page);
  await page.click("#preview-button");
  await idle(page);
  await page.locator("#preview .counts").waitFor();
  expect(await page.locator(".error-box").isHidden()).toBe(true);
  return counts(page);
}

async function push(page: Page): Promise<string> {
  await eventually(async () => expect(await page.locator("#push-button").getAttribute("disabled")).toBeNull());
  await page.click("#push-button");
  await idle(page);
  return page.locator("#status").innerText();
}

async function pull(page: Page): Promise<{ total: number; sheets: string[] }> {
  await page.click("#pull-button");
  await idle(page);
  const result = page.locator("#pull-result");
  await eventually(async () => expect(await result.getAttribute("data-total")).not.toBeNull());
  return { total: Number(await result.getAttribute("data-total")), sheets: (await result.getAttribute("data-sheets"))!.split("|") };
}

async function showSheet(page: Page, name: string): Promise<void> {
  await page.click(`.sheet-tab[data-sheet="${name}"]`);
  await eventually(async () => expect(await page.locator('.sheet-tab[aria-selected="true"]').innerText()).toBe(name));
}

/** The text of a column of the grid, from row `first` down to the first empty cell. */
async function column(page: Page, letter: string, first: number): Promise<string[]> {
  const out: string[] = [];
  for (let r = first; ; r++) {
    const text = (await page.locator(gridCell(`${letter}${r}`)).innerText()).trim();
    if (!text) return out;
    out.push(text);
  }
}

describe("sending a sheet to the region, and back", () => {
  it("checks, fixes, previews, pushes, pulls the Côte d'Ivoire sheet, and shows it on the recommendations dashboard", async () => {
    const { page, errors } = await openPane(await newContext(), server.url, "fr");
    await openFile(page, fixture("suivi-recommandations-civ-2021.xlsx"), "suivi-recommandations-civ-2021.xlsx");
    await connect(page, server.tokens.CI!);
    expect(await page.locator("#connected-as").getAttribute("data-role")).toBe("administration");
    expect(await page.locator("#connected-as").getAttribute("data-actor")).toBe("CI");
    expect(await page.locator("#connected-as").innerText()).toContain("Côte d'Ivoire");
    await check(page);
    expect(await page.locator(".summary").getAttribute("data-errors")).toBe("0");

    // A status the pipeline does not know: the row is held back, and the preview says why.
    await type(page, "E7", "Peut-être");
    await page.locator('#result .issue button[data-cell="E7"]').waitFor();
    const held = await preview(page);
    expect(held).toEqual({ created: 23, updated: 0, unchanged: 0, conflict: 0, rejected: 0 });
    expect(await page.locator("#preview .held").getAttribute("data-rows")).toBe("1");
    expect(await page.locator('#preview .held button[data-cell="E7"]').count()).toBe(1);

    // Fixed: the preview is stale until asked again, then all 24 are to be created.
    await type(page, "E7", "Non entamé");
    await page.locator('#result .issue button[data-cell="E7"]').waitFor({ state: "detached" });
    await eventually(async () => expect(await page.locator("#push-button").getAttribute("disabled")).not.toBeNull());
    expect(await preview(page)).toEqual({ created: 24, updated: 0, unchanged: 0, conflict: 0, rejected: 0 });
    expect(await page.locator("#preview .held").getAttribute("data-rows")).toBe("0");
    expect(await page.locator('#preview tr[data-result="created"]').count()).toBe(24);
    await page.locator("section.send").screenshot({ path: join(screenshots, "preview-fr.png") });

    expect(await push(page)).toContain("24 créés");
    expect(await page.locator("#outbox").getAttribute("data-count")).toBe("0");
    const region = await regionRecords();
    expect(region.followUps.filter((r) => r.key.actorId === "CI")).toHaveLength(24);

    // Pulled into the "Région" sheet: one row per record, key first.
    expect(await pull(page)).toEqual({ total: 24, sheets: ["Région"] });
    await showSheet(page, "Région");
    expect(await page.locator(gridCell("A1")).innerText()).toBe("Clé");
    const keys = await column(page, "A", 2);
    expect(keys).toHaveLength(24);
    expect(keys).toContain("PC11-R01/CI");
    // A second pull changes nothing and adds no row.
    expect(await pull(page)).toEqual({ total: 24, sheets: ["Région"] });
    expect(await column(page, "A", 2)).toEqual(keys);

    // The recommendations dashboard of the sheet's meeting (PC11), drawn in the page and written as a sheet.
    await page.click("#dash-build");
    await idle(page);
    await page.locator('.dashboard[data-dashboard="recommendations"]').waitFor();
    expect(await page.locator("#dash-result").getAttribute("data-dashboard")).toBe("recommendations");
    expect(await page.locator("#dash-result .as-of").innerText()).toMatch(/^Données au \d{2}\/\d{2}\/\d{4}/);
    expect(await page.locator(".dashboard .dash-as-of").innerText()).toMatch(/^Données au/);
    const ci = page.locator('.dashboard table[data-table="administrations"] tr', { hasText: "Côte d'Ivoire" });
    // Columns: not started, in progress, implemented, not applicable, total…
    expect(await ci.locator("td").nth(4).innerText()).toBe("24");
    expect(await page.locator(".dashboard svg[role=img]").count()).toBeGreaterThan(0);
    await eventually(async () => expect(await page.locator('.sheet-tab[aria-selected="true"]').innerText()).toBe("TdB recommandations"));
    await page.screenshot({ path: join(screenshots, "dashboard-recommendations-fr.png") });
    // Refreshed in place: still one dashboard sheet.
    await page.click("#dash-build");
    await idle(page);
    expect(await page.locator('.sheet-tab[data-sheet^="TdB recommandations"]').count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it("does the same for The Gambia's indicator workbook, up to the indicators dashboard", async () => {
    const { page, errors } = await openPane(await newContext(), server.url, "en");
    await openFile(page, fixture("kpi-gambia-2021.xlsx"), "kpi-gambia-2021.xlsx");
    await check(page);
    expect(await page.locator(".summary").getAttribute("data-kind")).toBe("indicator-values");
    expect((await issues(page)).filter((i) => i.severity === "error")).toEqual([]);
    await connect(page, server.tokens.GM!);
    expect(await page.locator("#connected-as").innerText()).toContain("Gambia");

    expect(await preview(page)).toEqual({ created: 24, updated: 0, unchanged: 0, conflict: 0, rejected: 0 });
    await page.locator("section.send").screenshot({ path: join(screenshots, "preview-en.png") });
    expect(await push(page)).toContain("24 created");
    const values = (await regionRecords()).indicatorValues.filter((v) => v.key.actorId === "GM");
    expect(values).toHaveLength(24);
    expect(values.every((v) => v.version === 1)).toBe(true);

    expect(await pull(page)).toEqual({ total: 24, sheets: ["Region indicators"] });
    await showSheet(page, "Region indicators");
    expect(await page.locator(gridCell("A1")).innerText()).toBe("Key");
    expect(await column(page, "A", 2)).toHaveLength(24);

    // The dashboard follows the checked sheet: indicators, its year.
    expect(await page.locator("#dash-year").evaluate((el) => (el as HTMLInputElement).value)).toBe("2021");
    await page.click("#dash-build");
    await idle(page);
    await page.locator('.dashboard[data-dashboard="indicators"]').waitFor();
    expect(await page.locator("#dash-result .as-of").innerText()).toMatch(/^Data as of \d{2}\/\d{2}\/\d{4}/);
    expect(await page.locator(".dashboard table").count()).toBeGreaterThan(1);
    expect(await page.locator(".dashboard").innerText()).toContain("Gambia");
    await eventually(async () => expect(await page.locator('.sheet-tab[aria-selected="true"]').innerText()).toBe("Dashboard indicators"));
    await page.screenshot({ path: join(screenshots, "dashboard-indicators-en.png") });
    expect(errors).toEqual([]);
  });

  it("keeps a push cut off in the outbox, across a reload, and delivers it once when the network returns", async () => {
    const context = await newContext();
    const { page } = await openPane(context, server.url, "fr");
    await openFile(page, fixture("consolidation-indicateurs-brrc-2021.xlsx"), "consolidation-indicateurs-brrc-2021.xlsx");
    await check(page);
    await connect(page, server.tokens.brrc!);
    // The BRRC's consolidation: the ERREUR rows are held back, the valid values go.
    expect(await preview(page)).toEqual({ created: 11, updated: 0, unchanged: 0, conflict: 0, rejected: 0 });
    expect(await page.locator("#preview .held").getAttribute("data-rows")).toBe("7");
    const keys = new Set(await page.$$eval("#preview tr[data-key]", (rows) => rows.map((r) => r.getAttribute("data-key")!)));
    expect(keys.size).toBe(11);
    const ours = async () => (await regionRecords()).indicatorValues.filter((v) => keys.has(`${v.key.indicatorCode}/${v.key.actorId}/${v.key.period}`));

    // The worst cut: the server applies the push, and the answer never arrives (then the link is down).
    let applied = 0;
    await context.route("**/v1/sync/push", async (route) => {
      await route.fetch();
      applied++;
      await context.setOffline(true);
      await route.abort("internetdisconnected");
    });
    const said = await push(page);
    expect(said).toContain("attend dans la boîte d'envoi");
    expect(applied).toBe(1);
    await eventually(async () => expect(await page.locator("#outbox").getAttribute("data-records")).toBe("11"));
    expect(await page.locator("#outbox").getAttribute("data-count")).toBe("1");
    await page.locator("#outbox").screenshot({ path: join(screenshots, "outbox-fr.png") });
    expect(await ours()).toHaveLength(11);

    // The pane is closed; it opens again with the link back but the push still failing: the outbox is still there.
    await page.close();
    await context.unroute("**/v1/sync/push");
    await context.route("**/v1/sync/push", (route) => route.abort("connectionreset"));
    await context.setOffline(false);
    const again = (await openPane(context, server.url, "fr")).page;
    await again.locator("#connected-as").waitFor();
    await eventually(async () => expect(await again.locator("#outbox").getAttribute("data-count")).toBe("1"));
    expect(await again.locator("#outbox").innerText()).toContain("11 enregistrements");

    // The link comes back: sent with the same Idempotency-Key, so the server does not apply it twice.
    await context.unroute("**/v1/sync/push");
    await again.click("#outbox-send");
    await eventually(async () => expect(await again.locator("#outbox").getAttribute("data-count")).toBe("0"));
    await eventually(async () => expect(await again.locator("#status").innerText()).toContain("Livré depuis la boîte d'envoi"));
    const after = await ours();
    expect(after.map((v) => v.version)).toEqual(Array.from({ length: 11 }, () => 1));
    for (const v of after) {
      const res = await api().v1.history["indicator-values"].$get({ query: { indicatorCode: v.key.indicatorCode, actorId: v.key.actorId, period: v.key.period } });
      const body = (await res.json()) as { history: unknown[] };
      expect(body.history).toHaveLength(1);
    }
  });

  it("meets a conflict between two panes and resolves it field by field", async () => {
    const file = fixture("suivi-recommandations-civ-2021.xlsx");
    const a = (await openPane(await newContext(), server.url, "fr")).page;
    const b = (await openPane(await newContext(), server.url, "en")).page;
    for (const page of [a, b]) {
      await openFile(page, file, "suivi-recommandations-civ-2021.xlsx");
      await connect(page, server.tokens.CI!);
      await check(page);
      await preview(page);
      // Created, or already in the region with the same values: either way both panes are now based on it.
      expect(await push(page)).toMatch(/(créés|created)/);
    }
    const key = "PC11-R05/CI";
    const before = (await regionRecords()).followUps.find((r) => `${r.key.recommendationId}/${r.key.actorId}` === key)!;

    // A changes the comment of row 9 and sends it first.
    await type(a, "H9", "Atelier prévu en mars (A)");
    await eventually(async () => expect(await a.locator(gridCell("H9")).innerText()).toBe("Atelier prévu en mars (A)"));
    expect(await preview(a)).toMatchObject({ updated: 1, unchanged: 23 });
    expect(await push(a)).toContain("1 mis à jour");

    // B changes the same record: the comment and the actions.
    await type(b, "H9", "Workshop planned for April (B)");
    await type(b, "D9", "Terms of reference drafted (B)");
    await eventually(async () => expect(await b.locator(gridCell("D9")).innerText()).toBe("Terms of reference drafted (B)"));
    expect(await preview(b)).toMatchObject({ conflict: 1, unchanged: 23 });
    expect(await push(b)).toContain("1 conflicts");
    const conflict = b.locator(`#conflicts article.conflict[data-key="${key}"]`);
    await conflict.waitFor();
    expect(await conflict.locator(".conflict-field").evaluateAll((els) => els.map((e) => e.getAttribute("data-field")))).toEqual(["actions", "comment"]);

    // Field by field: the region's comment, the sheet's actions.
    await conflict.locator('.conflict-field[data-field="comment"] fluent-radio[value="region"]').click();
    await conflict.locator('.conflict-field[data-field="actions"] fluent-radio[value="sheet"]').click();
    await b.locator("section.conflicts").screenshot({ path: join(screenshots, "conflict-en.png") });
    await conflict.locator(".conflict-apply").click();
    await idle(b);
    await conflict.waitFor({ state: "detached" });
    await eventually(async () => expect(await b.locator("#status").innerText()).toContain("1 updated"));

    // The region's value is now in B's sheet, and the region holds exactly the chosen values.
    await eventually(async () => expect(await b.locator(gridCell("H9")).innerText()).toBe("Atelier prévu en mars (A)"));
    const after = (await regionRecords()).followUps.find((r) => `${r.key.recommendationId}/${r.key.actorId}` === key)!;
    expect(after.version).toBe(before.version + 2);
    expect(after.fields.comment).toBe("Atelier prévu en mars (A)");
    expect(after.fields.actions).toBe("Terms of reference drafted (B)");
    expect(after.fields.status).toBe(before.fields.status);
    // B is now based on the region's version: previewing again changes nothing.
    await eventually(async () => expect(await b.locator('.summary').getAttribute("data-errors")).toBe("0"));
    expect(await preview(b)).toMatchObject({ unchanged: 24 });
  });
});
