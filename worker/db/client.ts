import type { D1Database, D1Result } from "@cloudflare/workers-types/index";
import { utf8ByteLength } from "../../shared/text/utf8";

export type Param = string | number | null;
export interface Statement {
  sql: string;
  params: Param[];
}

export const sql = (text: string, ...params: Param[]): Statement => ({ sql: text, params });

/** D1 meters statements and rows; the API reports them per request (X-D1-* headers) for the benchmarks. */
export interface DbStats {
  statements: number;
  rowsRead: number;
  rowsWritten: number;
}

/**
 * The only door to D1: every query of worker/db goes through it, so that statements and rows are counted
 * in one place.
 */
export class Db {
  readonly stats: DbStats = { statements: 0, rowsRead: 0, rowsWritten: 0 };

  constructor(private readonly d1: D1Database) {}

  async all<T>(statement: Statement): Promise<T[]> {
    this.stats.statements += 1;
    const result = await this.d1
      .prepare(statement.sql)
      .bind(...statement.params)
      .all<T>();
    this.meter(result);
    return result.results;
  }

  async first<T>(statement: Statement): Promise<T | null> {
    return (await this.all<T>(statement))[0] ?? null;
  }

  /** Statements run in order in one transaction: all are applied or none. */
  async batch(statements: Statement[]): Promise<D1Result<Record<string, unknown>>[]> {
    if (statements.length === 0) return [];
    this.stats.statements += statements.length;
    const results = await this.d1.batch<Record<string, unknown>>(
      statements.map((s) => this.d1.prepare(s.sql).bind(...s.params)),
    );
    for (const r of results) this.meter(r);
    return results;
  }

  private meter(result: D1Result<unknown>): void {
    this.stats.rowsRead += result.meta?.rows_read ?? 0;
    this.stats.rowsWritten += result.meta?.rows_written ?? 0;
  }
}

/** D1 caps a string value at 2,000,000 bytes: JSON parameters are cut below that. */
export const MAX_JSON_PARAM_BYTES = 1_800_000;

/**
 * Rows as JSON array texts, each under `maxBytes`, for statements that read them with json_each: the number
 * of statements depends on the bytes, never on the number of rows (D1 allows 100 bound parameters).
 */
export function jsonChunks(rows: readonly unknown[], maxBytes = MAX_JSON_PARAM_BYTES): { text: string; rows: number }[] {
  if (rows.length === 0) return [];
  // Most parameters fit whole: one native stringify, and a byte count only when the text could be too long.
  const whole = JSON.stringify(rows);
  if (whole.length * 3 <= maxBytes || utf8ByteLength(whole) <= maxBytes) return [{ text: whole, rows: rows.length }];
  const chunks: { text: string; rows: number }[] = [];
  let parts: string[] = [];
  let size = 2;
  for (const row of rows) {
    const text = JSON.stringify(row);
    const bytes = utf8ByteLength(text) + 1;
    if (parts.length > 0 && size + bytes > maxBytes) {
      chunks.push({ text: `[${parts.join(",")}]`, rows: parts.length });
      parts = [];
      size = 2;
    }
    parts.push(text);
    size += bytes;
  }
  if (parts.length > 0) chunks.push({ text: `[${parts.join(",")}]`, rows: parts.length });
  return chunks;
}

/** Is this D1 error the write guard's (the records a batch was planned on changed)? */
export function isStaleSnapshot(err: unknown): boolean {
  return String((err as Error)?.message ?? err).includes("stale_snapshot");
}

export function isUniqueViolation(err: unknown, table: string): boolean {
  const m = String((err as Error)?.message ?? err);
  return m.includes("UNIQUE constraint failed") && m.includes(`${table}.`);
}
