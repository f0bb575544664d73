import type { FieldName, MappingOverride } from "../../shared/pipeline/types";
import type { SheetSettings } from "./adapter";

/** Settings come from a file anyone may have edited: keep only what has the right shape. */
export function parseSettings(raw: unknown): SheetSettings {
  let value: unknown = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      return {};
    }
  }
  if (typeof value !== "object" || value === null) return {};
  const v = value as Record<string, unknown>;
  const out: SheetSettings = {};
  if (typeof v.meetingId === "string") out.meetingId = v.meetingId;
  if (typeof v.actorId === "string") out.actorId = v.actorId;
  if (v.template === "follow-up" || v.template === "indicator-values") out.template = v.template;
  if (Array.isArray(v.overrides)) {
    out.overrides = v.overrides.flatMap((o): MappingOverride[] => {
      if (typeof o !== "object" || o === null) return [];
      const { header, field, period } = o as Record<string, unknown>;
      if (typeof header !== "string" || (field !== null && typeof field !== "string")) return [];
      return [{ header, field: field as FieldName | null, ...(typeof period === "string" ? { period } : {}) }];
    });
  }
  return out;
}
