import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { FollowUpFields } from "../../shared/model/follow-up";
import { IndicatorValueFields } from "../../shared/model/indicator-value";
import { parseSheet } from "../../shared/pipeline/parse-sheet";
import type { CellValue } from "../../shared/pipeline/types";
import type { PullResponse, PushRequest, PushResponse } from "../../shared/sync/protocol";
import { toPushBody } from "../../shared/sync/push-body";
import { TEST_REFERENCE } from "../test/fixtures";
import type { Tokens } from "../test/helpers";
import { call, fu, iv, makeToken, makeTokens, seed } from "../test/helpers";

/**
 * Spreadsheet injection: text that a spreadsheet would run as a formula (=, +, -, @) or that starts with a
 * tab or a carriage return goes sheet → pipeline → API → D1 → pull as the very same text, and every CSV
 * export writes it so that Excel shows it as text.
 */
const DANGEROUS = ["=1+1", "+33 6 12 34 56", "-5 jours", "@SUM(A1:A3)", '=HYPERLINK("http://x","clic")', "=cmd|' /C calc'!A0", "-", "@", "+", "\tTab", "\rRetour"];
const STARTS = ["=", "+", "-", "@", "\t", "\r"];

let t: Tokens;
beforeAll(async () => {
  await seed();
  t = await makeTokens();
});

const pullAll = async (token: string) => (await call<PullResponse>("GET", "/v1/sync/pull?since=0&limit=5000", { token })).json;
const pick = (record: object, keys: string[]) => Object.fromEntries(keys.map((k) => [k, (record as Record<string, unknown>)[k] ?? null]));

