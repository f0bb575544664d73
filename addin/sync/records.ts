import type { FollowUpFields, FollowUpKey } from "../../shared/model/follow-up";
import type { IndicatorValueFields, IndicatorValueKey } from "../../shared/model/indicator-value";
import type { FollowUpRecord, IndicatorValueRecord, Message, RecordSource, SheetResult } from "../../shared/pipeline/types";
import { sameValue } from "../../shared/sync/compare";
import type { PushFollowUp, PushIndicatorValue, PushRequest, PushResponse, SyncFollowUp, SyncIndicatorValue } from "../../shared/sync/protocol";
import { followUpKeyString, indicatorValueKeyString } from "../../shared/sync/protocol";
import { ColumnsSize } from "../../shared/sync/push-body";
import { utf8ByteLength } from "../../shared/text/utf8";
import { syncBoth } from "../i18n/sync-messages";
import { KEY_PREFIX, readJson, writeJson, type KeyValueStore } from "./store";

export type RecordKind = "followUp" | "indicatorValue";

// --- fields and keys, exactly as the strict push schema wants them -------------------------------------------

export function followUpKeyOf(r: FollowUpKey): FollowUpKey {
  return { recommendationId: r.recommendationId, actorId: r.actorId };
}

export function followUpFieldsOf(r: FollowUpFields): FollowUpFields {
  return { status: r.status, progress: r.progress, actions: r.actions, due: r.due, evidence: r.evidence, comment: r.comment, updatedOn: r.updatedOn };
}

export function indicatorValueKeyOf(r: IndicatorValueKey): IndicatorValueKey {
  return { indicatorCode: r.indicatorCode, actorId: r.actorId, period: r.period };
}

export function indicatorValueFieldsOf(r: IndicatorValueFields): IndicatorValueFields {
  return { value: r.value, target: r.target, source: r.source, comment: r.comment };
}

/** "f:PC11-R01/CI", "v:FAC-CLR/TG/2021Q1": one key space for both kinds (maps, version maps). */
export function recordKey(kind: RecordKind, key: FollowUpKey | IndicatorValueKey): string {
  return kind === "followUp" ? `f:${followUpKeyString(key as FollowUpKey)}` : `v:${indicatorValueKeyString(key as IndicatorValueKey)}`;
}

// --- base versions -----------------------------------------------------------------------------------------

/**
 * The server version each record of one sheet was last known to match: what its next push says it is based
 * on. Kept per server, workbook and sheet in the user's store, not in the workbook: the adapter's settings
 * are a fixed, validated shape (SheetSettings) and Excel's settings are no place for 50,000 entries. The
 * cost: a copy of the file on another computer starts without them, and its first push meets conflicts
 * for the records the region changed (never a silent overwrite).
 */
export class VersionMap {
  private readonly versions: Map<string, number>;

  constructor(entries: Record<string, number> = {}) {
    this.versions = new Map(Object.entries(entries));
  }

  get(key: string): number | null {
    return this.versions.get(key) ?? null;
  }

  set(key: string, version: number): void {
    this.versions.set(key, version);
  }

  get size(): number {
    return this.versions.size;
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries(this.versions);
  }
}

export interface VersionScope {
  /** serverScope(connection) */
  server: string;
  /** The workbook: its URL in Excel, its file name in browser mode. */
  workbook: string;
  sheet: string;
}

export function versionsKey(scope: VersionScope): string {
  return `${KEY_PREFIX}versions|${scope.server}|${scope.workbook}|${scope.sheet}`;
}

function parseVersions(value: unknown): VersionMap | null {
  if (typeof value !== "object" || value === null) return null;
  const entries = Object.entries(value as Record<string, unknown>).filter(
    (e): e is [string, number] => typeof e[1] === "number" && Number.isSafeInteger(e[1]) && e[1] >= 1,
  );
  return new VersionMap(Object.fromEntries(entries));
}

export async function loadVersions(store: KeyValueStore, scope: VersionScope): Promise<VersionMap> {
  return (await readJson(store, versionsKey(scope), parseVersions)) ?? new VersionMap();
}

export function saveVersions(store: KeyValueStore, scope: VersionScope, versions: VersionMap): Promise<void> {
  return writeJson(store, versionsKey(scope), versions);
}

