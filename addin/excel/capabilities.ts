/**
 * What this Excel can do beyond the manifest's minimum (ExcelApi 1.7). Detected once with isSetSupported;
 * the adapter's functions take it as a parameter, so that tests can run them against every combination.
 */
export interface ExcelCapabilities {
  /** ExcelApi 1.8: data validation (template dropdowns). */
  dataValidation: boolean;
  /** ExcelApi 1.9: fill patterns, to tell "no fill" from a white fill. */
  fillPattern: boolean;
  /** ExcelApi 1.10: threaded comments, used for marks' messages when notes are missing. */
  comments: boolean;
  /** ExcelApi 1.18: notes (the classic yellow notes) for marks' messages. */
  notes: boolean;
}

export const ALL_CAPABILITIES: ExcelCapabilities = { dataValidation: true, fillPattern: true, comments: true, notes: true };
export const MINIMUM_CAPABILITIES: ExcelCapabilities = { dataValidation: false, fillPattern: false, comments: false, notes: false };

export function detectCapabilities(): ExcelCapabilities {
  const has = (version: string) => Office.context.requirements.isSetSupported("ExcelApi", version);
  return { dataValidation: has("1.8"), fillPattern: has("1.9"), comments: has("1.10"), notes: has("1.18") };
}
