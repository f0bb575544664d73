import type { Indicator, IndicatorStatus } from "../../shared/model/indicator";
import type { Filter } from "../auth/policy";
import type { Db, Statement } from "./client";
import { sql } from "./client";
import type { WriteMeta } from "./reference";

/** What `definition` holds: the indicator without its status and version, which are columns. */
export type IndicatorDefinition = Omit<Indicator, "status" | "version">;

interface IndicatorRow {
  code: string;
  version: number;
  status: IndicatorStatus;
  definition: string;
}

function indicatorFromRow(r: IndicatorRow): Indicator {
  return { ...(JSON.parse(r.definition) as IndicatorDefinition), status: r.status, version: r.version };
}

export function definitionOf(indicator: Indicator): IndicatorDefinition {
  const { status: _status, version: _version, ...definition } = indicator;
  return definition;
}

export async function listIndicators(db: Db, visible: Filter, status?: IndicatorStatus): Promise<Indicator[]> {
  const rows = status
    ? await db.all<IndicatorRow>(
        sql(`SELECT code, version, status, definition FROM indicators i WHERE ${visible.sql} AND i.status = ? ORDER BY code`, ...visible.params, status),
      )
    : await db.all<IndicatorRow>(
        sql(`SELECT code, version, status, definition FROM indicators i WHERE ${visible.sql} ORDER BY code`, ...visible.params),
      );
  return rows.map(indicatorFromRow);
}

export async function getIndicator(db: Db, code: string, visible: Filter): Promise<Indicator | null> {
  const row = await db.first<IndicatorRow>(
    sql(`SELECT code, version, status, definition FROM indicators i WHERE i.code = ? AND ${visible.sql}`, code, ...visible.params),
  );
  return row ? indicatorFromRow(row) : null;
}

export interface IndicatorVersion {
  version: number;
  status: IndicatorStatus;
  indicator: Indicator;
  changedAt: string;
  changedBy: string;
}

export async function indicatorVersions(db: Db, code: string): Promise<IndicatorVersion[]> {
  const rows = await db.all<{
    version: number;
    status: IndicatorStatus;
    definition: string;
    changed_at: string;
    changed_by: string;
  }>(sql("SELECT version, status, definition, changed_at, changed_by FROM indicator_versions WHERE code = ? ORDER BY version", code));
  return rows.map((r) => ({
    version: r.version,
    status: r.status,
    indicator: { ...(JSON.parse(r.definition) as IndicatorDefinition), status: r.status, version: r.version },
    changedAt: r.changed_at,
    changedBy: r.changed_by,
  }));
}

/**
 * Statements that write one version of an indicator: the row, its version record and its targets.
 * `condition` (SQL over the existing row `indicators`) limits the update, as for the seed.
 */
export function indicatorStatements(ind: Indicator, meta: WriteMeta, condition = "1"): Statement[] {
  const definition = JSON.stringify(definitionOf(ind));
  const owned = "EXISTS (SELECT 1 FROM indicators WHERE code = ? AND version = ? AND updated_at = ? AND updated_by = ?)";
  const ownedParams = [ind.code, ind.version, meta.now, meta.by];
  return [
    sql(
      `INSERT INTO indicators (code, version, status, disclosure, value_type, direction, aggregation, weight_code,
         periodicity, green, amber, computed, definition, updated_at, updated_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (code) DO UPDATE SET version = excluded.version, status = excluded.status,
         disclosure = excluded.disclosure, value_type = excluded.value_type, direction = excluded.direction,
         aggregation = excluded.aggregation, weight_code = excluded.weight_code, periodicity = excluded.periodicity,
         green = excluded.green, amber = excluded.amber, computed = excluded.computed, definition = excluded.definition,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by
       WHERE ${condition}`,
      ind.code,
      ind.version,
      ind.status,
      ind.disclosure,
      ind.valueType,
      ind.direction,
      ind.aggregation,
      ind.weightCode ?? null,
      ind.periodicity,
      ind.thresholds.green,
      ind.thresholds.amber,
      ind.formula ? 1 : 0,
      definition,
      meta.now,
      meta.by,
    ),
    sql(
      `INSERT INTO indicator_versions (code, version, status, disclosure, definition, changed_at, changed_by)
       SELECT ?, ?, ?, ?, ?, ?, ? WHERE ${owned}
       ON CONFLICT (code, version) DO UPDATE SET status = excluded.status, disclosure = excluded.disclosure,
         definition = excluded.definition, changed_at = excluded.changed_at, changed_by = excluded.changed_by`,
      ind.code,
      ind.version,
      ind.status,
      ind.disclosure,
      definition,
      meta.now,
      meta.by,
      ...ownedParams,
    ),
    sql(`DELETE FROM indicator_targets WHERE code = ? AND ${owned}`, ind.code, ...ownedParams),
    sql(
      `INSERT INTO indicator_targets (code, period, actor_id, value)
       SELECT ?, j.value->>'period', coalesce(j.value->>'actorId', ''), j.value->>'value' FROM json_each(?) j
       WHERE ${owned}
       ON CONFLICT (code, period, actor_id) DO UPDATE SET value = excluded.value`,
      ind.code,
      JSON.stringify(ind.targets),
      ...ownedParams,
    ),
  ];
}

/** Guard: abort the batch unless the indicator is still at `expectedVersion` (null: does not exist). */
export function indicatorGuard(code: string, expectedVersion: number | null): Statement {
  return sql(
    "INSERT INTO write_guard (ok) SELECT 0 WHERE (SELECT version FROM indicators WHERE code = ?) IS NOT ?",
    code,
    expectedVersion,
  );
}

/**
 * Give the indicator's values new change sequence numbers: when an indicator's status or disclosure
 * changes, who may see its values changes, and incremental pulls must hand them out again.
 */
export function resequenceValues(code: string): Statement[] {
  return [
    sql(
      `UPDATE indicator_values SET seq = (SELECT value FROM change_seq WHERE id = 1) + r.n
       FROM (SELECT period, actor_id, row_number() OVER (ORDER BY period, actor_id) AS n
               FROM indicator_values WHERE indicator_code = ?) r
       WHERE indicator_values.indicator_code = ? AND indicator_values.period = r.period
         AND indicator_values.actor_id = r.actor_id`,
      code,
      code,
    ),
    sql(
      "UPDATE change_seq SET value = value + (SELECT count(*) FROM indicator_values WHERE indicator_code = ?) WHERE id = 1",
      code,
    ),
  ];
}