/**
 * After a push: records the server now holds as sent (created, updated, unchanged) are based on the version
 * it answered. Conflicts and refusals leave the base as it was, so that the next push meets them again.
 */
export function recordPushVersions(versions: VersionMap, request: PushRequest, response: PushResponse): number {
  let n = 0;
  const take = (kind: RecordKind, keys: (FollowUpKey | IndicatorValueKey)[], results: readonly Pick<PushResponse["followUps"][number], "index" | "result" | "version">[]) => {
    for (const r of results) {
      const key = keys[r.index];
      if (!key || r.version === null || (r.result !== "created" && r.result !== "updated" && r.result !== "unchanged")) continue;
      versions.set(recordKey(kind, key), r.version);
      n++;
    }
  };
  take("followUp", (request.followUps ?? []).map((r) => r.key), response.followUps);
  take("indicatorValue", (request.indicatorValues ?? []).map((r) => r.key), response.indicatorValues);
  return n;
}

/**
 * After a pull: a sheet record whose fields equal the region's copy is based on that copy's version. One
 * that differs keeps its old base, so that pushing it meets the region's change as a conflict.
 */
export function rebaseOnRegion(
  versions: VersionMap,
  result: Pick<SheetResult, "followUps" | "indicatorValues">,
  region: { followUp(key: string): SyncFollowUp | undefined; indicatorValue(key: string): SyncIndicatorValue | undefined },
): number {
  let n = 0;
  for (const r of result.followUps) {
    const server = region.followUp(followUpKeyString(r));
    if (server && sameFields(followUpFieldsOf(r), server.fields)) {
      versions.set(recordKey("followUp", r), server.version);
      n++;
    }
  }
  for (const r of result.indicatorValues) {
    const server = region.indicatorValue(indicatorValueKeyString(r));
    if (server && sameFields(indicatorValueFieldsOf(r), server.fields)) {
      versions.set(recordKey("indicatorValue", r), server.version);
      n++;
    }
  }
  return n;
}

