import { describe, expect, it } from "vitest";
import { Deadline } from "../model/deadline";
import { parseDeadline } from "./deadline";

const value = (r: ReturnType<typeof parseDeadline>) => (r.ok ? r.value : r.reason);

describe("parseDeadline", () => {
  it.each([
    [44377, "dd/mm/yyyy", { type: "date", date: "2021-06-30" }],
    [44561, "mm-dd-yy", { type: "date", date: "2021-12-31" }],
    ["31/12/2021", undefined, { type: "date", date: "2021-12-31", text: "31/12/2021" }],
    ["au plus tard le 31/12/2021", undefined, { type: "date", date: "2021-12-31", text: "au plus tard le 31/12/2021" }],
    ["15 novembre 2021", undefined, { type: "date", date: "2021-11-15", text: "15 novembre 2021" }],
    ["fin juin 2021", undefined, { type: "date", date: "2021-06-30", text: "fin juin 2021" }],
    ["fin novembre 2021", undefined, { type: "date", date: "2021-11-30", text: "fin novembre 2021" }],
    ["Avant fin juin 2021", undefined, { type: "date", date: "2021-06-30", text: "Avant fin juin 2021" }],
    ["by end of June 2021", undefined, { type: "date", date: "2021-06-30", text: "by end of June 2021" }],
    ["fim de junho de 2021", undefined, { type: "date", date: "2021-06-30", text: "fim de junho de 2021" }],
    ["fin 2021", undefined, { type: "date", date: "2021-12-31", text: "fin 2021" }],
    ["d'ici fin 2021", undefined, { type: "date", date: "2021-12-31", text: "d'ici fin 2021" }],
    ["fin de l'année 2021", undefined, { type: "date", date: "2021-12-31", text: "fin de l'année 2021" }],
    ["2e semestre 2021", undefined, { type: "date", date: "2021-12-31", text: "2e semestre 2021" }],
    ["fin du 1er semestre 2021", undefined, { type: "date", date: "2021-06-30", text: "fin du 1er semestre 2021" }],
    ["S2 2021", undefined, { type: "date", date: "2021-12-31", text: "S2 2021" }],
    ["T3 2021", undefined, { type: "date", date: "2021-09-30", text: "T3 2021" }],
    ["Février 2024", undefined, { type: "date", date: "2024-02-29", text: "Février 2024" }],
    [2022, "General", { type: "date", date: "2022-12-31", text: "2022" }],
    ["fin novembre de chaque année", undefined, { type: "annual", month: 11, day: "end", text: "fin novembre de chaque année" }],
    ["au plus tard fin novembre de chaque année", undefined, { type: "annual", month: 11, day: "end", text: "au plus tard fin novembre de chaque année" }],
    ["end of November each year", undefined, { type: "annual", month: 11, day: "end", text: "end of November each year" }],
    ["le 30 novembre de chaque année", undefined, { type: "annual", month: 11, day: 30, text: "le 30 novembre de chaque année" }],
    ["Annually, by 15 March", undefined, { type: "annual", month: 3, day: 15, text: "Annually, by 15 March" }],
    ["até ao fim de novembro de cada ano", undefined, { type: "annual", month: 11, day: "end", text: "até ao fim de novembro de cada ano" }],
    ["Permanent", undefined, { type: "open", text: "Permanent" }],
    ["Continu", undefined, { type: "open", text: "Continu" }],
    ["En continu", undefined, { type: "open", text: "En continu" }],
    ["dès signature", undefined, { type: "open", text: "dès signature" }],
    ["Dès la signature de l'accord", undefined, { type: "open", text: "Dès la signature de l'accord" }],
    ["Ongoing", undefined, { type: "open", text: "Ongoing" }],
    ["Contínuo", undefined, { type: "open", text: "Contínuo" }],
    ["Permanente", undefined, { type: "open", text: "Permanente" }],
  ])("%j (%s)", (cell, format, expected) => {
    const r = parseDeadline(cell, format);
    expect(value(r)).toEqual(expected);
    if (r.ok) expect(Deadline.parse(r.value)).toEqual(r.value);
  });

  it.each([
    ["31/02/2021", "impossible-date"],
    ["fin 31/02/2021", "impossible-date"],
    ["31 février de chaque année", "unrecognised-deadline"],
    ["chaque année", "unrecognised-deadline"],
    ["Annuel", "unrecognised-deadline"],
    ["fin novembre", "unrecognised-deadline"],
    ["quand les fonds seront disponibles", "unrecognised-deadline"],
    ["fin T5 2021", "unrecognised-deadline"],
    [true, "unrecognised-deadline"],
    [0.5, "unrecognised-deadline"],
    ["", "empty"],
    ["n/a", "missing"],
  ])("rejects %j (%s)", (cell, reason) => {
    expect(value(parseDeadline(cell))).toBe(reason);
  });
});
