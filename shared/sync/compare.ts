import type { FieldDifference } from "./protocol";

/**
 * JSON text with object keys sorted and undefined properties dropped, so that two values that mean the same
 * (a deadline written { type, date } or { date, type }) compare equal.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? "null";
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b || (a == null && b == null)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * The fields whose values differ between the server's copy (null when it has none) and the incoming one,
 * in the incoming object's field order.
 */
export function fieldDifferences<T extends object>(server: T | null, incoming: T): FieldDifference[] {
  const out: FieldDifference[] = [];
  for (const field of Object.keys(incoming) as (keyof T & string)[]) {
    const s = server ? (server[field] ?? null) : null;
    const i = incoming[field] ?? null;
    if (server === null || !sameValue(s, i)) out.push({ field, server: s, incoming: i });
  }
  return out;
}
