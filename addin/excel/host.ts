/** What Office says about the host: its display language ("fr-FR"), read once at start. */
export function officeDisplayLanguage(): string | undefined {
  return typeof Office !== "undefined" ? Office.context?.displayLanguage : undefined;
}
