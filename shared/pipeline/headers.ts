import { fold } from "../normalise/text";
import { parsePeriod } from "../normalise/period";
import { columnLetter } from "./a1";
import { FIELDS, FIELD_NAMES } from "./fields";
import type { CellValue, ColumnMapping, FieldName, Layout, MappingOverride, SheetKind } from "./types";

/** How far below the top a header row may be: title blocks are a few rows, never pages. */
const HEADER_SEARCH_ROWS = 40;

interface FieldMatch {
  field: FieldName;
  confidence: number;
}

const EXACT = new Map<string, FieldName>();
for (const field of FIELD_NAMES) for (const h of FIELDS[field].headers) if (!EXACT.has(h)) EXACT.set(h, field);

/** Synonyms of two words or more, longest first, for headers that say more than the bare name. */
const PHRASES = [...EXACT.entries()]
  .filter(([h]) => h.includes(" ") || h.length >= 5)
  .sort((a, b) => b[0].length - a[0].length);

/**
 * Which fields a header may name, surest first: an exact synonym scores 1; a header that contains synonyms as
 * whole words scores by how much of the header each covers ("Période de référence" → period, then others).
 */
export function headerCandidates(header: CellValue): FieldMatch[] {
  if (typeof header !== "string") return [];
  const folded = fold(header);
  if (!folded) return [];
  const exact = EXACT.get(folded);
  if (exact) return [{ field: exact, confidence: 1 }];
  const padded = ` ${folded} `;
  const best = new Map<FieldName, FieldMatch & { at: number }>();
  for (const [phrase, field] of PHRASES) {
    const at = padded.indexOf(` ${phrase} `);
    if (at < 0) continue;
    const confidence = Math.round((0.6 + 0.3 * (phrase.length / folded.length)) * 100) / 100;
    const current = best.get(field);
    if (!current || confidence > current.confidence) best.set(field, { field, confidence, at });
  }
  // Surest first; on a tie, the word that comes first (French puts the head noun first: "Valeur déclarée").
  return [...best.values()]
    .sort((a, b) => b.confidence - a.confidence || a.at - b.at)
    .map(({ field, confidence }) => ({ field, confidence }));
}

/** The surest field a header names. */
export function matchHeader(header: CellValue): FieldMatch | undefined {
  return headerCandidates(header)[0];
}

/** A header that is itself a period ("Q1 2021", "T3 2021", "2021"): a wide layout's value column. */
export function headerPeriod(header: CellValue, numberFormat?: string): string | undefined {
  if (header === "" || header === null || typeof header === "boolean") return undefined;
  const p = parsePeriod(header, numberFormat ?? "General");
  return p.ok ? p.value : undefined;
}

function overrideFor(header: CellValue, overrides: readonly MappingOverride[]): MappingOverride | undefined {
  if (typeof header !== "string" || overrides.length === 0) return undefined;
  const folded = fold(header);
  return overrides.find((o) => fold(o.header) === folded);
}

/** Map one header row to fields. A field goes to the column that names it best; the others stay unmapped. */
export function mapHeaderRow(
  cells: readonly CellValue[],
  formats: readonly string[] | undefined,
  firstColumn: number,
  overrides: readonly MappingOverride[] = [],
  kind?: SheetKind,
): ColumnMapping[] {
  const fits = (m: FieldMatch) => !kind || FIELDS[m.field].kinds.includes(kind);
  const mapping: ColumnMapping[] = cells.map((cell, i) => {
    const column = firstColumn + i;
    const header = typeof cell === "string" ? cell.trim() : cell === null ? "" : String(cell);
    const base = { column, letter: columnLetter(column), header };
    const override = overrideFor(cell, overrides);
    if (override) {
      return override.period
        ? { ...base, field: "value" as const, period: override.period, confidence: 1 }
        : { ...base, field: override.field, confidence: 1 };
    }
    const match = headerCandidates(cell).find(fits);
    if (match && match.confidence === 1) return { ...base, field: match.field, confidence: 1 };
    const period = headerPeriod(cell, formats?.[i]);
    if (period) return { ...base, field: "value" as const, period, confidence: 0.9 };
    if (match) return { ...base, ...match };
    return { ...base, field: null, confidence: 0 };
  });
  // One column per field (period columns excepted): the best match keeps it.
  const best = new Map<FieldName, ColumnMapping>();
  for (const m of mapping) {
    if (!m.field || m.period) continue;
    const current = best.get(m.field);
    if (!current || m.confidence > current.confidence) best.set(m.field, m);
  }
  return mapping.map((m) =>
    m.field && !m.period && best.get(m.field) !== m ? { ...m, field: null, confidence: 0 } : m,
  );
}

