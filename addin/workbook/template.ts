import type { Actor } from "../../shared/model/actor";
import type { Indicator, ValueType } from "../../shared/model/indicator";
import { periodId, type PeriodType } from "../../shared/model/period";
import type { Recommendation } from "../../shared/model/recommendation";
import type { ReferenceData } from "../../shared/model/reference";
import { isoToExcelSerial } from "../../shared/normalise/date";
import type { CellValue, FieldName } from "../../shared/pipeline/types";
import type { Lang } from "../i18n";
import { t } from "../i18n";
import type { TemplateColumn, TemplateSheet, Validation } from "./adapter";

/**
 * Templates: new sheets that are valid by construction. Headers are synonyms the pipeline maps exactly,
 * every constrained column has a dropdown or a number rule, text columns are formatted as text (so that
 * "2021" or "=x" stay what was typed), and the meeting and administration are remembered on the sheet.
 */

export type TemplateRequest =
  | { kind: "follow-up"; meetingId: string; actorId: string; lang: Lang }
  | { kind: "indicator-values"; indicatorCodes: readonly string[]; year: number; actorId: string; lang: Lang };

/** Canonical status labels, in the order of the dropdown. The pipeline reads them in either language. */
export const STATUS_LABELS: Record<Lang, string[]> = {
  fr: ["Non entamé", "En cours", "Réalisé", "Sans objet"],
  en: ["Not started", "In progress", "Implemented", "Not applicable"],
};

export const LISTS_SHEET = "OMD-AOC listes";
/** Excel refuses inline list sources longer than 255 characters: longer lists live on the lists sheet. */
const INLINE_LIST_MAX = 255;

interface ColumnDef extends TemplateColumn {
  field: FieldName;
}

const TEXT = "@";
const DATE = "dd/mm/yyyy";

function header(lang: Lang, fr: string, en: string): string {
  return lang === "fr" ? fr : en;
}

export function actorName(actor: Actor, lang: Lang): string {
  return lang === "fr" ? actor.nameFr : actor.nameEn;
}

/** Sheet names: at most 31 characters, none of : \ / ? * [ ]. */
export function safeSheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, "-").slice(0, 31).trim();
}

/** The administrations, in the dropdown's language and alphabetical order. */
function administrationNames(ref: ReferenceData, lang: Lang): string[] {
  return ref.actors
    .filter((a) => a.kind === "administration")
    .map((a) => actorName(a, lang))
    .sort((a, b) => a.localeCompare(b, lang));
}

/** An inline list when it fits, else a reference to its column on the lists sheet (see `listsOf`). */
function listValidation(values: string[], listColumn: string | undefined, message: string): Validation {
  const inline = values.join(",").length <= INLINE_LIST_MAX && !values.some((v) => v.includes(","));
  if (inline) return { type: "list", values, message };
  if (!listColumn) throw new Error("list too long to inline and has no column on the lists sheet");
  return { type: "list", values, message, source: { sheet: LISTS_SHEET, column: listColumn } };
}

/** Does the recommendation concern the actor, directly or through a group it belongs to? */
function addressedTo(rec: Recommendation, actor: Actor, ref: ReferenceData): boolean {
  return rec.addressees.some((id) => {
    if (id === actor.id) return true;
    const group = ref.actors.find((a) => a.id === id && a.kind === "group");
    return !!group && (group.members.includes(actor.id) || (group.members.includes("*") && actor.kind === "administration"));
  });
}

function find<T>(items: readonly T[], pred: (item: T) => boolean, what: string): T {
  const item = items.find(pred);
  if (!item) throw new Error(`unknown ${what}`);
  return item;
}

export function buildTemplate(request: TemplateRequest, ref: ReferenceData): TemplateSheet & { fields: FieldName[] } {
  return request.kind === "follow-up" ? followUpTemplate(request, ref) : indicatorTemplate(request, ref);
}

