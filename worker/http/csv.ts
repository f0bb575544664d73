import type { Context } from "hono";

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
}

/** Text a spreadsheet would read as a formula (or as a control character) is made inert with a leading apostrophe. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | boolean | null | undefined, delimiter: string): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return text.includes(delimiter) || /["\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * CSV as Excel opens it right: UTF-8 with a byte-order mark, CRLF line ends, and text that cannot become a
 * formula. `;` suits French-locale Excel, `,` the others.
 */
export function toCsv<T>(columns: CsvColumn<T>[], rows: T[], delimiter = ","): string {
  const lines = [columns.map((c) => csvCell(c.header, delimiter)).join(delimiter)];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.value(row), delimiter)).join(delimiter));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** Did the caller ask for CSV (`?format=csv` or `Accept: text/csv`)? */
function wantsCsv(c: Context, format: string | undefined): boolean {
  if (format) return format === "csv";
  return /\btext\/csv\b/i.test(c.req.header("accept") ?? "");
}

function csvResponse(body: string, filename: string): Response {
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
    },
  });
}

/** A report as a CSV file: its name, columns and rows. */
export interface CsvFile<T> {
  filename: string;
  columns: CsvColumn<T>[];
  rows: T[];
}

/**
 * A report's answer: CSV when the caller asks for it (`?format=csv` or `Accept: text/csv`), in the delimiter
 * asked for, else the route's JSON. Each form is built only when it is the answer.
 */
export function csvOrJson<T, J>(
  c: Context,
  query: { format?: string | undefined; delimiter: string },
  csv: () => CsvFile<T>,
  json: () => J,
): J | Response {
  if (!wantsCsv(c, query.format)) return json();
  const file = csv();
  return csvResponse(toCsv(file.columns, file.rows, query.delimiter), file.filename);
}
