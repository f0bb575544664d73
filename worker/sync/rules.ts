import type { ValueType } from "../../shared/model/indicator";
import type { Message } from "../../shared/sync/protocol";
import type { IndicatorFacts } from "../db/sync";

/** Why the server refuses one record of a push (it checks what the client cannot know for sure). */
export interface Rejection {
  code: string;
  field: string;
  message: Message;
}

const reject = (code: string, field: string, fr: string, en: string): Rejection => ({ code, field, message: { fr, en } });

export const Rejections = {
  unknownRecommendation: (id: string) =>
    reject("unknown-recommendation", "key.recommendationId", `Recommandation inconnue : ${id}.`, `Unknown recommendation: ${id}.`),
  unknownActor: (id: string) => reject("unknown-actor", "key.actorId", `Acteur inconnu : ${id}.`, `Unknown actor: ${id}.`),
  groupActor: (id: string) =>
    reject(
      "group-actor",
      "key.actorId",
      `${id} est un groupe : le suivi se fait par acteur.`,
      `${id} is a group: follow-ups are kept per actor.`,
    ),
  notAdministration: (id: string) =>
    reject(
      "not-an-administration",
      "key.actorId",
      `${id} n'est pas une administration : seules les administrations déclarent des valeurs d'indicateurs.`,
      `${id} is not an administration: only administrations report indicator values.`,
    ),
  unknownIndicator: (code: string) =>
    reject("unknown-indicator", "key.indicatorCode", `Indicateur inconnu : ${code}.`, `Unknown indicator: ${code}.`),
  indicatorNotPublished: (code: string) =>
    reject(
      "indicator-not-published",
      "key.indicatorCode",
      `L'indicateur ${code} n'est pas encore publié.`,
      `Indicator ${code} is not published yet.`,
    ),
  indicatorRetired: (code: string) =>
    reject("indicator-retired", "key.indicatorCode", `L'indicateur ${code} est retiré.`, `Indicator ${code} is retired.`),
  indicatorComputed: (code: string) =>
    reject(
      "indicator-computed",
      "key.indicatorCode",
      `L'indicateur ${code} est calculé à partir d'autres indicateurs : il ne se saisit pas.`,
      `Indicator ${code} is computed from other indicators: it cannot be entered.`,
    ),
};

const RANGE: Record<ValueType, { integer: boolean; min?: number; max?: number; fr: string; en: string }> = {
  number: { integer: false, fr: "un nombre", en: "a number" },
  integer: { integer: true, fr: "un nombre entier", en: "a whole number" },
  count: { integer: true, min: 0, fr: "un nombre entier positif ou nul", en: "a whole number, not negative" },
  percentage: { integer: false, min: 0, max: 100, fr: "un pourcentage entre 0 et 100", en: "a percentage from 0 to 100" },
  amount: { integer: false, min: 0, fr: "un montant positif ou nul", en: "an amount, not negative" },
  duration: { integer: false, min: 0, fr: "une durée positive ou nulle", en: "a duration, not negative" },
};

/** Does the number fit the indicator's value type? */
export function valueProblem(valueType: ValueType, value: number | null, field: string): Rejection | null {
  if (value === null) return null;
  const r = RANGE[valueType];
  const ok =
    (!r.integer || Number.isInteger(value)) && (r.min === undefined || value >= r.min) && (r.max === undefined || value <= r.max);
  return ok
    ? null
    : reject("value-out-of-range", field, `La valeur ${value} doit être ${r.fr}.`, `The value ${value} must be ${r.en}.`);
}

/** Can values of this indicator be written at all? */
export function indicatorProblem(code: string, facts: IndicatorFacts | undefined): Rejection | null {
  if (!facts) return Rejections.unknownIndicator(code);
  if (facts.computed) return Rejections.indicatorComputed(code);
  if (facts.status === "draft") return Rejections.indicatorNotPublished(code);
  if (facts.status === "retired") return Rejections.indicatorRetired(code);
  return null;
}