function followUpTemplate(request: Extract<TemplateRequest, { kind: "follow-up" }>, ref: ReferenceData) {
  const { lang } = request;
  const meeting = find(ref.meetings, (m) => m.id === request.meetingId, "meeting");
  const actor = find(ref.actors, (a) => a.id === request.actorId, "administration");
  const all = ref.recommendations.filter((r) => r.meetingId === meeting.id);
  const addressed = all.filter((r) => addressedTo(r, actor, ref));
  const recommendations = (addressed.length > 0 ? addressed : all).sort(
    (a, b) => Number(a.kind === "diligence") - Number(b.kind === "diligence") || a.id.localeCompare(b.id),
  );
  const statuses = STATUS_LABELS[lang];
  const admin = actorName(actor, lang);

  const columns: ColumnDef[] = [
    { field: "recommendation", header: header(lang, "N°", "No."), numberFormat: TEXT, width: 8 },
    { field: "recommendationText", header: header(lang, "Recommandation", "Recommendation"), numberFormat: TEXT, width: 60, wrap: true },
    {
      field: "administration",
      header: "Administration",
      numberFormat: TEXT,
      width: 24,
      validation: listValidation(administrationNames(ref, lang), lang === "fr" ? "A" : "B", t(lang, "template.rule.administration")),
    },
    {
      field: "status",
      header: header(lang, "Statut", "Status"),
      numberFormat: TEXT,
      width: 16,
      validation: listValidation(statuses, undefined, t(lang, "template.rule.status")),
    },
    {
      field: "progress",
      header: header(lang, "Taux de réalisation", "Progress"),
      numberFormat: "0%",
      width: 12,
      validation: { type: "decimal", min: 0, max: 1, message: t(lang, "template.rule.progress") },
    },
    { field: "actions", header: header(lang, "Actions menées", "Actions taken"), numberFormat: TEXT, width: 40, wrap: true },
    { field: "due", header: header(lang, "Échéance", "Due date"), numberFormat: DATE, width: 14 },
    { field: "evidence", header: header(lang, "Preuve", "Evidence"), numberFormat: TEXT, width: 30 },
    { field: "comment", header: header(lang, "Observations", "Comments"), numberFormat: TEXT, width: 30, wrap: true },
    {
      field: "updatedOn",
      header: header(lang, "Date de mise à jour", "Date of update"),
      numberFormat: DATE,
      width: 14,
      validation: { type: "date", message: t(lang, "template.rule.date") },
    },
  ];

  const rows: CellValue[][] = recommendations.map((rec) => [
    rec.number,
    (lang === "en" ? rec.textEn : undefined) ?? rec.textFr,
    admin,
    statuses[0]!,
    0,
    "",
    dueCell(rec),
    "",
    "",
    "",
  ]);
  const cellFormats: Record<number, string>[] = rows.map((row): Record<number, string> => (typeof row[6] === "string" && row[6] !== "" ? { 6: TEXT } : {}));

  return {
    name: safeSheetName(`${t(lang, "template.name.followUp")} ${meeting.id} ${actor.id}`),
    title: [
      `${t(lang, "template.title.followUp")} — ${lang === "fr" ? meeting.titleFr : meeting.titleEn}`,
      `Administration : ${admin}`,
    ],
    columns: columns.map(stripField),
    fields: columns.map((c) => c.field),
    rows,
    cellFormats,
    spareRows: 0,
    settings: { template: "follow-up" as const, meetingId: meeting.id, actorId: actor.id },
    listsSheet: LISTS_SHEET,
    lists: listsOf(ref),
  };
}

/** A date as an Excel serial; recurring or open deadlines as the text the source wrote. */
function dueCell(rec: Recommendation): CellValue {
  const due = rec.due;
  if (!due) return "";
  if (due.type === "date") return isoToExcelSerial(due.date) ?? due.date;
  return due.text ?? "";
}

/** The periods of a year that an indicator of the given periodicity reports. */
export function periodsOfYear(year: number, periodicity: PeriodType): string[] {
  const count = { yearly: 1, semester: 2, quarterly: 4, monthly: 12 }[periodicity];
  return Array.from({ length: count }, (_, i) => periodId(periodicity, year, i + 1));
}

const NUMBER_FORMATS: Record<ValueType, string> = {
  number: "#,##0.00",
  integer: "#,##0",
  count: "#,##0",
  percentage: "0.0%",
  amount: "#,##0.00",
  duration: "#,##0.0",
};

function valueRule(indicator: Indicator, lang: Lang): Validation {
  switch (indicator.valueType) {
    case "count":
      return { type: "whole", min: 0, message: t(lang, "template.rule.count") };
    case "integer":
      return { type: "whole", message: t(lang, "template.rule.integer") };
    case "percentage":
      // Typed into a percent cell, 62 becomes 62 % (0.62): Excel's own percent entry.
      return { type: "decimal", min: 0, max: 1, message: t(lang, "template.rule.percentage") };
    case "amount":
    case "duration":
      return { type: "decimal", min: 0, message: t(lang, "template.rule.nonNegative") };
    case "number":
      return { type: "decimal", message: t(lang, "template.rule.number") };
  }
}

