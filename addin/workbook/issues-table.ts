import type { SheetResult } from "../../shared/pipeline/types";
import type { Lang } from "../i18n";
import { t } from "../i18n";
import type { IssuesTable } from "./adapter";
import { FIELDS } from "../../shared/pipeline/fields";

/** The issues sheet's name in each language ("Anomalies" / "Issues"). */
export function issuesSheetName(lang: Lang): string {
  return t(lang, "issuesSheet.name");
}

/** One row per issue, worst first then in sheet order, each linking back to its cell. */
export function buildIssuesTable(result: SheetResult, lang: Lang): IssuesTable {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const issues = [...result.issues].sort((a, b) => rank[a.severity] - rank[b.severity] || a.row - b.row || a.column - b.column);
  return {
    name: issuesSheetName(lang),
    source: result.name,
    title: t(lang, "issuesSheet.title", { sheet: result.name, count: issues.length }),
    headers: [
      t(lang, "issuesSheet.cell"),
      t(lang, "issuesSheet.severity"),
      t(lang, "issuesSheet.field"),
      t(lang, "issuesSheet.value"),
      t(lang, "issuesSheet.message"),
      t(lang, "issuesSheet.code"),
    ],
    rows: issues.map((i) => [
      i.cell,
      t(lang, `severity.${i.severity}`),
      i.field ? (FIELDS[i.field as keyof typeof FIELDS]?.label[lang] ?? i.field) : "",
      i.value ?? "",
      i.message[lang],
      i.code,
    ]),
    links: issues.map((i) => (i.row >= 1 && i.column >= 1 ? i.cell : "")),
    linkColumn: 0,
    widths: [10, 14, 22, 22, 80, 26],
  };
}
