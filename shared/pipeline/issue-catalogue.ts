import { a1 } from "./a1";
import type { CellValue, FieldName, Issue, Message, Severity, SkippedRow } from "./types";

/** A parameter is plain, or a {fr, en} pair when it must be translated too (a field's label). */
type Params = Record<string, string | number | Message>;
type Template = { severity: Severity; fr: string; en: string };

/**
 * Every issue the pipeline can raise, with its stable code, severity and message in French and English.
 * Messages say what is wrong and what to do; `{x}` placeholders are filled from the issue's parameters.
 */
export const ISSUE_CATALOGUE = {
  "no-header": {
    severity: "error",
    fr: "Aucune ligne d'en-tête reconnue : ajoutez une ligne de titres de colonnes (ex. « Pays », « Indicateur », « Période », « Valeur »).",
    en: "No header row recognised: add a row of column titles (e.g. “Country”, “Indicator”, “Period”, “Value”).",
  },
  "unknown-sheet-kind": {
    severity: "info",
    fr: "Feuille ignorée : ni un suivi de recommandations ni des valeurs d'indicateurs.",
    en: "Sheet skipped: neither a recommendation follow-up nor indicator values.",
  },
  "missing-column": {
    severity: "error",
    fr: "Colonne « {field} » introuvable : ajoutez-la ou indiquez quelle colonne la contient.",
    en: "Column “{field}” not found: add it or say which column holds it.",
  },
  "administration-not-found": {
    severity: "error",
    fr: "Administration introuvable : ajoutez une colonne « Pays » ou choisissez l'administration dans le volet.",
    en: "Administration not found: add a “Country” column or choose the administration in the pane.",
  },
  "meeting-not-found": {
    severity: "error",
    fr: "Réunion introuvable : indiquez dans le titre ou dans le volet de quelle réunion viennent les recommandations.",
    en: "Meeting not found: say in the title or in the pane which meeting the recommendations come from.",
  },
  "missing-value": {
    severity: "error",
    fr: "Valeur obligatoire manquante ({field}) : saisissez-la, ou écrivez « n/a » si elle n'est pas disponible.",
    en: "Required value missing ({field}): enter it, or write “n/a” if it is not available.",
  },
  "declared-missing": {
    severity: "info",
    fr: "Valeur déclarée manquante (« {value} ») : enregistrée comme manquante, ni zéro ni sans objet.",
    en: "Value declared missing (“{value}”): recorded as missing, neither zero nor not applicable.",
  },
  "unknown-recommendation": {
    severity: "error",
    fr: "Recommandation « {value} » inconnue pour la réunion {meeting} : utilisez un numéro de 1 à {max} ou D1, D2…",
    en: "Unknown recommendation “{value}” for meeting {meeting}: use a number from 1 to {max} or D1, D2…",
  },
  "unknown-administration": {
    severity: "error",
    fr: "Administration « {value} » inconnue : écrivez le nom d'un pays membre de la région ou son code ISO (CI, SN…).",
    en: "Unknown administration “{value}”: write the name of a member country of the region or its ISO code (CI, SN…).",
  },
  "unknown-indicator": {
    severity: "error",
    fr: "Indicateur « {value} » inconnu : utilisez un code ou un nom du catalogue des indicateurs.",
    en: "Unknown indicator “{value}”: use a code or name from the indicator catalogue.",
  },
  "unknown-status": {
    severity: "error",
    fr: "Statut « {value} » inconnu : choisissez Non entamé, En cours, Réalisé ou Sans objet.",
    en: "Unknown status “{value}”: choose Not started, In progress, Implemented or Not applicable.",
  },
  "invalid-period": {
    severity: "error",
    fr: "Période « {value} » invalide : écrivez par exemple 2021, S1 2021, T3 2021 ou Janv. 2021.",
    en: "Invalid period “{value}”: write e.g. 2021, S1 2021, Q3 2021 or Jan 2021.",
  },
  "invalid-number": {
    severity: "error",
    fr: "« {value} » n'est pas un nombre : écrivez par exemple 1 234,5 ou 1,234.5.",
    en: "“{value}” is not a number: write e.g. 1,234.5 or 1 234,5.",
  },
  "progress-out-of-range": {
    severity: "error",
    fr: "Taux de réalisation {value} hors de 0–100 % : corrigez-le.",
    en: "Progress {value} is outside 0–100%: correct it.",
  },
  "percentage-out-of-range": {
    severity: "error",
    fr: "Pourcentage {value} hors de 0–100 % : un taux ne peut pas dépasser 100 %.",
    en: "Percentage {value} is outside 0–100%: a rate cannot exceed 100%.",
  },
  "negative-value": {
    severity: "error",
    fr: "Valeur négative ({value}) pour un indicateur qui ne peut pas l'être : corrigez-la.",
    en: "Negative value ({value}) for an indicator that cannot be negative: correct it.",
  },
  "not-an-integer": {
    severity: "warning",
    fr: "{value} n'est pas un nombre entier alors que l'indicateur compte des unités : vérifiez la valeur.",
    en: "{value} is not a whole number but the indicator counts units: check the value.",
  },
  "invalid-date": {
    severity: "error",
    fr: "Date « {value} » invalide : écrivez-la jour/mois/année, par exemple 31/12/2021.",
    en: "Invalid date “{value}”: write it day/month/year, e.g. 31/12/2021.",
  },
  "unrecognised-deadline": {
    severity: "warning",
    fr: "Échéance « {value} » non reconnue : écrivez une date (31/12/2021), « fin novembre 2021 » ou « Permanent ».",
    en: "Deadline “{value}” not recognised: write a date (31/12/2021), “end of November 2021” or “Permanent”.",
  },
  "duplicate-key": {
    severity: "error",
    fr: "Doublon : la ligne {first} porte déjà {key}. Gardez une seule ligne.",
    en: "Duplicate: row {first} already holds {key}. Keep a single row.",
  },
  "no-values": {
    severity: "info",
    fr: "Aucune valeur sur cette ligne pour les périodes en colonnes.",
    en: "No value on this row for the periods in columns.",
  },
  "inconsistent-status-progress": {
    severity: "warning",
    fr: "Statut « {status} » incohérent avec un taux de {progress} % : vérifiez l'un ou l'autre.",
    en: "Status “{status}” is inconsistent with a progress of {progress}%: check one or the other.",
  },
} as const satisfies Record<string, Template>;

