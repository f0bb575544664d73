import type { SheetSettings } from "../workbook/adapter";
import { parseSettings } from "../workbook/settings";

/**
 * Per-sheet settings in the workbook's settings (Excel.SettingCollection: the same store as
 * Office.context.document.settings), saved inside the file so that they travel with it.
 */
export function settingKey(sheet: string): string {
  return `omd-aoc.sheet.${sheet}`;
}

export async function readSettings(context: Excel.RequestContext, sheet: string): Promise<SheetSettings> {
  const item = context.workbook.settings.getItemOrNullObject(settingKey(sheet));
  item.load("value");
  await context.sync();
  return item.isNullObject ? {} : parseSettings(item.value);
}

/** Queues the write; the caller's sync sends it. */
export function writeSettings(context: Excel.RequestContext, sheet: string, settings: SheetSettings): void {
  context.workbook.settings.add(settingKey(sheet), JSON.stringify(settings));
}
