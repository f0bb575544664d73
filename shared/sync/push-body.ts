import { z } from "zod";
import { IndicatorValueFields, IndicatorValueKey } from "../model/indicator-value";
import { utf8ByteLength } from "../text/utf8";
import type { PushIndicatorValue, PushRequest } from "./protocol";
import { BaseVersion, MAX_RECORDS_PER_PUSH, PushRequest as PushRequestSchema } from "./protocol";

/**
 * A push as it travels. Besides the records of `PushRequest`, indicator values may come as columns: one array
 * per field, entry i of every array making record i. A quarter's values are thousands of small records with
 * the same field names: as columns they take a third of the bytes, and a fraction of the objects to parse
 * and validate. The add-in and the CLI send values this way; the record form stays for scripts and small
 * pushes. Entry i is reported as `indicatorValues[i]`, in results and errors alike.
 *
 * The key columns and `value` are required. The others may be left out when every entry would be null (no
 * target, source or comment in the sheet; every record new to the client): nothing is sent for them.
 */
const column = <T extends z.ZodType>(entry: T) => z.array(entry).max(MAX_RECORDS_PER_PUSH);

/** Each column and the record field it fills ("key.period"), for errors that name the field. */
export const INDICATOR_VALUE_COLUMNS = {
  indicatorCode: "key.indicatorCode",
  actorId: "key.actorId",
  period: "key.period",
  value: "fields.value",
  target: "fields.target",
  source: "fields.source",
  comment: "fields.comment",
  baseVersion: "baseVersion",
} as const;
type ColumnName = keyof typeof INDICATOR_VALUE_COLUMNS;

export const IndicatorValueColumns = z
  .strictObject({
    indicatorCode: column(IndicatorValueKey.shape.indicatorCode),
    actorId: column(IndicatorValueKey.shape.actorId),
    period: column(IndicatorValueKey.shape.period),
    value: column(IndicatorValueFields.shape.value),
    target: column(IndicatorValueFields.shape.target).optional(),
    source: column(IndicatorValueFields.shape.source).optional(),
    comment: column(IndicatorValueFields.shape.comment).optional(),
    baseVersion: column(BaseVersion).optional(),
  })
  .superRefine((columns, ctx) => {
    const length = columns.indicatorCode.length;
    for (const name of Object.keys(INDICATOR_VALUE_COLUMNS) as ColumnName[]) {
      const entries = columns[name];
      if (entries !== undefined && entries.length !== length) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: `every column has one entry per record: ${name} has ${entries.length}, indicatorCode ${length}`,
        });
        return;
      }
    }
  });
export type IndicatorValueColumns = z.infer<typeof IndicatorValueColumns>;

export const PushBody = PushRequestSchema.extend({ indicatorValueColumns: IndicatorValueColumns.optional() }).superRefine((body, ctx) => {
  if (body.indicatorValues !== undefined && body.indicatorValueColumns !== undefined) {
    ctx.addIssue({ code: "custom", path: ["indicatorValueColumns"], message: "indicator values come as records or as columns, not both" });
  }
});
export type PushBody = z.infer<typeof PushBody>;

const COLUMN_NAMES = Object.keys(INDICATOR_VALUE_COLUMNS) as ColumnName[];
/** The columns left out of a body when every entry is null: those the schema makes optional. */
const OPTIONAL_COLUMNS = new Set(COLUMN_NAMES.filter((name) => IndicatorValueColumns.shape[name] instanceof z.ZodOptional));

/** A record's entry in each column. */
function entriesOf(r: PushIndicatorValue): Record<ColumnName, unknown> {
  return {
    indicatorCode: r.key.indicatorCode,
    actorId: r.key.actorId,
    period: r.key.period,
    value: r.fields.value,
    target: r.fields.target,
    source: r.fields.source,
    comment: r.fields.comment,
    baseVersion: r.baseVersion,
  };
}

/** The body the add-in and the CLI send for a push: indicator values as columns, those all null left out. */
export function toPushBody(request: PushRequest): PushBody {
  const { indicatorValues: records, ...rest } = request;
  if (!records || records.length === 0) return request;
  const columns = Object.fromEntries(COLUMN_NAMES.map((name) => [name, [] as unknown[]])) as Record<ColumnName, unknown[]>;
  for (const r of records) {
    const entries = entriesOf(r);
    for (const name of COLUMN_NAMES) columns[name].push(entries[name]);
  }
  for (const name of OPTIONAL_COLUMNS) if (columns[name].every((e) => e === null)) delete columns[name];
  return { ...rest, indicatorValueColumns: columns as IndicatorValueColumns };
}

/** The records a push body carries, whichever form its indicator values came in (columns of equal length). */
export function fromPushBody(body: PushBody): PushRequest {
  const { indicatorValueColumns: c, ...request } = body;
  if (!c) return request;
  const at = <T>(values: readonly T[], i: number) => values[i] as T;
  const orNull = <T>(values: readonly T[] | undefined, i: number) => (values === undefined ? null : (values[i] as T));
  const indicatorValues = new Array<PushIndicatorValue>(c.indicatorCode.length);
  for (let i = 0; i < indicatorValues.length; i++) {
    indicatorValues[i] = {
      key: { indicatorCode: at(c.indicatorCode, i), actorId: at(c.actorId, i), period: at(c.period, i) },
      fields: { value: at(c.value, i), target: orNull(c.target, i), source: orNull(c.source, i), comment: orNull(c.comment, i) },
      baseVersion: orNull(c.baseVersion, i),
    };
  }
  return { ...request, indicatorValues };
}

/** One record's entry in one column: its bytes with a comma, and whether it is null. */
interface ColumnEntry {
  name: ColumnName;
  bytes: number;
  isNull: boolean;
}

/**
 * The size in UTF-8 of `{"indicatorValueColumns":{…}}` as values are added one by one, exactly as toPushBody
 * writes it (the names of columns left out are counted all the same): for cutting a push into requests that
 * stay under a size.
 */
export class ColumnsSize {
  private static readonly FRAME = JSON.stringify({ indicatorValueColumns: Object.fromEntries(COLUMN_NAMES.map((name) => [name, []])) }).length;
  /** Per column: the bytes of its entries and their commas, and whether one of them is not null. */
  private readonly columns = new Map(COLUMN_NAMES.map((name) => [name, { bytes: 0, present: !OPTIONAL_COLUMNS.has(name) }]));
  private records = 0;

  /** Records added so far. */
  get count(): number {
    return this.records;
  }

  /** Each column's bytes for one more record (entry and comma), and whether the entry is null. */
  static measure(r: PushIndicatorValue): ColumnEntry[] {
    const entries = entriesOf(r);
    return COLUMN_NAMES.map((name) => ({ name, bytes: utf8ByteLength(JSON.stringify(entries[name])) + 1, isNull: entries[name] === null }));
  }

  /** The body's bytes, with one more record's entries when given. */
  bytes(adding?: ColumnEntry[]): number {
    const records = this.records + (adding ? 1 : 0);
    let total = ColumnsSize.FRAME;
    for (const [name, column] of this.columns) {
      const entry = adding?.find((e) => e.name === name);
      // a column's last entry has no comma after it
      if (column.present || (entry !== undefined && !entry.isNull)) total += column.bytes + (entry?.bytes ?? 0) - (records > 0 ? 1 : 0);
    }
    return total;
  }

  add(entries: ColumnEntry[]): void {
    for (const entry of entries) {
      const column = this.columns.get(entry.name)!;
      column.bytes += entry.bytes;
      column.present ||= !entry.isNull;
    }
    this.records++;
  }
}