function kindScore(mapping: readonly ColumnMapping[], kind: SheetKind): number {
  let score = 0;
  for (const m of mapping) {
    if (!m.field) continue;
    if (m.period) score += kind === "indicator-values" ? 0.5 : 0;
    else if (FIELDS[m.field].kinds.includes(kind) && FIELDS[m.field].kinds.length === 1) score += m.confidence;
  }
  return score;
}

const has = (mapping: readonly ColumnMapping[], field: FieldName) => mapping.some((m) => m.field === field && !m.period);

/** What a mapped header row says the sheet is. */
export function detectKind(mapping: readonly ColumnMapping[]): { kind: SheetKind; layout: Layout | null } {
  const periodColumns = mapping.filter((m) => m.period).length;
  const indicatorKeyed = has(mapping, "indicatorCode") || has(mapping, "indicatorName");
  const followUpKeyed = has(mapping, "recommendation") && (has(mapping, "status") || has(mapping, "progress"));
  const fu = followUpKeyed ? kindScore(mapping, "follow-up") : 0;
  const iv = indicatorKeyed ? kindScore(mapping, "indicator-values") : 0;
  if (fu === 0 && iv === 0) return { kind: "unknown", layout: null };
  if (fu >= iv) return { kind: "follow-up", layout: "long" };
  if (has(mapping, "period") && has(mapping, "value")) return { kind: "indicator-values", layout: "long" };
  if (periodColumns > 0) return { kind: "indicator-values", layout: "wide" };
  return { kind: "indicator-values", layout: "long" };
}

/** Keep only the fields of the detected kind; wide layouts keep their period columns, long ones drop them. */
export function restrictToKind(mapping: readonly ColumnMapping[], kind: SheetKind, layout: Layout | null): ColumnMapping[] {
  return mapping.map((m) => {
    if (!m.field) return m;
    const keep = m.period ? layout === "wide" : FIELDS[m.field].kinds.includes(kind);
    return keep ? m : { ...m, field: null, confidence: 0, period: undefined };
  });
}

export interface HeaderFound {
  /** 0-based index in the grid. */
  index: number;
  mapping: ColumnMapping[];
  kind: SheetKind;
  layout: Layout | null;
}

/**
 * Find the header row under title blocks: the row within the first rows whose cells name the most fields of
 * one sheet kind. Title rows (one long text, often merged) name at most one field and lose.
 */
export function findHeaderRow(
  values: readonly (readonly CellValue[])[],
  formats: readonly (readonly string[])[] | undefined,
  firstColumn: number,
  overrides: readonly MappingOverride[] = [],
): HeaderFound | undefined {
  let found: (HeaderFound & { score: number }) | undefined;
  const limit = Math.min(values.length, HEADER_SEARCH_ROWS);
  for (let index = 0; index < limit; index++) {
    const row = values[index] ?? [];
    if (row.filter((c) => c !== "" && c !== null).length < 2) continue;
    const { kind, layout } = detectKind(mapHeaderRow(row, formats?.[index], firstColumn, overrides));
    if (kind === "unknown") continue;
    // Map again knowing the kind, so that a header's second-best field can win when its best one does not apply.
    const mapping = restrictToKind(mapHeaderRow(row, formats?.[index], firstColumn, overrides, kind), kind, layout);
    const score = mapping.reduce((s, m) => s + (m.field ? m.confidence : 0), 0);
    if (!found || score > found.score) found = { index, mapping, kind, layout, score };
  }
  if (!found) return undefined;
  const { score: _score, ...header } = found;
  return header;
}
