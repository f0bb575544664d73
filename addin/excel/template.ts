import type { OperationOptions, TemplateSheet, Validation } from "../workbook/adapter";
import { templateHeaderRow } from "../workbook/adapter";
import type { ExcelCapabilities } from "./capabilities";
import { HEADER_FILL, POINTS_PER_CHAR } from "./issues-sheet";
import { quoteSheet, uniqueSheetName } from "../workbook/names";
import { ACTION_BYTES, Batch, jsonBytes, PATH_BYTES } from "./payload";
import { writeSettings } from "./settings";
import { formatColumn, writeRows } from "./write";

/** Excel's data-validation rule for ours. */
export function excelRule(v: Validation): Excel.DataValidationRule {
  switch (v.type) {
    case "list":
      return {
        list: {
          inCellDropDown: true,
          source: v.source ? `=${quoteSheet(v.source.sheet)}!$${v.source.column}$1:$${v.source.column}$${v.values.length}` : v.values.join(","),
        },
      };
    case "date":
      return { date: { formula1: "1900-01-01", operator: "GreaterThanOrEqualTo" } };
    case "decimal":
    case "whole": {
      const bounds =
        v.min !== undefined && v.max !== undefined
          ? { formula1: v.min, formula2: v.max, operator: "Between" as const }
          : v.min !== undefined
            ? { formula1: v.min, operator: "GreaterThanOrEqualTo" as const }
            : v.max !== undefined
              ? { formula1: v.max, operator: "LessThanOrEqualTo" as const }
              : { formula1: -1e15, operator: "GreaterThanOrEqualTo" as const };
      return v.type === "decimal" ? { decimal: bounds } : { wholeNumber: bounds };
    }
  }
}

function applyValidation(range: Excel.Range, v: Validation, title: string) {
  range.dataValidation.clear();
  range.dataValidation.ignoreBlanks = true;
  range.dataValidation.rule = excelRule(v);
  range.dataValidation.errorAlert = { showAlert: true, style: "Stop", title, message: v.message.slice(0, 225) };
}

const VALIDATION_BYTES = 2 * PATH_BYTES + 4 * ACTION_BYTES + 600;

/**
 * Add a sheet from a template: title, header, pre-filled rows, number formats (text columns as text),
 * dropdowns and rules, a frozen header, and the template's settings. Two syncs whatever the size.
 */
export async function writeTemplate(
  context: Excel.RequestContext,
  caps: ExcelCapabilities,
  template: TemplateSheet,
  options: OperationOptions = {},
): Promise<{ name: string; syncs: number; forced: number }> {
  const batch = new Batch(context, options);
  const sheets = context.workbook.worksheets;
  sheets.load("items/name");
  const lists = sheets.getItemOrNullObject(template.listsSheet);
  lists.load("name");
  await batch.flush(); // 1: names taken, and the lists sheet

  const name = uniqueSheetName(template.name, sheets.items.map((s) => s.name));
  const sheet = sheets.add(name);
  const headerRow = templateHeaderRow(template) - 1; // 0-based
  const width = template.columns.length;
  const dataRows = template.rows.length + template.spareRows;
  const alertTitle = template.title[0]?.slice(0, 32) ?? name;

  await batch.reserve(4 * PATH_BYTES + 4 * ACTION_BYTES);
  if (template.title.length > 0) {
    await writeRows(batch, sheet, 0, 0, template.title.map((line) => [line]), () => "@");
    sheet.getRangeByIndexes(0, 0, 1, 1).format.font.bold = true;
  }
  await writeRows(batch, sheet, headerRow, 0, [template.columns.map((c) => c.header)], () => "@");
  const header = sheet.getRangeByIndexes(headerRow, 0, 1, width);
  header.format.font.bold = true;
  header.format.fill.color = HEADER_FILL;
  header.format.wrapText = true;
  sheet.freezePanes.freezeRows(headerRow + 1);

  // Column formats over the data rows and the spare rows, then the pre-filled rows with their own formats.
  for (const [c, column] of template.columns.entries()) {
    await formatColumn(batch, sheet, headerRow + 1, c, dataRows, column.numberFormat);
    await batch.reserve(3 * PATH_BYTES + 2 * ACTION_BYTES);
    const whole = sheet.getRangeByIndexes(0, c, 1, 1).format;
    whole.columnWidth = column.width * POINTS_PER_CHAR;
    if (column.wrap) sheet.getRangeByIndexes(headerRow + 1, c, Math.max(1, dataRows), 1).format.wrapText = true;
  }
  await writeRows(batch, sheet, headerRow + 1, 0, template.rows, (r, c, v) =>
    typeof v === "string" && v !== "" ? "@" : (template.cellFormats?.[r]?.[c] ?? template.columns[c]?.numberFormat ?? "General"),
  );

  if (caps.dataValidation) {
    for (const [c, column] of template.columns.entries()) {
      if (!column.validation) continue;
      await batch.reserve(VALIDATION_BYTES + jsonBytes(column.validation.message));
      applyValidation(sheet.getRangeByIndexes(headerRow + 1, c, dataRows, 1), column.validation, alertTitle);
    }
    for (const [r, rules] of (template.cellValidations ?? []).entries()) {
      for (const [c, rule] of Object.entries(rules)) {
        await batch.reserve(VALIDATION_BYTES + jsonBytes(rule.message));
        applyValidation(sheet.getRangeByIndexes(headerRow + 1 + r, Number(c), 1, 1), rule, alertTitle);
      }
    }
    // Long lists live on a hidden sheet, so that dropdowns can name more than 255 characters of choices.
    if (template.columns.some((c) => c.validation?.type === "list" && c.validation.source)) {
      const listSheet = lists.isNullObject ? sheets.add(template.listsSheet) : lists;
      listSheet.visibility = "Hidden";
      for (const list of template.lists) {
        const col = list.column.charCodeAt(0) - 65;
        await batch.reserve(2 * PATH_BYTES + ACTION_BYTES);
        listSheet.getRangeByIndexes(0, col, 1, 1).getEntireColumn().clear();
        await writeRows(batch, listSheet, 0, col, list.values.map((v) => [v]), () => "@");
      }
    }
  }
  await batch.reserve(2 * PATH_BYTES + 2 * ACTION_BYTES + jsonBytes(template.settings));
  writeSettings(context, name, template.settings);
  sheet.activate();
  sheet.getRangeByIndexes(headerRow + 1, 0, 1, 1).select();
  await batch.flush(); // 2: write
  return { name, syncs: batch.syncs, forced: batch.forced };
}
