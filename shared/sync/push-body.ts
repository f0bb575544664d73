import { z } from "zod";
import { IndicatorValueFields, IndicatorValueKey } from "../model/indicator-value";
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

/** The body the add-in and the CLI send for a push: indicator values as columns, those all null left out. */
export function toPushBody(request: PushRequest): PushBody {
  const { indicatorValues: records, ...rest } = request;
  if (!records || records.length === 0) return request;
  const unlessAllNull = <T>(entries: (T | null)[]) => (entries.every((e) => e === null) ? {} : { entries });
  const target = unlessAllNull(records.map((r) => r.fields.target));
  const source = unlessAllNull(records.map((r) => r.fields.source));
  const comment = unlessAllNull(records.map((r) => r.fields.comment));
  const baseVersion = unlessAllNull(records.map((r) => r.baseVersion));
  const columns: IndicatorValueColumns = {
    indicatorCode: records.map((r) => r.key.indicatorCode),
    actorId: records.map((r) => r.key.actorId),
    period: records.map((r) => r.key.period),
    value: records.map((r) => r.fields.value),
    ...("entries" in target ? { target: target.entries } : {}),
    ...("entries" in source ? { source: source.entries } : {}),
    ...("entries" in comment ? { comment: comment.entries } : {}),
    ...("entries" in baseVersion ? { baseVersion: baseVersion.entries } : {}),
  };
  return { ...rest, indicatorValueColumns: columns };
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
