import { FIELDS, FIELD_NAMES } from "../../shared/pipeline/fields";
import type { ColumnMapping, FieldName, Issue, SheetResult } from "../../shared/pipeline/types";
import type { MessageKey } from "../i18n";
import { formatCount } from "../i18n";
import { actorName } from "../workbook/template";
import type { PaneController, PaneState } from "./controller";
import { applySelectValues, checkedOf, h, uid, valueOf } from "./dom";
import type { SyncController } from "./sync-controller";
import { mountSyncSections } from "./sync-view";

/** Issues listed in the pane; beyond, the issues sheet has them all (a pane is not a spreadsheet). */
export const MAX_LISTED = 500;

export interface PaneView {
  root: HTMLElement;
  /** Where browser mode puts its file controls, above the check section. */
  slot: HTMLElement;
  destroy(): void;
}

/**
 * The task pane: built once, then only the parts that depend on the state are redrawn, so that focus and
 * what the user is typing are never lost. Fluent UI web components for controls; live regions for results.
 */
export function mountPane(
  root: HTMLElement,
  controller: PaneController,
  mode: "excel" | "browser",
  sync?: { controller: SyncController; defaultUrl: string },
): PaneView {
  const tr = (key: MessageKey, params?: Record<string, string | number>) => controller.text(key, params);
  const lang = controller.lang;
  root.lang = lang;
  root.classList.add("pane");

  const checkHeading = uid("check");
  const checkButton = h("fluent-button", { appearance: "accent", id: "check-button", onclick: () => void controller.check() }, tr("check.button"));
  const optionBox = (name: keyof PaneState["options"], key: MessageKey) =>
    h("fluent-checkbox", {
      "data-option": name,
      checked: controller.state.options[name],
      onchange: (e: Event) => controller.setOption(name, checkedOf(e.currentTarget as Element)),
    }, tr(key));
  const clearButton = h("fluent-button", { id: "clear-marks", appearance: "outline", onclick: () => void controller.clearMarks() }, tr("check.clearMarks"));

  const busyLabel = uid("busy");
  const busyText = h("span", { id: busyLabel, class: "busy-label" });
  const progress = h("fluent-progress", { "aria-labelledby": busyLabel, min: 0, max: 100 });
  const cancel = h("fluent-button", { id: "cancel", onclick: () => controller.cancel() }, tr("progress.cancel"));
  const busy = h("div", { class: "busy", hidden: true }, busyText, progress, cancel);

  const errorText = h("p", { class: "error-text" });
  const error = h(
    "div",
    { class: "error-box", role: "alert", hidden: true },
    h("strong", {}, tr("error.title")),
    errorText,
    h("fluent-button", { appearance: "outline", onclick: () => controller.dismissError() }, tr("error.dismiss")),
  );
  const status = h("div", { class: "status", role: "status", "aria-live": "polite", "aria-atomic": "true", id: "status" });
  const result = h("div", { class: "result", id: "result" });
  const slot = h("div", { class: "slot" });
  const syncSections = sync ? mountSyncSections(sync.controller, { defaultUrl: sync.defaultUrl }) : null;

  root.replaceChildren(
    h("header", {}, h("h1", {}, tr("app.title")), h("p", { class: "mode" }, tr(mode === "excel" ? "app.mode.excel" : "app.mode.browser"))),
    slot,
    ...(syncSections ? [syncSections.connect] : []),
    h(
      "section",
      { class: "check", "aria-labelledby": checkHeading },
      h("h2", { id: checkHeading }, tr("check.heading")),
      h("div", { class: "actions" }, checkButton, clearButton),
      h("div", { class: "options" }, optionBox("mark", "check.markCells"), optionBox("issuesSheet", "check.issuesSheet"), optionBox("live", "check.live")),
    ),
    busy,
    error,
    status,
    result,
    ...(syncSections?.rest ?? []),
    templateSection(controller),
  );

  let shownResult: SheetResult | null | undefined;
  let shownSettings: unknown;
  const render = (state: PaneState) => {
    busy.hidden = state.busy === null;
    root.setAttribute("aria-busy", String(state.busy !== null));
    checkButton.toggleAttribute("disabled", state.busy !== null);
    clearButton.toggleAttribute("disabled", state.busy !== null);
    if (state.busy) {
      busyText.textContent = tr(state.busy.label);
      const p = state.busy.progress;
      if (p && p.total > 0) progress.setAttribute("value", String(Math.round((100 * p.done) / p.total)));
      else progress.removeAttribute("value");
      cancel.hidden = !state.busy.cancellable;
    }
    error.hidden = state.error === null;
    errorText.textContent = state.error ? state.error[lang] : "";
    status.replaceChildren(...summary(state, controller), ...state.notices.map((n) => h("p", { class: "notice" }, tr(n.key, n.params))));
    if (state.result !== shownResult || state.settings !== shownSettings) {
      const focused = document.activeElement?.id;
      shownResult = state.result;
      shownSettings = state.settings;
      result.replaceChildren(...(state.result ? resultView(state, controller).filter((e): e is HTMLElement => e !== null) : []));
      applySelectValues(result);
      if (focused) document.getElementById(focused)?.focus();
    }
  };
  const renderSync = () => syncSections?.render(sync!.controller.state, controller.state);
  const unsubscribe = controller.subscribe((state) => {
    render(state);
    renderSync();
  });
  const unsubscribeSync = sync?.controller.subscribe(renderSync);
  render(controller.state);
  renderSync();
  applySelectValues(root);
  return {
    root,
    slot,
    destroy: () => {
      unsubscribe();
      unsubscribeSync?.();
    },
  };
}

