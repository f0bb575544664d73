import { basename } from "node:path";
import { loadReferenceData } from "../../shared/reference";
import { parseWorkbook } from "../../shared/pipeline/parse-workbook";
import type { WorkbookResult } from "../../shared/pipeline/parse-workbook";
import type { Lang } from "../../shared/model/common";
import { readWorkbookGrids, WorkbookReadError } from "../xlsx-grid";
import { parseArgs } from "../args";

const USAGE = "usage: npm run cli -- check FILE.xlsx [--json] [--lang fr|en] [--admin CODE] [--meeting ID]";

/** The CLI's JSON document: one entry per sheet, with the records of its kind. */
export function checkReport(file: string, result: WorkbookResult) {
  return {
    file,
    sheets: result.sheets.map((s) => ({
      name: s.name,
      kind: s.kind,
      layout: s.layout,
      headerRow: s.headerRow,
      context: s.context,
      mapping: s.mapping,
      records: s.kind === "follow-up" ? s.followUps : s.indicatorValues,
      targets: s.targets,
      issues: s.issues,
      skipped: s.skipped,
    })),
  };
}

const TEXT = {
  fr: {
    sheet: (name: string) => `Feuille « ${name} »`,
    kind: { "follow-up": "suivi de recommandations", "indicator-values": "valeurs d'indicateurs", unknown: "non reconnue" },
    layout: { long: "une ligne par valeur", wide: "périodes en colonnes" },
    header: (row: number) => `en-tête ligne ${row}`,
    counts: (records: number, errors: number, warnings: number, skipped: number) =>
      `${records} enregistrement(s) valide(s), ${errors} erreur(s), ${warnings} avertissement(s), ${skipped} ligne(s) ignorée(s)`,
    severity: { error: "ERREUR", warning: "AVERTISSEMENT", info: "INFO" },
    clean: "Aucune erreur.",
    failed: (n: number) => `${n} erreur(s) à corriger.`,
  },
  en: {
    sheet: (name: string) => `Sheet “${name}”`,
    kind: { "follow-up": "recommendation follow-up", "indicator-values": "indicator values", unknown: "not recognised" },
    layout: { long: "one row per value", wide: "periods as columns" },
    header: (row: number) => `header on row ${row}`,
    counts: (records: number, errors: number, warnings: number, skipped: number) =>
      `${records} valid record(s), ${errors} error(s), ${warnings} warning(s), ${skipped} skipped row(s)`,
    severity: { error: "ERROR", warning: "WARNING", info: "INFO" },
    clean: "No errors.",
    failed: (n: number) => `${n} error(s) to fix.`,
  },
} as const;

/** A readable summary of a checked workbook, in French or English. */
export function summary(file: string, result: WorkbookResult, lang: Lang): string {
  const t = TEXT[lang];
  const lines = [file];
  let errors = 0;
  for (const s of result.sheets) {
    const parts: string[] = [t.kind[s.kind]];
    if (s.layout) parts.push(t.layout[s.layout]);
    if (s.headerRow) parts.push(t.header(s.headerRow));
    lines.push("", `${t.sheet(s.name)}: ${parts.join(", ")}`);
    const count = (sev: string) => s.issues.filter((i) => i.severity === sev).length;
    const records = s.followUps.length + s.indicatorValues.length;
    lines.push(`  ${t.counts(records, count("error"), count("warning"), s.skipped.length)}`);
    for (const i of s.issues) lines.push(`  ${i.cell.padEnd(6)} ${t.severity[i.severity].padEnd(13)} ${i.message[lang]}`);
    errors += count("error");
  }
  lines.push("", errors === 0 ? t.clean : t.failed(errors));
  return lines.join("\n");
}

export function defaultLang(env: NodeJS.ProcessEnv = process.env): Lang {
  return (env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? "").toLowerCase().startsWith("fr") ? "fr" : "en";
}

/** `check FILE.xlsx`: exit 0 when no errors, 1 when the file has errors, 2 when it cannot be read. */
export async function runCheck(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { flags: ["json"], options: ["lang", "admin", "meeting"] });
  const file = args.positional[0];
  if (!file || args.positional.length > 1) {
    console.error(USAGE);
    return 2;
  }
  const lang: Lang = args.options.lang === "fr" || args.options.lang === "en" ? args.options.lang : defaultLang();
  let sheets;
  try {
    sheets = await readWorkbookGrids(file);
  } catch (e) {
    if (e instanceof WorkbookReadError) {
      console.error(e.message);
      return 2;
    }
    throw e;
  }
  const result = parseWorkbook(sheets, loadReferenceData(), {
    actorId: args.options.admin?.toUpperCase(),
    meetingId: args.options.meeting?.toUpperCase(),
    hints: [basename(file)],
  });
  if (args.flags.json) console.log(JSON.stringify(checkReport(file, result), null, 2));
  else console.log(summary(file, result, lang));
  return result.sheets.some((s) => s.issues.some((i) => i.severity === "error")) ? 1 : 0;
}
