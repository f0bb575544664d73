import type { Lang } from "../../shared/model/common";
import { isoToExcelSerial } from "../../shared/normalise/date";
import type { CellValue } from "../../shared/pipeline/types";
import type { SyncFollowUp, SyncIndicatorValue } from "../../shared/sync/protocol";
import { followUpKeyString, indicatorValueKeyString } from "../../shared/sync/protocol";
import { st, type SyncMessageKey } from "../i18n/sync-messages";
import { deadlineText, statusLabel } from "./display";

/**
 * The region's records as rows of a native Excel table whose columns the add-in owns (plain data, for the
 * Office writer in addin/excel/pull-sheet and for any other view). The first column is the record's key:
 * rows are found and updated in place by it.
 */

export type RegionKind = "followUps" | "indicatorValues";

export interface RegionColumn {
  id: string;
  header: string;
  /** Excel number format of the column's data cells; text cells get "@" whatever it says. */
  numberFormat: string;
  width: number;
}

export interface RegionTable {
  kind: RegionKind;
  /** A name that does not depend on the language: the table is found by it, wherever the user moved it. */
  tableName: string;
  /** The sheet a new table goes on. */
  sheetName: string;
  columns: RegionColumn[];
  /** One row per record, key first, in key order. */
  rows: CellValue[][];
  /** The headers of the key column in every language, to recognise the table. */
  keyHeaders: string[];
}

export const REGION_TABLE_NAMES: Record<RegionKind, string> = {
  followUps: "OMD_AOC_Region_Suivis",
  indicatorValues: "OMD_AOC_Region_Indicateurs",
};

const DATE = "yyyy-mm-dd";
const DATE_TIME = "yyyy-mm-dd hh:mm";
const TEXT = "@";

const col = (lang: Lang, id: string, key: SyncMessageKey, numberFormat: string, width: number): RegionColumn => ({
  id,
  header: st(lang, key),
  numberFormat,
  width,
});

function followUpColumns(lang: Lang): RegionColumn[] {
  return [
    col(lang, "key", "region.col.key", TEXT, 16),
    col(lang, "recommendationId", "region.col.recommendation", TEXT, 14),
    col(lang, "actorId", "region.col.administration", TEXT, 10),
    col(lang, "status", "region.col.status", TEXT, 14),
    col(lang, "progress", "region.col.progress", "0", 10),
    col(lang, "actions", "region.col.actions", TEXT, 40),
    col(lang, "due", "region.col.due", DATE, 14),
    col(lang, "evidence", "region.col.evidence", TEXT, 30),
    col(lang, "comment", "region.col.comment", TEXT, 30),
    col(lang, "updatedOn", "region.col.updatedOn", DATE, 12),
    col(lang, "review", "region.col.review", TEXT, 16),
    col(lang, "version", "region.col.version", "0", 8),
    col(lang, "updatedAt", "region.col.updatedAt", DATE_TIME, 17),
    col(lang, "updatedBy", "region.col.updatedBy", TEXT, 18),
  ];
}

function indicatorColumns(lang: Lang): RegionColumn[] {
  return [
    col(lang, "key", "region.col.key", TEXT, 22),
    col(lang, "indicatorCode", "region.col.indicator", TEXT, 14),
    col(lang, "actorId", "region.col.administration", TEXT, 10),
    col(lang, "period", "region.col.period", TEXT, 10),
    col(lang, "value", "region.col.value", "General", 12),
    col(lang, "target", "region.col.target", "General", 12),
    col(lang, "source", "region.col.source", TEXT, 20),
    col(lang, "comment", "region.col.comment", TEXT, 30),
    col(lang, "version", "region.col.version", "0", 8),
    col(lang, "updatedAt", "region.col.updatedAt", DATE_TIME, 17),
    col(lang, "updatedBy", "region.col.updatedBy", TEXT, 18),
  ];
}

/** An ISO timestamp as an Excel serial date-time (UTC). */
export function timestampSerial(iso: string): CellValue {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? Number((ms / 86_400_000 + 25_569).toFixed(8)) : iso;
}

function dateCell(iso: string | null): CellValue {
  return iso ? (isoToExcelSerial(iso) ?? iso) : "";
}

export function followUpRow(r: SyncFollowUp, lang: Lang): CellValue[] {
  const f = r.fields;
  const due = f.due ? (f.due.type === "date" && !f.due.text ? dateCell(f.due.date) : deadlineText(f.due, lang)) : "";
  return [
    followUpKeyString(r.key),
    r.key.recommendationId,
    r.key.actorId,
    statusLabel(f.status, lang),
    f.progress ?? "",
    f.actions ?? "",
    due,
    f.evidence ?? "",
    f.comment ?? "",
    dateCell(f.updatedOn),
    st(lang, `review.${r.review.state}`),
    r.version,
    timestampSerial(r.updatedAt),
    r.updatedBy,
  ];
}

export function indicatorValueRow(r: SyncIndicatorValue): CellValue[] {
  const f = r.fields;
  return [
    indicatorValueKeyString(r.key),
    r.key.indicatorCode,
    r.key.actorId,
    r.key.period,
    f.value ?? "",
    f.target ?? "",
    f.source ?? "",
    f.comment ?? "",
    r.version,
    timestampSerial(r.updatedAt),
    r.updatedBy,
  ];
}

const byKey = (a: CellValue[], b: CellValue[]) => String(a[0]).localeCompare(String(b[0]));

export function followUpTable(records: Iterable<SyncFollowUp>, lang: Lang): RegionTable {
  return {
    kind: "followUps",
    tableName: REGION_TABLE_NAMES.followUps,
    sheetName: st(lang, "region.sheet.followUps"),
    columns: followUpColumns(lang),
    rows: [...records].map((r) => followUpRow(r, lang)).sort(byKey),
    keyHeaders: [st("fr", "region.col.key"), st("en", "region.col.key")],
  };
}

export function indicatorValueTable(records: Iterable<SyncIndicatorValue>, lang: Lang): RegionTable {
  return {
    kind: "indicatorValues",
    tableName: REGION_TABLE_NAMES.indicatorValues,
    sheetName: st(lang, "region.sheet.indicatorValues"),
    columns: indicatorColumns(lang),
    rows: [...records].map(indicatorValueRow).sort(byKey),
    keyHeaders: [st("fr", "region.col.key"), st("en", "region.col.key")],
  };
}
