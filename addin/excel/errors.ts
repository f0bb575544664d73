import type { Message } from "../../shared/pipeline/types";
import { both, type MessageKey } from "../i18n";
import { CancelledError, WorkbookError } from "../workbook/adapter";

/** The shape of OfficeExtension.Error, checked structurally so that this module needs no Office global. */
export interface OfficeErrorLike {
  name?: string;
  code: string;
  message?: string;
  debugInfo?: { code?: string; message?: string; errorLocation?: string };
}

export function isOfficeError(error: unknown): error is OfficeErrorLike {
  return typeof error === "object" && error !== null && typeof (error as { code?: unknown }).code === "string";
}

/** Office error codes (OfficeExtension.ErrorCodes and Excel.ErrorCodes) with a message that says what to do. */
const KNOWN: Record<string, MessageKey> = {
  AccessDenied: "officeError.AccessDenied",
  ActivityLimitReached: "officeError.ActivityLimitReached",
  ApiNotFound: "officeError.ApiNotFound",
  Conflict: "officeError.Conflict",
  FilteredRangeConflict: "officeError.FilteredRangeConflict",
  GeneralException: "officeError.GeneralException",
  InactiveWorkbook: "officeError.InactiveWorkbook",
  InsertDeleteConflict: "officeError.InsertDeleteConflict",
  InvalidArgument: "officeError.InvalidArgument",
  InvalidOperation: "officeError.InvalidOperation",
  InvalidOperationInCellEditMode: "officeError.InvalidOperationInCellEditMode",
  InvalidReference: "officeError.InvalidReference",
  ItemAlreadyExists: "officeError.ItemAlreadyExists",
  ItemNotFound: "officeError.ItemNotFound",
  MergedRangeConflict: "officeError.MergedRangeConflict",
  NonBlankCellOffSheet: "officeError.NonBlankCellOffSheet",
  NotImplemented: "officeError.ApiNotFound",
  RequestAborted: "officeError.RequestAborted",
  RequestPayloadSizeLimitExceeded: "officeError.PayloadSizeLimitExceeded",
  ResponsePayloadSizeLimitExceeded: "officeError.PayloadSizeLimitExceeded",
  ServiceNotAvailable: "officeError.ServiceNotAvailable",
  Timeout: "officeError.RequestAborted",
  UnsupportedOperation: "officeError.ApiNotFound",
  UnsupportedSheet: "officeError.UnsupportedSheet",
  WorkbookProtected: "officeError.AccessDenied",
  SheetProtected: "officeError.AccessDenied",
};

/** What the user reads when Office refuses: what happened and what to do next, in French and English. */
export function describeOfficeError(error: unknown): Message {
  if (error instanceof WorkbookError) return error.userMessage;
  if (isOfficeError(error)) {
    const key = KNOWN[error.code] ?? (error.debugInfo?.code ? KNOWN[error.debugInfo.code] : undefined);
    if (key) return both(key);
    return both("officeError.unknown", { code: error.code });
  }
  return both("officeError.unexpected", { detail: error instanceof Error ? error.message : String(error) });
}

/** Office errors become WorkbookErrors (a message that says what to do); cancellations pass through. */
export function toWorkbookError(error: unknown): Error {
  if (error instanceof CancelledError || error instanceof WorkbookError) return error;
  return new WorkbookError(describeOfficeError(error), isOfficeError(error) ? error.code : "unexpected", { cause: error });
}

export function isPayloadLimitError(error: unknown): boolean {
  return isOfficeError(error) && /PayloadSizeLimitExceeded$/.test(error.code);
}
