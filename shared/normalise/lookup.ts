import type { Actor, ActorKind } from "../model/actor";
import type { Indicator } from "../model/indicator";
import type { Recommendation } from "../model/recommendation";
import type { CellValue } from "../pipeline/types";
import { parseRecommendationNumber } from "./recommendation";
import { fold } from "./text";

const LEADING_ARTICLE = /^(?:la|le|les|l|the|a|o)\s+/;

/** Every key a name is found by: folded, without a leading article, and without spaces ("cote divoire"). */
function nameKeys(name: string): string[] {
  const folded = fold(name);
  const bare = folded.replace(LEADING_ARTICLE, "");
  return [...new Set([folded, bare, folded.replace(/ /g, ""), bare.replace(/ /g, "")])].filter((k) => k !== "");
}

/** A map from key to value that forgets keys claimed by two different values: ambiguity finds nothing. */
class UniqueMap<T> {
  private readonly map = new Map<string, T | null>();
  set(key: string, value: T): void {
    const existing = this.map.get(key);
    this.map.set(key, existing === undefined || existing === value ? value : null);
  }
  get(key: string): T | undefined {
    return this.map.get(key) ?? undefined;
  }
  entries(): [string, T][] {
    return [...this.map].filter((e): e is [string, T] => e[1] !== null);
  }
}

const isIso2 = (a: Actor) => a.kind === "administration" && /^[A-Z]{2}$/.test(a.id);

/** Codes and aliases that are also everyday words ("car" is French for "because"): whole cells only, never inside texts. */
const COMMON_WORDS = new Set(["car", "cod", "gin", "gab", "can", "sen"]);

export interface ActorIndex {
  /** The actor a whole cell names: id (ISO2, any case), ISO3, French/English/Portuguese name or alias, folded. */
  find(text: CellValue): Actor | undefined;
  /**
   * The one actor named inside a longer text (a title block, a file name), on word boundaries, longest match
   * first; undefined when none or several different ones are named. Only administrations unless `kinds` says
   * otherwise; ISO2 codes are not searched inside texts (too many short words look like them).
   */
  findIn(text: CellValue, kinds?: readonly ActorKind[]): Actor | undefined;
  /** Every actor named in a text, in order, each once ("Vice-Présidence et Secrétariat de l'OMD" → VP, WCO-SEC). All kinds unless `kinds` says. */
  findAll(text: CellValue, kinds?: readonly ActorKind[]): Actor[];
}

export function createActorIndex(actors: readonly Actor[]): ActorIndex {
  const exact = new UniqueMap<Actor>();
  // Phrases searched inside texts, as token lists; ISO2 ids are left out.
  const phrases = new UniqueMap<Actor>();
  for (const actor of actors) {
    const names = [actor.id, actor.iso3, actor.nameFr, actor.nameEn, actor.namePt, ...actor.aliases].filter(
      (n): n is string => !!n,
    );
    for (const name of names) for (const key of nameKeys(name)) exact.set(key, actor);
    for (const name of names) {
      if (name === actor.id && isIso2(actor)) continue;
      const folded = fold(name);
      if (COMMON_WORDS.has(folded)) continue;
      if (folded !== "") phrases.set(folded, actor);
      const bare = folded.replace(LEADING_ARTICLE, "");
      if (bare !== "") phrases.set(bare, actor);
    }
  }
  // Phrases by first token, longest first: the scan below tries only those that can start at a token.
  const byFirstToken = new Map<string, { tokens: string[]; actor: Actor }[]>();
  for (const [key, actor] of phrases.entries()) {
    const tokens = key.split(" ");
    const list = byFirstToken.get(tokens[0]!) ?? [];
    list.push({ tokens, actor });
    byFirstToken.set(tokens[0]!, list);
  }
  for (const list of byFirstToken.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);

  function findAll(text: CellValue, kinds?: readonly ActorKind[]): Actor[] {
    if (typeof text !== "string") return [];
    const tokens = fold(text).split(" ");
    const found: Actor[] = [];
    for (let i = 0; i < tokens.length; ) {
      const hit = byFirstToken
        .get(tokens[i]!)
        ?.find((p) => (!kinds || kinds.includes(p.actor.kind)) && p.tokens.every((t, j) => tokens[i + j] === t));
      if (hit) {
        if (!found.includes(hit.actor)) found.push(hit.actor);
        i += hit.tokens.length;
      } else i++;
    }
    return found;
  }

  return {
    find(text) {
      if (typeof text !== "string") return undefined;
      for (const key of nameKeys(text)) {
        const actor = exact.get(key);
        if (actor) return actor;
      }
      return undefined;
    },
    findIn(text, kinds = ["administration"]) {
      const found = findAll(text, kinds);
      return found.length === 1 ? found[0] : undefined;
    },
    findAll,
  };
}

export interface IndicatorMatch {
  indicator: Indicator;
  /** 1 for an exact code, name or synonym (folded); below 1 for a fuzzy match. */
  confidence: number;
}