function sameFields(a: object, b: object): boolean {
  return Object.keys(a).every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

// --- what a sheet sends ------------------------------------------------------------------------------------

export interface HeldReason {
  /** The issue code ("unknown-status"), or "duplicate-key". */
  code: string;
  /** Data rows held back for this reason. */
  rows: number;
  /** The first such issue's message, as an example. */
  example: Message;
  /** Up to 5 cells, for links. */
  cells: string[];
}

export interface HeldBack {
  /** Distinct data rows with at least one error: not sent. */
  rows: number;
  reasons: HeldReason[];
  /** Errors about the sheet as a whole (no header, missing column): when present, little or nothing is sent. */
  sheetErrors: Message[];
}

export interface Outgoing {
  sheet: string;
  /** The valid records, with their base versions. Empty arrays are left out. */
  request: PushRequest;
  /** Where each record of the request came from, index for index (conflict write-back, preview rows). */
  sources: { followUps: RecordSource[]; indicatorValues: RecordSource[] };
  held: HeldBack;
  /** Records sent. */
  count: number;
}

/**
 * The push of one checked sheet: its valid records (the pipeline emits records only for rows without
 * errors), each with the base version the sheet's map gives, and what was held back and why.
 */
export function outgoingFrom(result: SheetResult, versions: VersionMap): Outgoing {
  const duplicates: { row: number; key: string }[] = [];
  const followUps: PushFollowUp[] = [];
  const followUpSources: RecordSource[] = [];
  const seen = new Set<string>();
  const dup = (key: string, at: RecordSource) => {
    if (!seen.has(key)) {
      seen.add(key);
      return false;
    }
    duplicates.push({ row: at.row, key: key.slice(2) });
    return true;
  };
  for (const r of result.followUps as FollowUpRecord[]) {
    const k = recordKey("followUp", r);
    if (dup(k, r.at)) continue;
    followUps.push({ key: followUpKeyOf(r), fields: followUpFieldsOf(r), baseVersion: versions.get(k) });
    followUpSources.push(r.at);
  }
  const values: PushIndicatorValue[] = [];
  const valueSources: RecordSource[] = [];
  for (const r of result.indicatorValues as IndicatorValueRecord[]) {
    const k = recordKey("indicatorValue", r);
    if (dup(k, r.at)) continue;
    values.push({ key: indicatorValueKeyOf(r), fields: indicatorValueFieldsOf(r), baseVersion: versions.get(k) });
    valueSources.push(r.at);
  }
  const request: PushRequest = {
    ...(followUps.length > 0 ? { followUps } : {}),
    ...(values.length > 0 ? { indicatorValues: values } : {}),
  };
  return {
    sheet: result.name,
    request,
    sources: { followUps: followUpSources, indicatorValues: valueSources },
    held: heldBack(result, duplicates),
    count: followUps.length + values.length,
  };
}

function heldBack(result: SheetResult, duplicates: { row: number; key: string }[]): HeldBack {
  const headerRow = result.headerRow ?? 0;
  const sheetErrors: Message[] = [];
  const byCode = new Map<string, { rows: Set<number>; example: Message; cells: string[] }>();
  const rows = new Set<number>();
  for (const issue of result.issues) {
    if (issue.severity !== "error") continue;
    if (result.headerRow === null || issue.row <= headerRow) {
      sheetErrors.push(issue.message);
      continue;
    }
    rows.add(issue.row);
    let reason = byCode.get(issue.code);
    if (!reason) byCode.set(issue.code, (reason = { rows: new Set(), example: issue.message, cells: [] }));
    reason.rows.add(issue.row);
    if (reason.cells.length < 5) reason.cells.push(issue.cell);
  }
  for (const d of duplicates) {
    let reason = byCode.get("duplicate-key");
    if (!reason) {
      reason = { rows: new Set(), example: syncBoth("held.duplicate", { row: d.row, key: d.key }), cells: [] };
      byCode.set("duplicate-key", reason);
    }
    reason.rows.add(d.row);
    rows.add(d.row);
  }
  return {
    rows: rows.size,
    reasons: [...byCode.entries()]
      .map(([code, r]) => ({ code, rows: r.rows.size, example: r.example, cells: r.cells }))
      .sort((a, b) => b.rows - a.rows || a.code.localeCompare(b.code)),
    sheetErrors,
  };
}

// --- splitting a large push -------------------------------------------------------------------------------

/** What one request may weigh: well under the API's 5 MB body limit, so that a slow link gets there. */
export const PUSH_CHUNK_BYTES = 1_000_000;

/**
 * Split a push into requests of at most `maxBytes` of JSON each, as sent (records in their order, follow-ups
 * first; indicator values weighed in the column form the request carries, shared/sync/push-body.ts). Each
 * part is applied atomically by the server; the parts together are not.
 */
export function splitPush(request: PushRequest, maxBytes = PUSH_CHUNK_BYTES): PushRequest[] {
  const parts: PushRequest[] = [];
  let current: { followUps: PushFollowUp[]; indicatorValues: PushIndicatorValue[] } = { followUps: [], indicatorValues: [] };
  let followUpBytes = 0;
  let values = new ColumnsSize();
  const close = () => {
    if (current.followUps.length + current.indicatorValues.length === 0) return;
    parts.push({
      ...(current.followUps.length > 0 ? { followUps: current.followUps } : {}),
      ...(current.indicatorValues.length > 0 ? { indicatorValues: current.indicatorValues } : {}),
    });
    current = { followUps: [], indicatorValues: [] };
    followUpBytes = 0;
    values = new ColumnsSize();
  };
  for (const r of request.followUps ?? []) {
    const size = utf8ByteLength(JSON.stringify(r)) + 1;
    if (followUpBytes > 0 && followUpBytes + size > maxBytes) close();
    current.followUps.push(r);
    followUpBytes += size;
  }
  for (const r of request.indicatorValues ?? []) {
    const entries = ColumnsSize.measure(r);
    if ((followUpBytes > 0 || values.count > 0) && followUpBytes + values.bytes(entries) > maxBytes) close();
    current.indicatorValues.push(r);
    values.add(entries);
  }
  close();
  return parts;
}

export function recordCount(request: PushRequest): number {
  return (request.followUps?.length ?? 0) + (request.indicatorValues?.length ?? 0);
}