describe("sheet → API → D1 → pull", () => {
  it("gives back exactly the text the pipeline read from the sheet", async () => {
    // A follow-up sheet and an indicator sheet whose text cells start with what spreadsheets run
    const texts = (i: number): [string, string, string] => [DANGEROUS[i % DANGEROUS.length]!, DANGEROUS[(i + 4) % DANGEROUS.length]!, DANGEROUS[(i + 8) % DANGEROUS.length]!];
    const followUpRows: CellValue[][] = ["1", "2", "3", "D1"].map((n, i) => [n, "En cours", 0.5, ...texts(i)]);
    const followUps = parseSheet(
      { name: "Suivi", values: [["Suivi des recommandations — Côte d'Ivoire"], ["N°", "Statut", "Taux de réalisation", "Actions menées", "Observations", "Preuves"], ...followUpRows] },
      TEST_REFERENCE,
      { meetingId: "PC11" },
    );
    const valueRows: CellValue[][] = DANGEROUS.map((s, i) => ["REV", `${2010 + i}Q1`, i, s, DANGEROUS[(i + 3) % DANGEROUS.length]!]);
    const values = parseSheet({ name: "KPI", values: [["Indicateurs — Côte d'Ivoire"], ["Code indicateur", "Période", "Valeur", "Source", "Commentaire"], ...valueRows] }, TEST_REFERENCE);
    expect([...followUps.issues, ...values.issues].filter((i) => i.severity === "error")).toEqual([]);
    expect([followUps.followUps.length, values.indicatorValues.length]).toEqual([4, DANGEROUS.length]);

    // What the sheet said, cell by cell, as the pipeline read it
    followUps.followUps.forEach((r, i) => {
      const [actions, comment, evidence] = texts(i);
      expect([r.actions, r.comment, r.evidence]).toEqual([actions, comment, evidence].map(asRead));
    });
    values.indicatorValues.forEach((r, i) => expect([r.source, r.comment]).toEqual([DANGEROUS[i]!, DANGEROUS[(i + 3) % DANGEROUS.length]!].map(asRead)));

    const request: PushRequest = {
      followUps: followUps.followUps.map((r) => ({ key: { recommendationId: r.recommendationId, actorId: r.actorId }, fields: pick(r, Object.keys(FollowUpFields.shape)) as never, baseVersion: null })),
      indicatorValues: values.indicatorValues.map((r) => ({ key: { indicatorCode: r.indicatorCode, actorId: r.actorId, period: r.period }, fields: pick(r, Object.keys(IndicatorValueFields.shape)) as never, baseVersion: null })),
    };
    // sent as the add-in and the CLI send it: values as columns
    const pushed = await call<PushResponse>("POST", "/v1/sync/push", { token: t.CI, body: toPushBody(request) });
    expect(pushed.json.summary).toMatchObject({ created: 4 + DANGEROUS.length, rejected: 0 });

    const pulled = await pullAll(t.CI);
    for (const sent of request.followUps!) {
      const back = pulled.followUps.find((f) => f.key.recommendationId === sent.key.recommendationId && f.key.actorId === "CI")!;
      expect([back.fields.actions, back.fields.comment, back.fields.evidence]).toEqual([sent.fields.actions, sent.fields.comment, sent.fields.evidence]);
    }
    for (const sent of request.indicatorValues!) {
      const back = pulled.indicatorValues.find((v) => v.key.indicatorCode === "REV" && v.key.actorId === "CI" && v.key.period === sent.key.period)!;
      expect([back.fields.source, back.fields.comment]).toEqual([sent.fields.source, sent.fields.comment]);
    }
    // the lists and the history say the same
    const list = await call("GET", "/v1/indicator-values?indicatorCode=REV&actorId=CI&limit=5000", { token: t.CI });
    const bySource = new Set(list.json.indicatorValues.map((v: { fields: { source: string } }) => v.fields.source));
    for (const s of DANGEROUS) expect(bySource.has(asRead(s))).toBe(true);
    const history = await call("GET", "/v1/history/follow-ups?actorId=CI&recommendationId=PC11-R01", { token: t.CI });
    expect(JSON.stringify(history.json.history[0].changes)).toContain(JSON.stringify(texts(0)[0]));
  });

  it("keeps any text that starts like a formula or a control character, byte for byte", { timeout: 60_000 }, async () => {
    const text = fc
      .tuple(fc.constantFrom(...STARTS), fc.string({ unit: "binary", maxLength: 60 }))
      .map(([start, rest]) => start + rest)
      .filter((s) => !s.includes("\u0000"));
    let year = 1800;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 30 }), async (pairs) => {
        const records = pairs.map(([source, comment]) => iv("CLR", "SN", `${year++}Q2`, { value: 1, source, comment }));
        const { cursor } = (await call<PullResponse>("GET", "/v1/sync/pull?since=999999999", { token: t.SN })).json;
        const pushed = await call<PushResponse>("POST", "/v1/sync/push", { token: t.SN, body: { indicatorValues: records } });
        expect(pushed.status, pushed.text.slice(0, 200)).toBe(200);
        expect(pushed.json.summary.created).toBe(records.length);
        const pulled = (await call<PullResponse>("GET", `/v1/sync/pull?since=${cursor}&limit=5000`, { token: t.SN })).json;
        const mine = new Map(pulled.indicatorValues.map((v) => [v.key.period, v.fields]));
        expect(mine.size).toBe(records.length);
        for (const r of records) expect(mine.get(r.key.period)).toMatchObject({ source: r.fields.source, comment: r.fields.comment });
      }),
      { numRuns: 10 },
    );
  });
});

/** The pipeline trims the whitespace around a cell's text (a tab or a carriage return at the start goes). */
function asRead(cell: string): string {
  return cell.trim();
}

// CSV ------------------------------------------------------------------------------------------------------

