import type { Actor, ActorKind } from "../model/actor";
import type { Indicator } from "../model/indicator";
import type { Recommendation } from "../model/recommendation";
import type { CellValue } from "../pipeline/types";

export interface ActorIndex {
  /** The actor a whole cell names: id (ISO2, any case), ISO3, French/English/Portuguese name or alias, folded. */
  find(text: CellValue): Actor | undefined;
  /**
   * The one actor named inside a longer text (a title block, a file name), on word boundaries, longest match
   * first; undefined when none or several different ones are named. Only administrations unless `kinds` says
   * otherwise; ISO2 codes are not searched inside texts (too many common words).
   */
  findIn(text: CellValue, kinds?: readonly ActorKind[]): Actor | undefined;
  /** Every actor named in a text, in order ("Vice-Présidence et Secrétariat de l'OMD" → VP, WCO-SEC). */
  findAll(text: CellValue, kinds?: readonly ActorKind[]): Actor[];
}

export function createActorIndex(actors: readonly Actor[]): ActorIndex {
  void actors;
  return { find: () => undefined, findIn: () => undefined, findAll: () => [] };
}

export interface IndicatorMatch {
  indicator: Indicator;
  /** 1 for an exact code, name or synonym (folded); below 1 for a fuzzy match. */
  confidence: number;
}

export interface IndicatorIndex {
  find(text: CellValue): IndicatorMatch | undefined;
}

export function createIndicatorIndex(indicators: readonly Indicator[]): IndicatorIndex {
  void indicators;
  return { find: () => undefined };
}

export interface RecommendationIndex {
  /** The recommendation or diligence of the meeting a cell numbers: 7, "7", "R7", "Reco 7", "D1", "Diligence 1". */
  find(meetingId: string, cell: CellValue): Recommendation | undefined;
}

export function createRecommendationIndex(recommendations: readonly Recommendation[]): RecommendationIndex {
  void recommendations;
  return { find: () => undefined };
}
