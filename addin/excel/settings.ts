import type { SheetSettings } from "../workbook/adapter";
import { newGuid } from "../workbook/guid";
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

/** The workbook's own id (see WorkbookAdapter.workbookId), in the same settings as the sheets'. */
export const WORKBOOK_ID_KEY = "omd-aoc.workbook-id";

/** A GUID kept in the workbook's settings: read (1 sync), or made and saved on first use (2 syncs). */
export async function readOrCreateWorkbookId(context: Excel.RequestContext, newId: () => string = newGuid): Promise<string> {
  const item = context.workbook.settings.getItemOrNullObject(WORKBOOK_ID_KEY);
  item.load("value");
  await context.sync();
  const current = item.isNullObject ? null : item.value;
  if (typeof current === "string" && /^[0-9A-Za-z-]{8,64}$/.test(current)) return current;
  const id = newId();
  context.workbook.settings.add(WORKBOOK_ID_KEY, id);
  await context.sync();
  return id;
}
