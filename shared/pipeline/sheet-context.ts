import type { ReferenceData } from "../model/reference";
import type { ActorIndex } from "../normalise/lookup";
import { fold } from "../normalise/text";
import type { CellValue } from "./types";

/** Texts above the header (titles, "Administration : …", "mise à jour du …"), and the sheet and file names. */
export function titleTexts(rowsAbove: readonly (readonly CellValue[])[], extra: readonly string[]): string[] {
  const texts = new Set<string>();
  for (const row of rowsAbove) for (const cell of row) if (typeof cell === "string" && cell.trim()) texts.add(cell.trim());
  for (const e of extra) if (e.trim()) texts.add(e.trim());
  return [...texts];
}

/** The one administration the title block or the file name names, if any. */
export function findActorInTexts(texts: readonly string[], actors: ActorIndex): string | undefined {
  const found = new Set<string>();
  for (const t of texts) {
    const actor = actors.findIn(t);
    if (actor) found.add(actor.id);
  }
  return found.size === 1 ? [...found][0] : undefined;
}

const ORDINAL = /\b(\d{1,2})\s*(?:e|eme|er|th|st|nd|rd|a|o)?\b/;

/**
 * The meeting a follow-up sheet tracks: a title such as "… 11EME RENCONTRE DES POINTS DE CONTACT …" names its
 * number; otherwise, when the reference data holds a single meeting, that one.
 */
export function findMeetingInTexts(texts: readonly string[], ref: ReferenceData): string | undefined {
  for (const t of texts) {
    const f = fold(t);
    const kind = /points? de contact|contact points?|pontos? de contacto/.test(f)
      ? "contact-points"
      : /\bgtr\b|groupe de travail|working group/.test(f)
        ? "gtr"
        : undefined;
    if (!kind) continue;
    const n = ORDINAL.exec(f);
    const meeting = ref.meetings.find((m) => m.kind === kind && n && m.number === Number(n[1]));
    if (meeting) return meeting.id;
  }
  return ref.meetings.length === 1 ? ref.meetings[0]?.id : undefined;
}

/** A four-digit year the title block gives ("Key Performance Indicators 2021"), when only one is given. */
export function findYearInTexts(texts: readonly string[]): number | undefined {
  const years = new Set<number>();
  for (const t of texts) for (const m of t.matchAll(/\b(19[9]\d|20\d\d)\b/g)) years.add(Number(m[1]));
  return years.size === 1 ? [...years][0] : undefined;
}
