import { describe, expect, it } from "vitest";
import { unnamedControls } from "./test-a11y";
import { API, setup } from "./test-sync";
import { mountPane } from "./view";

const tick = () => new Promise((r) => setTimeout(r, 0));

async function mounted() {
  const s = await setup({ open: false });
  const root = document.createElement("div");
  document.body.replaceChildren(root);
  mountPane(root, s.pane, "excel", { controller: s.sync, defaultUrl: API });
  const $ = <T extends HTMLElement = HTMLElement>(selector: string) => root.querySelector<T>(selector)!;
  return { ...s, root, $ };
}

describe("the pane's sync sections, drawn", () => {
  it("asks for the address and token, then says who is connected; every control has a name", async () => {
    const { root, $, open, api } = await mounted();
    expect($(".connect-form").hidden).toBe(true);
    await open();
    expect($(".connect-form").hidden).toBe(false);
    expect($("#connect-url").getAttribute("value")).toBe(API);
    expect($("#preview-button").hasAttribute("disabled")).toBe(true);
    expect(unnamedControls(root)).toEqual([]);
    $("#connect-token").setAttribute("value", api.token);
    $("#connect-button").click();
    for (let i = 0; i < 20 && $(".connected").hidden; i++) await tick();
    expect($(".connect-form").hidden).toBe(true);
    expect($("#connected-as").dataset).toMatchObject({ role: "administration", actor: "CI" });
    expect($("#connected-as").textContent).toContain("Administration : Côte d'Ivoire (CI)");
    expect($("#preview-button").hasAttribute("disabled")).toBe(false);
    $("#sign-out").click();
    await tick();
    expect($(".connect-form").hidden).toBe(false);
  });

  it("shows the preview's counts and records, the rows held back, what waits in the outbox, and a conflict to resolve", async () => {
    const { root, $, open, sync, api, net, pane, excel, sheet } = await mounted();
    await open();
    await sync.connect("", api.token);
    await sync.preview();
    const count = sync.state.preview!.outgoing.count;
    expect($('#preview .counts li[data-result="created"]').dataset.count).toBe(String(count));
    expect(root.querySelectorAll('#preview tr[data-result="created"]')).toHaveLength(count);
    expect($("#preview .held").dataset.rows).toBe("0");
    expect($("#push-button").hasAttribute("disabled")).toBe(false);
    expect($("#push-button").textContent).toBe(`Envoyer ${count} enregistrements`);

    net.up = false;
    $("#push-button").click();
    for (let i = 0; i < 50 && $("#outbox").dataset.count !== "1"; i++) await tick();
    expect($("#outbox").dataset).toMatchObject({ count: "1", records: String(count) });
    expect($("#outbox").textContent).toContain("attendent d'être envoyés");
    expect($("#push-button").hasAttribute("disabled")).toBe(true);
    net.up = true;
    await sync.flush();
    expect($("#outbox").dataset.count).toBe("0");

    // The region changes a record the sheet changes too: a conflict, field by field.
    const first = pane.state.result!.followUps[0]!;
    const server = api.followUps.get(`${first.recommendationId}/CI`)!;
    api.seedFollowUp(first, { ...server.fields, comment: "vu par le BRRC", progress: 100 }, "BRRC");
    const column = pane.state.result!.mapping.find((m) => m.field === "comment")!.column;
    excel.model.setValues(sheet.input.name, [["remarque du pays"]], { at: `${String.fromCharCode(64 + column)}${first.at.row}` });
    await pane.check();
    await sync.preview();
    await sync.push();
    const article = $("article.conflict");
    expect(article.dataset.key).toBe(`${first.recommendationId}/CI`);
    const fields = [...article.querySelectorAll<HTMLElement>(".conflict-field")].map((f) => f.dataset.field);
    expect(fields).toEqual(["progress", "comment"]);
    expect(unnamedControls(root)).toEqual([]);
    // Apply without choosing: it says which field needs a choice, and sends nothing.
    const before = api.pushesApplied;
    $(".conflict-apply").click();
    expect($(".conflict-message").textContent).toContain("Taux de réalisation");
    article.querySelector('fluent-radio-group[data-field="progress"]')!.setAttribute("value", "region");
    article.querySelector('fluent-radio-group[data-field="comment"]')!.setAttribute("value", "sheet");
    $(".conflict-apply").click();
    for (let i = 0; i < 50 && root.querySelector("article.conflict"); i++) await tick();
    expect(root.querySelector("article.conflict")).toBeNull();
    expect(api.pushesApplied).toBe(before + 1);
    expect(api.followUps.get(`${first.recommendationId}/CI`)!.fields).toMatchObject({ progress: 100, comment: "remarque du pays" });
  });
});