function summary(state: PaneState, controller: PaneController): HTMLElement[] {
  const r = state.result;
  if (!r) return [];
  const tr = controller.text.bind(controller);
  const count = (s: string) => r.issues.filter((i) => i.severity === s).length;
  const lang = controller.lang;
  return [
    h(
      "p",
      { class: "summary", "data-kind": r.kind, "data-errors": count("error"), "data-warnings": count("warning") },
      tr("result.summary", {
        sheet: r.name,
        kind: tr(`kind.${r.kind}`),
        layout: tr(r.layout ? `layout.${r.layout}` : "layout.none"),
        header: r.headerRow ?? "—",
      }),
      " ",
      tr("result.counts", {
        records: formatCount(lang, r.followUps.length + r.indicatorValues.length),
        errors: formatCount(lang, count("error")),
        warnings: formatCount(lang, count("warning")),
        skipped: formatCount(lang, r.skipped.length),
      }),
    ),
    ...(r.issues.some((i) => i.severity !== "info") ? [] : [h("p", { class: "clean" }, tr("result.clean"))]),
  ];
}

function resultView(state: PaneState, controller: PaneController): (HTMLElement | null)[] {
  const r = state.result!;
  return [contextView(state, controller), mappingView(r, state, controller), issuesView(r, controller), skippedView(r, controller)];
}

/** Which meeting and administration the sheet is about: found in it, or chosen here (and remembered). */
function contextView(state: PaneState, controller: PaneController): HTMLElement {
  const tr = controller.text.bind(controller);
  const ref = controller.reference;
  const r = state.result!;
  const heading = uid("context");
  const auto = (found: string | undefined) => `${tr("check.auto")}${found ? ` : ${found}` : ""}`;
  const select = (id: string, label: MessageKey, current: string | undefined, found: string | undefined, options: [string, string][], key: "meetingId" | "actorId") => {
    const labelId = uid("label");
    return h(
      "div",
      { class: "field" },
      h("label", { id: labelId, for: id }, tr(label)),
      h(
        "fluent-select",
        {
          id,
          "aria-labelledby": labelId,
          "data-value": current ?? "",
          onchange: (e: Event) => {
            const value = valueOf(e.currentTarget as Element);
            if (value !== (current ?? "")) void controller.setContext({ [key]: value || undefined });
          },
        },
        h("fluent-option", { value: "", selected: !current }, auto(found)),
        options.map(([value, text]) => h("fluent-option", { value, selected: current === value }, text)),
      ),
    );
  };
  const meetings = ref.meetings.map((m): [string, string] => [m.id, controller.lang === "fr" ? m.titleFr : m.titleEn]);
  const actors = ref.actors.filter((a) => a.kind !== "group").map((a): [string, string] => [a.id, actorName(a, controller.lang)]);
  const meetingFound = ref.meetings.find((m) => m.id === r.context.meetingId);
  const actorFound = ref.actors.find((a) => a.id === r.context.actorId);
  return h(
    "section",
    { class: "context", "aria-labelledby": heading },
    h("h3", { id: heading }, tr("check.context")),
    h("p", { class: "help" }, tr("check.contextHelp")),
    r.kind !== "indicator-values"
      ? select("context-meeting", "check.meeting", state.settings.meetingId, meetingFound ? (controller.lang === "fr" ? meetingFound.titleFr : meetingFound.titleEn) : undefined, meetings, "meetingId")
      : null,
    select("context-actor", "check.administration", state.settings.actorId, actorFound ? actorName(actorFound, controller.lang) : undefined, actors, "actorId"),
  );
}