export interface IndicatorIndex {
  /**
   * The indicator a cell names: its code (any case, "CB-TRAIN", "cb train"), or a name or synonym in any
   * language. Exact (folded) matches have confidence 1; the same without parenthesised text ("(heures)")
   * 0.95; otherwise the best token overlap (stop words dropped), confidence below 0.9, when clear enough.
   */
  find(text: CellValue): IndicatorMatch | undefined;
}

/** Words that say nothing about which indicator: articles, "number of", "indicator", "total". */
const INDICATOR_STOP_WORDS = new Set(
  (
    "de du des la le les l d et en a au aux par pour sur of the and in per for on to by a an " +
    "do da dos das e em no na o os as por um uma " +
    "indicateur indicator indicador kpi nombre number numero nb no total valeur value valor"
  ).split(" "),
);

/** Significant words of a name, singular-ish ("formés" → "forme"), without parenthesised text. */
function significantTokens(text: string): Set<string> {
  return new Set(
    fold(text.replace(/\([^)]*\)|\[[^\]]*\]/g, " "))
      .split(" ")
      .filter((t) => t !== "" && !INDICATOR_STOP_WORDS.has(t))
      .map((t) => (t.length > 3 ? t.replace(/s$/, "") : t)),
  );
}

const FUZZY_THRESHOLD = 0.6;
const FUZZY_CEILING = 0.9;

export function createIndicatorIndex(indicators: readonly Indicator[]): IndicatorIndex {
  const exact = new UniqueMap<Indicator>();
  const loose = new UniqueMap<Indicator>();
  const tokenSets: { tokens: Set<string>; indicator: Indicator }[] = [];
  for (const indicator of indicators) {
    const code = fold(indicator.code);
    exact.set(code, indicator);
    exact.set(code.replace(/ /g, ""), indicator);
    for (const name of [indicator.nameFr, indicator.nameEn, indicator.namePt, ...indicator.synonyms]) {
      if (!name) continue;
      exact.set(fold(name), indicator);
      loose.set(fold(name.replace(/\([^)]*\)|\[[^\]]*\]/g, " ")), indicator);
      const tokens = significantTokens(name);
      if (tokens.size > 0) tokenSets.push({ tokens, indicator });
    }
  }

  return {
    find(text) {
      if (typeof text !== "string") return undefined;
      const key = fold(text);
      if (key === "") return undefined;
      const hit = exact.get(key) ?? exact.get(key.replace(/ /g, ""));
      if (hit) return { indicator: hit, confidence: 1 };
      const looseHit = loose.get(fold(text.replace(/\([^)]*\)|\[[^\]]*\]/g, " ")));
      if (looseHit) return { indicator: looseHit, confidence: 0.95 };

      // Dice coefficient of significant words; the best per indicator, and only a clear winner counts.
      const tokens = significantTokens(text);
      if (tokens.size === 0) return undefined;
      const best = new Map<Indicator, number>();
      for (const entry of tokenSets) {
        let shared = 0;
        for (const t of tokens) if (entry.tokens.has(t)) shared++;
        const score = (2 * shared) / (tokens.size + entry.tokens.size);
        if (score > (best.get(entry.indicator) ?? 0)) best.set(entry.indicator, score);
      }
      const ranked = [...best].sort((a, b) => b[1] - a[1]);
      const [first, second] = ranked;
      if (!first || first[1] < FUZZY_THRESHOLD || (second && second[1] === first[1])) return undefined;
      return { indicator: first[0], confidence: Math.round(first[1] * FUZZY_CEILING * 100) / 100 };
    },
  };
}

export interface RecommendationIndex {
  /** The recommendation or diligence of the meeting a cell numbers: 7, "7", "R7", "Reco 7", "D1", "D 1", "Diligence 1". */
  find(meetingId: string, cell: CellValue): Recommendation | undefined;
  /** The highest recommendation number of a meeting ("22"), for messages; undefined for an unknown meeting. */
  maxNumber(meetingId: string): string | undefined;
  /** The meeting's items in source order: recommendations by number, then diligences. */
  list(meetingId: string): Recommendation[];
}

export function createRecommendationIndex(recommendations: readonly Recommendation[]): RecommendationIndex {
  const byMeeting = new Map<string, Map<string, Recommendation>>();
  for (const r of recommendations) {
    const items = byMeeting.get(r.meetingId) ?? new Map<string, Recommendation>();
    items.set(r.number, r);
    byMeeting.set(r.meetingId, items);
  }
  const order = (r: Recommendation) => (r.kind === "diligence" ? 10_000 : 0) + Number(r.number.replace(/^D/, ""));
  return {
    find(meetingId, cell) {
      const number = parseRecommendationNumber(cell);
      return number.ok ? byMeeting.get(meetingId)?.get(number.value) : undefined;
    },
    maxNumber(meetingId) {
      const numbers = [...(byMeeting.get(meetingId)?.values() ?? [])].filter((r) => r.kind === "recommendation").map((r) => Number(r.number));
      return numbers.length > 0 ? String(Math.max(...numbers)) : undefined;
    },
    list(meetingId) {
      return [...(byMeeting.get(meetingId)?.values() ?? [])].sort((a, b) => order(a) - order(b));
    },
  };
}
