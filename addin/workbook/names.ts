/** Sheet names and links, as Excel writes them (used by both adapters). */

/** "Suivi 2021" → "'Suivi 2021'": a sheet name inside a formula or a workbook-level address. */
export function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** A name not yet taken: "Suivi PC11 CI", then "Suivi PC11 CI (2)"… within Excel's 31 characters. */
export function uniqueSheetName(wanted: string, taken: readonly string[]): string {
  const lower = new Set(taken.map((n) => n.toLowerCase()));
  if (!lower.has(wanted.toLowerCase())) return wanted;
  for (let i = 2; ; i++) {
    const suffix = ` (${i})`;
    const name = wanted.slice(0, 31 - suffix.length) + suffix;
    if (!lower.has(name.toLowerCase())) return name;
  }
}

/** The formula (without "=") that links a row of the issues sheet to its cell. */
export function linkFormula(sheet: string, address: string): string {
  const target = `#${quoteSheet(sheet)}!${address}`.replace(/"/g, '""');
  return `HYPERLINK("${target}","${address}")`;
}
