import type { Deadline } from "../model/deadline";
import { periodInfo } from "../model/period";
import type { CellValue } from "../pipeline/types";
import { lastDayOfMonth, MONTHS } from "./calendar";
import { isDateFormat, parseDate } from "./date";
import { isBlank, isMissingMarker } from "./empty";
import { parsePeriod, PERIOD_YEARS } from "./period";
import type { Parsed } from "./result";
import { fail, ok, quote } from "./result";
import { cellText, fold } from "./text";

/** Open deadlines (folded): continuous, permanent, immediate, or tied to an event. "Ongoing" here is a deadline, not a status. */
const OPEN = new Set([
  "permanent", "permanente", "permanence", "en permanence", "permanently", "continu", "continue", "en continu",
  "continuous", "continuously", "continual", "ongoing", "on going", "continuo", "continua", "em continuo",
  "de forma continua", "a tout moment", "at any time", "au fur et a mesure", "as and when", "immediat", "immediate",
  "immediatement", "immediately", "imediato", "imediatamente", "des que possible", "asap", "as soon as possible",
  "o mais rapidamente possivel", "sans delai", "without delay", "a chaque rencontre", "chaque rencontre",
  "at each meeting", "em cada reuniao", "regulierement", "regularly", "regularmente",
]);
/** "dès signature", "dès la signature", "upon signature", "após a assinatura", "à la signature". */
const OPEN_EVENT = /^(des|upon|apos|a la|on|after|apres l|a compter de la|des la|des reception|lors de)( |$)/;

/** "de chaque année", "each year"…: the deadline comes back every year. */
const EVERY_YEAR =
  /\b(de chaque annee|chaque annee|tous les ans|annuellement|chaque an|par an|of each year|each year|every year|annually|yearly|per year|de cada ano|cada ano|todos os anos|anualmente|por ano)\b/;
const END_WORDS = new Set(["fin", "end", "fim", "final", "dernier", "last", "ultimo"]);
const ANNUAL_FILLERS = new Set([
  "au", "plus", "tard", "avant", "le", "la", "l", "du", "de", "d", "des", "mois", "by", "the", "of", "before", "in",
  "en", "at", "a", "no", "na", "em", "ate", "ao", "o", "do", "da", "mes", "jour", "day", "dia", "latest", "not", "later", "than",
]);

/** "fin novembre", "le 30 novembre", "end of November", "30 de novembro": the month and day of a yearly deadline. */
function annual(rest: string, text: string): Parsed<Deadline> | undefined {
  let month: number | undefined;
  let day: number | "end" | undefined;
  for (const word of rest.split(" ")) {
    if (word === "" || ANNUAL_FILLERS.has(word)) continue;
    if (MONTHS.has(word) && month === undefined) month = MONTHS.get(word);
    else if (END_WORDS.has(word) && day === undefined) day = "end";
    else if (/^\d{1,2}(er|st|nd|rd|th)?$/.test(word) && day === undefined) day = parseInt(word, 10);
    else return undefined;
  }
  if (month === undefined) return undefined;
  // A leap year's length, so that "29 février de chaque année" is accepted.
  if (typeof day === "number" && (day < 1 || day > lastDayOfMonth(2000, month))) return undefined;
  return ok({ type: "annual", month, day: day ?? "end", text });
}

const PREFIX =
  /^(?:au plus tard|pas plus tard que|no later than|not later than|at the latest|avant|d'ici|d ici|jusqu'au|jusqu'a|until|till|by|before|ate|antes de|o mais tardar|prevue?s?|prevue? pour|echeance|deadline|due|pour|le|la|the|en|in|on|em|no|na|a|au)(?=[\s:,]|$)[\s:,]*/;
const END_OF =
  /^(?:la |the |o |a )?(?:fin|end|fim|final|terme)(?:[\s-]+(?:de la|du|de l'|d'|des|of the|of|do|da|de))?[\s,'-]*/;

/** Lower case, accents stripped, apostrophes made plain, spaces collapsed; punctuation kept (dates need "/"). */
function plain(text: string): string {
  return text.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase().replace(/[’`´]/g, "'").replace(/\s+/g, " ").trim();
}

function unrecognised(text: string): Parsed<never> {
  return fail("unrecognised-deadline", {
    fr: `Échéance non reconnue : ${quote(text, "fr")} (une date, « fin juin 2021 », « T3 2021 », « fin novembre de chaque année », « Permanent »).`,
    en: `Unrecognised deadline: ${quote(text)} (a date, "end of June 2021", "Q3 2021", "end of November each year", "Ongoing").`,
  });
}

/**
 * A due date, as the follow-up model keeps it:
 * - a date: an Excel date, date text (see parseDate), or a year (2021 → 2021-12-31);
 * - the last day of a period written in words: "fin juin 2021" → 2021-06-30, "fin 2021" → 2021-12-31,
 *   "2e semestre 2021", "S2 2021", "T3 2021" → the period's last day (type "date", `text` keeps the words);
 * - annual: "fin novembre de chaque année", "au plus tard fin novembre de chaque année", "end of November each
 *   year" → { month: 11, day: "end" }; "le 30 novembre de chaque année" → day 30;
 * - open: "Permanent", "Continu", "En continu", "dès signature", "Ongoing", "Contínuo", "Permanente".
 * Unrecognised text fails with "unrecognised-deadline" (a warning for the pipeline); an impossible date
 * ("31/02/2021") fails with "impossible-date".
 */
export function parseDeadline(cell: CellValue, numberFormat?: string): Parsed<Deadline> {
  if (isBlank(cell)) return fail("empty", { fr: "Cellule vide.", en: "Empty cell." });
  if (isMissingMarker(cell)) {
    return fail("missing", { fr: `Échéance déclarée manquante (${quote(String(cell), "fr")}).`, en: `Deadline declared missing (${quote(String(cell))}).` });
  }
  if (typeof cell === "number") {
    if (!isDateFormat(numberFormat) && Number.isInteger(cell) && cell >= PERIOD_YEARS.min && cell <= PERIOD_YEARS.max) {
      return ok({ type: "date", date: `${cell}-12-31`, text: String(cell) });
    }
    const date = parseDate(cell, numberFormat);
    return date.ok ? ok({ type: "date", date: date.value }) : date.reason === "not-a-date" ? unrecognised(String(cell)) : date;
  }
  if (typeof cell !== "string") return unrecognised(String(cell));
  const text = cellText(cell);
  const folded = fold(text);

  if (OPEN.has(folded) || OPEN_EVENT.test(folded)) return ok({ type: "open", text });

  const every = EVERY_YEAR.exec(folded);
  if (every) return annual(folded.replace(every[0], " "), text) ?? unrecognised(text);

  let rest = plain(text);
  for (let previous = ""; previous !== rest; ) {
    previous = rest;
    rest = rest.replace(PREFIX, "");
  }
  rest = rest.replace(END_OF, "").trim();

  const date = parseDate(rest);
  if (date.ok) return ok({ type: "date", date: date.value, text });
  if (date.reason === "impossible-date" || date.reason === "date-out-of-range") return date;

  const period = parsePeriod(rest);
  const end = period.ok ? periodInfo(period.value)?.end : undefined;
  if (end) return ok({ type: "date", date: end, text });
  return unrecognised(text);
}