function mappingView(r: SheetResult, state: PaneState, controller: PaneController): HTMLElement {
  const tr = controller.text.bind(controller);
  const lang = controller.lang;
  const heading = uid("mapping");
  const fields = FIELD_NAMES.filter((f) => r.kind === "unknown" || FIELDS[f].kinds.includes(r.kind));
  const row = (m: ColumnMapping) => {
    const id = `mapping-${m.letter}`;
    const current = m.period ? `period:${m.period}` : (m.field ?? "");
    const overridden = (state.settings.overrides ?? []).some((o) => o.header === m.header);
    return h(
      "tr",
      { "data-column": m.letter, "data-field": m.field ?? "" },
      h("th", { scope: "row" }, m.letter),
      h("td", {}, m.header),
      h(
        "td",
        {},
        h(
          "fluent-select",
          {
            id,
            "aria-label": tr("mapping.select", { letter: m.letter, header: m.header }),
            "data-value": current,
            onchange: (e: Event) => {
              const v = valueOf(e.currentTarget as Element);
              if (v === current) return;
              void controller.setMapping(m.column, v.startsWith("period:") ? { field: "value", period: v.slice(7) } : { field: (v || null) as FieldName | null });
            },
          },
          h("fluent-option", { value: "", selected: current === "" }, tr("mapping.unmapped")),
          m.period ? h("fluent-option", { value: `period:${m.period}`, selected: true }, tr("mapping.period", { period: m.period })) : null,
          fields.map((f) => h("fluent-option", { value: f, selected: current === f }, FIELDS[f].label[lang])),
        ),
      ),
      h("td", { class: "confidence" }, overridden ? "✓" : `${Math.round(m.confidence * 100)} %`),
    );
  };
  return h(
    "section",
    { class: "mapping", "aria-labelledby": heading },
    h("h3", { id: heading }, tr("mapping.heading")),
    h("p", { class: "help" }, tr("mapping.help")),
    r.mapping.length === 0
      ? h("p", {}, tr("result.noHeader"))
      : h(
          "table",
          {},
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, tr("mapping.column")), h("th", { scope: "col" }, tr("mapping.header")), h("th", { scope: "col" }, tr("mapping.field")), h("th", { scope: "col" }, tr("mapping.confidence")))),
          h("tbody", {}, r.mapping.map(row)),
        ),
    state.settings.overrides?.length
      ? h("fluent-button", { appearance: "outline", id: "mapping-reset", onclick: () => void controller.resetMapping() }, tr("mapping.reset"))
      : null,
  );
}

function issuesView(r: SheetResult, controller: PaneController): HTMLElement {
  const tr = controller.text.bind(controller);
  const lang = controller.lang;
  const heading = uid("issues");
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const issues = [...r.issues].sort((a, b) => rank[a.severity] - rank[b.severity] || a.row - b.row || a.column - b.column);
  const item = (issue: Issue) =>
    h(
      "li",
      { class: `issue ${issue.severity}` },
      h(
        "button",
        {
          type: "button",
          "data-cell": issue.cell,
          "data-row": issue.row,
          "data-severity": issue.severity,
          "data-code": issue.code,
          "aria-label": `${tr(`severity.${issue.severity}`)} ${issue.cell} : ${issue.message[lang]}. ${tr("issues.goto", { cell: issue.cell })}`,
          onclick: () => void controller.selectIssue(issue),
        },
        h("span", { class: "badge", "aria-hidden": "true" }, tr(`severity.${issue.severity}`)),
        h("span", { class: "cell", "aria-hidden": "true" }, issue.cell),
        h("span", { class: "message", "aria-hidden": "true" }, issue.message[lang]),
      ),
    );
  return h(
    "section",
    { class: "issues", "aria-labelledby": heading },
    h("h3", { id: heading }, tr("issues.heading", { count: formatCount(lang, issues.length) })),
    issues.length === 0 ? h("p", {}, tr("issues.empty")) : h("ul", { id: "issues-list" }, issues.slice(0, MAX_LISTED).map(item)),
    issues.length > MAX_LISTED ? h("p", {}, tr("issues.more", { count: formatCount(lang, issues.length - MAX_LISTED) })) : null,
  );
}

function skippedView(r: SheetResult, controller: PaneController): HTMLElement | null {
  if (r.skipped.length === 0) return null;
  const lang = controller.lang;
  return h(
    "details",
    { class: "skipped" },
    h("summary", {}, controller.text("skipped.heading", { count: formatCount(lang, r.skipped.length) })),
    h("ul", {}, r.skipped.slice(0, MAX_LISTED).map((s) => h("li", {}, `${s.row} — ${s.message[lang]}`))),
  );
}

