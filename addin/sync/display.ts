import type { Lang } from "../../shared/model/common";
import type { Deadline } from "../../shared/model/deadline";
import type { Status } from "../../shared/model/follow-up";
import { Status as StatusSchema } from "../../shared/model/follow-up";
import { FIELDS } from "../../shared/pipeline/fields";
import type { FieldName, Message } from "../../shared/pipeline/types";
import { st } from "../i18n/sync-messages";
import { STATUS_LABELS } from "../workbook/template";

/** The record field a protocol path names: "fields.progress" → "progress". */
export function fieldOf(path: string): string {
  return path.replace(/^(fields|key)\./, "");
}

/** A record field's label, from the pipeline's field definitions where there is one. */
export function fieldLabel(field: string): Message {
  const name = fieldOf(field);
  const def = (FIELDS as Partial<Record<string, { label: Message }>>)[name];
  if (def) return def.label;
  if (name === "recommendationId") return FIELDS.recommendation.label;
  if (name === "actorId") return FIELDS.administration.label;
  return { fr: name, en: name };
}

export function statusLabel(status: Status, lang: Lang): string {
  return STATUS_LABELS[lang][StatusSchema.options.indexOf(status)] ?? status;
}

const MONTHS: Record<Lang, string[]> = {
  fr: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
  en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
};

/** "2021-06-30" → "30/06/2021" (the region writes dates day first). */
export function dayFirst(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** A deadline as words the pipeline reads back: the source's own text when it kept one. */
export function deadlineText(d: Deadline, lang: Lang): string {
  if (d.text) return d.text;
  if (d.type === "date") return dayFirst(d.date);
  if (d.type === "open") return d.text;
  const month = MONTHS[lang][d.month - 1] ?? String(d.month);
  return d.day === "end" ? st(lang, "value.annualEnd", { month }) : st(lang, "value.annualDay", { day: d.day, month });
}

function isDeadline(v: unknown): v is Deadline {
  return typeof v === "object" && v !== null && typeof (v as { type?: unknown }).type === "string";
}

function number(n: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === "fr" ? "fr-FR" : "en-GB", { maximumFractionDigits: 6 }).format(n);
}

/** A field's value as the pane shows it (differences, conflicts). */
export function displayValue(field: string, value: unknown, lang: Lang): string {
  if (value === null || value === undefined || value === "") return st(lang, "value.empty");
  const name = fieldOf(field) as FieldName | "updatedOn";
  if (name === "status" && typeof value === "string" && (StatusSchema.options as string[]).includes(value)) return statusLabel(value as Status, lang);
  if (name === "progress" && typeof value === "number") return `${number(value, lang)} %`;
  if (name === "due" && isDeadline(value)) return deadlineText(value, lang);
  if (name === "updatedOn" && typeof value === "string") return dayFirst(value);
  if (typeof value === "number") return number(value, lang);
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}