function indicatorTemplate(request: Extract<TemplateRequest, { kind: "indicator-values" }>, ref: ReferenceData) {
  const { lang, year } = request;
  const actor = find(ref.actors, (a) => a.id === request.actorId, "administration");
  const indicators = request.indicatorCodes.map((code) => find(ref.indicators, (i) => i.code === code, `indicator ${code}`));
  const admin = actorName(actor, lang);
  const allPeriods = (["yearly", "semester", "quarterly", "monthly"] as const).flatMap((p) => periodsOfYear(year, p));

  const columns: ColumnDef[] = [
    {
      field: "administration",
      header: "Administration",
      numberFormat: TEXT,
      width: 24,
      validation: listValidation(administrationNames(ref, lang), lang === "fr" ? "A" : "B", t(lang, "template.rule.administration")),
    },
    {
      field: "indicatorCode",
      header: header(lang, "Code indicateur", "Indicator code"),
      numberFormat: TEXT,
      width: 14,
      validation: listValidation(
        ref.indicators.filter((i) => i.status !== "retired").map((i) => i.code),
        "C",
        t(lang, "template.rule.indicator"),
      ),
    },
    { field: "indicatorName", header: header(lang, "Indicateur", "Indicator"), numberFormat: TEXT, width: 40, wrap: true },
    { field: "unit", header: header(lang, "Unité", "Unit"), numberFormat: TEXT, width: 12 },
    {
      field: "period",
      header: header(lang, "Période", "Period"),
      numberFormat: TEXT,
      width: 10,
      validation: listValidation(allPeriods, undefined, t(lang, "template.rule.period")),
    },
    { field: "value", header: header(lang, "Valeur", "Value"), numberFormat: "#,##0.00", width: 14 },
    { field: "target", header: header(lang, "Cible", "Target"), numberFormat: "#,##0.00", width: 14 },
    { field: "source", header: "Source", numberFormat: TEXT, width: 20 },
    { field: "comment", header: header(lang, "Commentaire", "Comment"), numberFormat: TEXT, width: 30, wrap: true },
  ];

  const rows: CellValue[][] = [];
  const cellFormats: Record<number, string>[] = [];
  const cellValidations: Record<number, Validation>[] = [];
  for (const indicator of indicators) {
    const percent = indicator.valueType === "percentage";
    for (const period of periodsOfYear(year, indicator.periodicity)) {
      const target =
        indicator.targets.find((x) => x.period === period && x.actorId === actor.id) ??
        indicator.targets.find((x) => x.period === period && x.actorId === undefined);
      rows.push([
        admin,
        indicator.code,
        lang === "fr" ? indicator.nameFr : indicator.nameEn,
        indicator.unit,
        period,
        "",
        target ? (percent ? target.value / 100 : target.value) : "",
        "",
        "",
      ]);
      const format = NUMBER_FORMATS[indicator.valueType];
      cellFormats.push({ 5: format, 6: format });
      cellValidations.push({ 5: valueRule(indicator, lang), 6: valueRule(indicator, lang) });
    }
  }

  return {
    name: safeSheetName(`${t(lang, "template.name.indicators")} ${year} ${actor.id}`),
    title: [`${t(lang, "template.title.indicators")} ${year}`, `Administration : ${admin}`],
    columns: columns.map(stripField),
    fields: columns.map((c) => c.field),
    rows,
    cellFormats,
    cellValidations,
    spareRows: 50,
    settings: { template: "indicator-values" as const, actorId: actor.id },
    listsSheet: LISTS_SHEET,
    lists: listsOf(ref),
  };
}

/** The lists sheet's columns: administrations in French (A) and English (B), indicator codes (C). */
function listsOf(ref: ReferenceData): { column: string; values: string[] }[] {
  return [
    { column: "A", values: administrationNames(ref, "fr") },
    { column: "B", values: administrationNames(ref, "en") },
    { column: "C", values: ref.indicators.filter((i) => i.status !== "retired").map((i) => i.code) },
  ];
}

function stripField({ field: _field, ...column }: ColumnDef): TemplateColumn {
  return column;
}