/** New sheet from a template: a meeting's recommendations for an administration, or indicators for a year. */
function templateSection(controller: PaneController): HTMLElement {
  const tr = controller.text.bind(controller);
  const ref = controller.reference;
  const lang = controller.lang;
  const heading = uid("template");
  const message = h("p", { class: "template-message", role: "status", "aria-live": "polite" });
  const labelled = (key: MessageKey, control: HTMLElement) => {
    const id = uid("label");
    control.setAttribute("aria-labelledby", id);
    return h("div", { class: "field" }, h("span", { id, class: "label" }, tr(key)), control);
  };
  const kind = h(
    "fluent-radio-group",
    { id: "template-kind", orientation: "vertical", value: "follow-up", onchange: () => sync() },
    h("fluent-radio", { value: "follow-up", checked: true }, tr("template.kind.followUp")),
    h("fluent-radio", { value: "indicator-values" }, tr("template.kind.indicators")),
  );
  const meeting = h(
    "fluent-select",
    { id: "template-meeting", "data-value": ref.meetings.at(-1)?.id ?? "" },
    ref.meetings.map((m, i) => h("fluent-option", { value: m.id, selected: i === ref.meetings.length - 1 }, lang === "fr" ? m.titleFr : m.titleEn)),
  );
  const administrations = ref.actors.filter((a) => a.kind === "administration").sort((a, b) => actorName(a, lang).localeCompare(actorName(b, lang), lang));
  const actor = h(
    "fluent-select",
    { id: "template-actor", "data-value": administrations[0]?.id ?? "" },
    administrations.map((a, i) => h("fluent-option", { value: a.id, selected: i === 0 }, actorName(a, lang))),
  );
  const yearId = uid("year");
  const year = h("fluent-text-field", { id: "template-year", type: "number", min: 1990, max: 2100, value: new Date().getFullYear() - 1, "aria-labelledby": yearId });
  const indicators = ref.indicators.filter((i) => i.status === "published");
  const indicatorBoxes = indicators.map((i) =>
    h("fluent-checkbox", { "data-code": i.code, checked: true }, `${i.code} — ${lang === "fr" ? i.nameFr : i.nameEn}`),
  );
  const indicatorHeading = uid("indicators");
  const followUpFields = h("div", { class: "template-follow-up" }, labelled("template.meeting", meeting));
  const indicatorFields = h(
    "div",
    { class: "template-indicators", hidden: true },
    h("div", { class: "field" }, h("span", { id: yearId, class: "label" }, tr("template.year")), year),
    h("fieldset", { "aria-labelledby": indicatorHeading }, h("legend", { id: indicatorHeading }, tr("template.indicators")), indicatorBoxes),
  );
  const sync = () => {
    const indicatorsChosen = valueOf(kind) === "indicator-values";
    followUpFields.hidden = indicatorsChosen;
    indicatorFields.hidden = !indicatorsChosen;
  };
  const create = h(
    "fluent-button",
    {
      id: "template-create",
      appearance: "accent",
      onclick: async () => {
        const actorId = valueOf(actor);
        message.textContent = "";
        if (valueOf(kind) === "indicator-values") {
          const y = Number(valueOf(year));
          const codes = indicatorBoxes.filter((b) => checkedOf(b)).map((b) => b.getAttribute("data-code")!);
          if (!Number.isInteger(y) || y < 1990 || y > 2100) return void (message.textContent = tr("template.yearInvalid"));
          if (codes.length === 0) return void (message.textContent = tr("template.chooseIndicators"));
          await controller.createTemplate({ kind: "indicator-values", indicatorCodes: codes, year: y, actorId, lang });
        } else {
          const meetingId = valueOf(meeting);
          if (!meetingId || !actorId) return void (message.textContent = tr("template.chooseMeeting"));
          await controller.createTemplate({ kind: "follow-up", meetingId, actorId, lang });
        }
      },
    },
    tr("template.create"),
  );
  const kindLabel = uid("kind");
  kind.setAttribute("aria-labelledby", kindLabel);
  return h(
    "section",
    { class: "templates", "aria-labelledby": heading },
    h("h2", { id: heading }, tr("template.heading")),
    h("p", { class: "help" }, tr("template.help")),
    h("div", { class: "field" }, h("span", { id: kindLabel, class: "label" }, tr("template.kind")), kind),
    followUpFields,
    labelled("template.administration", actor),
    indicatorFields,
    create,
    message,
  );
}
