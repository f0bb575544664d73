/** Test support: accessibility checks of the pane's DOM. */

/** Every control has an accessible name: a label, aria-label, or aria-labelledby that points at text. */
export function unnamedControls(root: HTMLElement): string[] {
  const controls = root.querySelectorAll("fluent-select, fluent-radio-group, fluent-text-field, button, fluent-button, fluent-checkbox, input");
  return [...controls]
    .filter((el) => {
      const labelledBy = el.getAttribute("aria-labelledby");
      if (labelledBy) return !labelledBy.split(" ").every((id) => document.getElementById(id)?.textContent?.trim());
      if (el.getAttribute("aria-label")) return false;
      if (el.id && root.querySelector(`label[for="${el.id}"]`)) return false;
      return !el.textContent?.trim();
    })
    .map((el) => el.outerHTML.slice(0, 80));
}
