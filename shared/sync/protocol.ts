import { z } from "zod";
import { Deadline } from "../model/deadline";
import { FollowUpFields, FollowUpKey, ReviewState } from "../model/follow-up";
import { IndicatorValueFields, IndicatorValueKey } from "../model/indicator-value";

/**
 * The sync protocol between the add-in or the CLI and the regional API (README, "Sync protocol").
 * Request schemas are strict: an unknown property is an error, not something silently dropped.
 */

/** Most records one push may carry (the body limit usually binds first). */
export const MAX_RECORDS_PER_PUSH = 50_000;
/** Most records one pull page returns. */
export const MAX_PULL_LIMIT = 5_000;
export const DEFAULT_PULL_LIMIT = 1_000;

/** A record's version on the server: 1 when created, +1 at every change. */
export const Version = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
/** The version the client's copy was based on; null = "I believe the server has no such record". */
export const BaseVersion = Version.nullable();

/** The model's deadline, with no unknown property allowed in any of its forms. */
const StrictDeadline = z.discriminatedUnion(
  "type",
  Deadline.options.map((o) => z.strictObject(o.shape)) as unknown as [
    z.ZodObject<(typeof Deadline.options)[0]["shape"], z.core.$strict>,
    z.ZodObject<(typeof Deadline.options)[1]["shape"], z.core.$strict>,
    z.ZodObject<(typeof Deadline.options)[2]["shape"], z.core.$strict>,
  ],
);

export const PushFollowUp = z.strictObject({
  key: z.strictObject(FollowUpKey.shape),
  fields: z.strictObject({ ...FollowUpFields.shape, due: StrictDeadline.nullable() }),
  baseVersion: BaseVersion,
});
export type PushFollowUp = z.infer<typeof PushFollowUp>;

export const PushIndicatorValue = z.strictObject({
  key: z.strictObject(IndicatorValueKey.shape),
  fields: z.strictObject(IndicatorValueFields.shape),
  baseVersion: BaseVersion,
});
export type PushIndicatorValue = z.infer<typeof PushIndicatorValue>;

export const PushRequest = z.strictObject({
  followUps: z.array(PushFollowUp).max(MAX_RECORDS_PER_PUSH).optional(),
  indicatorValues: z.array(PushIndicatorValue).max(MAX_RECORDS_PER_PUSH).optional(),
});
export type PushRequest = z.infer<typeof PushRequest>;

export const Message = z.object({ fr: z.string(), en: z.string() });
export type Message = z.infer<typeof Message>;

/** Review of an "implemented" declaration, as the server keeps it beside the follow-up's fields. */
export const Review = z.object({
  state: ReviewState,
  comment: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewedBy: z.string().nullable(),
});
export type Review = z.infer<typeof Review>;

/** A follow-up as the server holds it (pull, conflicts, lists). */
export const SyncFollowUp = z.object({
  key: FollowUpKey,
  fields: FollowUpFields,
  version: Version,
  review: Review,
  /** When the server first received the record, and last changed it (ISO 8601 timestamps), and who. */
  receivedAt: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type SyncFollowUp = z.infer<typeof SyncFollowUp>;

export const SyncIndicatorValue = z.object({
  key: IndicatorValueKey,
  fields: IndicatorValueFields,
  version: Version,
  receivedAt: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type SyncIndicatorValue = z.infer<typeof SyncIndicatorValue>;

export const RESULT_KINDS = ["created", "updated", "unchanged", "conflict", "rejected"] as const;
export const ResultKind = z.enum(RESULT_KINDS);
export type ResultKind = z.infer<typeof ResultKind>;

/** One field whose incoming value differs from the server's. */
export const FieldDifference = z.object({ field: z.string(), server: z.unknown(), incoming: z.unknown() });
export type FieldDifference = z.infer<typeof FieldDifference>;

const resultShape = {
  /** Position of the record in the request's array. */
  index: z.number().int().min(0),
  result: ResultKind,
  /** The record's server version after the push (created, updated, unchanged), or the server's current one (conflict). */
  version: Version.nullable(),
  /** rejected: why, and the field concerned ("key.indicatorCode", "fields.value"). */
  reason: z.object({ code: z.string(), message: Message }).optional(),
  field: z.string().optional(),
  /** update and conflict: the fields that differ. Dry runs also give them for created records. */
  differences: z.array(FieldDifference).optional(),
};

export const FollowUpResult = z.object({ ...resultShape, server: SyncFollowUp.nullable().optional() });
export type FollowUpResult = z.infer<typeof FollowUpResult>;
export const IndicatorValueResult = z.object({ ...resultShape, server: SyncIndicatorValue.nullable().optional() });
export type IndicatorValueResult = z.infer<typeof IndicatorValueResult>;

export const PushSummary = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  conflict: z.number().int(),
  rejected: z.number().int(),
});
export type PushSummary = z.infer<typeof PushSummary>;

export const PushResponse = z.object({
  /** true for a dry run: nothing was written, results say what a push would do. */
  dryRun: z.boolean(),
  summary: PushSummary,
  followUps: z.array(FollowUpResult),
  indicatorValues: z.array(IndicatorValueResult),
});
export type PushResponse = z.infer<typeof PushResponse>;

/** The opaque pull cursor: the change sequence the client has seen ("0" = nothing yet). */
export const Cursor = z.string().regex(/^\d{1,15}$/, "cursor: digits");

export const PullResponse = z.object({
  followUps: z.array(SyncFollowUp),
  indicatorValues: z.array(SyncIndicatorValue),
  /** Pass it as `since` on the next pull. */
  cursor: Cursor,
  /** true: more changes wait, pull again at once with the new cursor. */
  hasMore: z.boolean(),
});
export type PullResponse = z.infer<typeof PullResponse>;

/** The header that makes a push safe to retry. */
export const IDEMPOTENCY_HEADER = "Idempotency-Key";
export const IdempotencyKey = z.string().regex(/^[\x21-\x7e]{8,128}$/, "8–128 visible ASCII characters");

/** Stable text key of a record, for maps and logs: "PC11-R01/CI", "FAC-CLR/TG/2021Q1". */
export function followUpKeyString(key: FollowUpKey): string {
  return `${key.recommendationId}/${key.actorId}`;
}
export function indicatorValueKeyString(key: IndicatorValueKey): string {
  return `${key.indicatorCode}/${key.actorId}/${key.period}`;
}