export type IssueCode = keyof typeof ISSUE_CATALOGUE;

function fill(template: string, params: Params, lang: "fr" | "en"): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const p = params[key];
    if (p === undefined) return whole;
    return typeof p === "object" ? p[lang] : String(p);
  });
}

export function issueMessage(code: IssueCode, params: Params = {}): Message {
  const t = ISSUE_CATALOGUE[code];
  return { fr: fill(t.fr, params, "fr"), en: fill(t.en, params, "en") };
}

/** Build an issue at a sheet cell (1-based row and column). */
export function makeIssue(
  code: IssueCode,
  at: { row: number; column: number },
  field: FieldName | null,
  params: Params = {},
  value?: CellValue,
): Issue {
  const issue: Issue = {
    code,
    severity: ISSUE_CATALOGUE[code].severity,
    cell: a1(at.row, at.column),
    row: at.row,
    column: at.column,
    field,
    message: issueMessage(code, params),
  };
  if (value !== undefined) issue.value = value;
  return issue;
}

/** Why a row is not data, as the pane and the CLI say it. */
export const SKIP_MESSAGES: Record<SkippedRow["reason"], Message> = {
  blank: { fr: "Ligne vide", en: "Blank row" },
  "section-heading": { fr: "Intertitre de section", en: "Section heading" },
  note: { fr: "Note ou commentaire hors tableau", en: "Note outside the table" },
  total: { fr: "Ligne de total ou de synthèse", en: "Total or summary row" },
  "repeated-header": { fr: "En-tête répété", en: "Repeated header" },
};