/** RFC 4180 as Excel writes and reads it: quoted cells may hold the delimiter, quotes and line breaks. */
function parseCsv(text: string, delimiter = ","): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const body = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === "") quoted = true;
    else if (c === delimiter) {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && body[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** What Excel would take for a formula or a control sequence: a negative number is a number, not a formula. */
function active(cell: string): boolean {
  if (/^[=+@\t\r]/.test(cell)) return true;
  return cell.startsWith("-") && !/^-\d+(\.\d+)?(e[+-]?\d+)?$/i.test(cell);
}

describe("CSV exports", () => {
  it("write every text that could run as a formula with a leading apostrophe, in every export", async () => {
    // Text that reaches the exports: the names of administrations, recommendations' text, who changed a record
    const gm = (await call("GET", "/v1/actors/GM", { token: t.brrc })).json;
    const { version: gmVersion, ...gmActor } = gm;
    const renamed = await call("PUT", "/v1/actors/GM", { token: t.brrc, body: { baseVersion: gmVersion, actor: { ...gmActor, nameFr: "=Gambie", nameEn: "@Gambia" } } });
    expect(renamed.status, renamed.text.slice(0, 300)).toBe(200);
    const rec = (await call("GET", "/v1/recommendations/PC11-R03", { token: t.brrc })).json;
    const { version: recVersion, ...recommendation } = rec;
    const edited = await call("PUT", "/v1/recommendations/PC11-R03", { token: t.brrc, body: { baseVersion: recVersion, recommendation: { ...recommendation, textFr: "+Suivre les indicateurs" } } });
    expect(edited.status, edited.text.slice(0, 300)).toBe(200);
    const labels = ["=1+1", "+1", "-x", "@SUM(A1)", "\tTab", "\rRetour"];
    for (const [i, label] of labels.entries()) {
      const token = await makeToken("brrc", null, label);
      const actor = ["SN", "GM", "GQ", "SN", "GM", "GQ"][i]!; // records no one wrote before: the label is who changed them
      const recommendationId = ["PC11-R01", "PC11-R01", "PC11-R02", "PC11-R02", "PC12-R01", "PC12-R01"][i]!;
      const r = await call<PushResponse>("POST", "/v1/sync/push", { token, body: { followUps: [fu(recommendationId, actor, { status: "in-progress" })], indicatorValues: [iv("REV", actor, `2021Q${(i % 4) + 1}`, { value: i + 1 })] } });
      expect(r.status, r.text.slice(0, 300)).toBe(200);
    }

    const exports = [
      "/v1/reports/recommendations?format=csv&groupBy=recommendation",
      "/v1/reports/recommendations?format=csv&groupBy=addressee",
      "/v1/reports/recommendations?format=csv&groupBy=administration",
      "/v1/reports/recommendations?format=csv&groupBy=administration&delimiter=;",
      "/v1/reports/meetings/PC12/previous?format=csv",
      "/v1/reports/indicators?format=csv",
      "/v1/reports/completeness?period=2021Q1&format=csv",
      "/v1/reports/stale-follow-ups?since=2999-01-01&format=csv",
      "/v1/reports/stale-follow-ups?since=2999-01-01&format=csv&delimiter=;",
    ];
    const seen = new Set<string>();
    for (const path of exports) {
      const r = await call("GET", path, { token: t.brrc });
      expect(r.status, path).toBe(200);
      expect(r.headers.get("content-type")).toMatch(/^text\/csv/);
      const rows = parseCsv(r.text, path.includes("delimiter=;") ? ";" : ",");
      expect(rows.length, path).toBeGreaterThan(1);
      const width = rows[0]!.length;
      for (const row of rows) {
        expect(row.length, `${path}: ${JSON.stringify(row)}`).toBe(width);
        for (const cell of row) {
          expect(active(cell), `${path}: ${JSON.stringify(cell)}`).toBe(false);
          if (cell.startsWith("'")) seen.add(cell.slice(1));
        }
      }
    }
    // the dangerous texts were in the exports, made inert
    for (const text of ["=Gambie", "@Gambia", "+Suivre les indicateurs", ...labels]) expect(seen, JSON.stringify(text)).toContain(text);
  });
});
