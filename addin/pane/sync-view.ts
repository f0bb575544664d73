import type { ResultKind } from "../../shared/sync/protocol";
import { RESULT_KINDS } from "../../shared/sync/protocol";
import { formatAsOf } from "../dashboards/spec";
import type { MessageKey } from "../i18n";
import { formatCount } from "../i18n";
import { st } from "../i18n/sync-messages";
import type { Side } from "../sync/conflicts";
import { displayValue, fieldLabel, fieldOf } from "../sync/display";
import type { PreviewItem } from "../sync/preview";
import type { PaneState } from "./controller";
import { applySelectValues, h, uid, valueOf } from "./dom";
import type { OpenConflict, SyncController, SyncState } from "./sync-controller";

/**
 * The task pane's sections for issue 6: Connect, Send (preview, push, outbox), Conflicts, the region's data
 * and Dashboards. Each is built once; only its state-dependent part is redrawn, and only when the part of
 * the state it shows changed, so that what the user types or chose is never lost.
 */

/** Records listed in the preview (the region's answer counts them all). */
export const MAX_PREVIEW_ITEMS = 200;

export interface SyncSections {
  /** Goes above the check. */
  connect: HTMLElement;
  /** Go below the check's result. */
  rest: HTMLElement[];
  render(sync: SyncState, pane: PaneState): void;
}

type Tr = (key: MessageKey, params?: Record<string, string | number>) => string;

function dateTime(iso: string, lang: "fr" | "en"): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === "fr" ? "fr-FR" : "en-GB", { dateStyle: "short", timeStyle: "short" }).format(d);
}

function field(tr: Tr, key: MessageKey, control: HTMLElement): HTMLElement {
  const id = uid("label");
  control.setAttribute("aria-labelledby", id);
  return h("div", { class: "field" }, h("span", { id, class: "label" }, tr(key)), control);
}

function setDisabled(el: HTMLElement, disabled: boolean): void {
  el.toggleAttribute("disabled", disabled);
}

export function mountSyncSections(sync: SyncController, options: { defaultUrl: string }): SyncSections {
  const pane = sync.pane;
  const tr: Tr = (key, params) => pane.text(key, params);
  const connect = connectSection(sync, tr, options.defaultUrl);
  const send = sendSection(sync, tr);
  const conflicts = conflictsSection(sync, tr);
  const pull = pullSection(sync, tr);
  const dashboards = dashboardSection(sync, tr);
  const parts = [connect, send, conflicts, pull, dashboards];
  return {
    connect: connect.element,
    rest: [send.element, conflicts.element, pull.element, dashboards.element],
    render(state, paneState) {
      for (const p of parts) p.render(state, paneState);
    },
  };
}

interface Part {
  element: HTMLElement;
  render(state: SyncState, pane: PaneState): void;
}

// --- Connect -------------------------------------------------------------------------------------------------

function connectSection(sync: SyncController, tr: Tr, defaultUrl: string): Part {
  const heading = uid("connect");
  const url = h("fluent-text-field", { id: "connect-url", type: "url", value: defaultUrl, placeholder: defaultUrl, autocomplete: "url" });
  const token = h("fluent-text-field", { id: "connect-token", type: "password", autocomplete: "off", spellcheck: "false" });
  const submit = () => {
    void sync.connect(valueOf(url), valueOf(token)).then(() => {
      // The token is kept by the session, not in the page.
      if (sync.state.connection) (token as unknown as { value: string }).value = "";
    });
  };
  token.addEventListener("keydown", (e) => {
    if ((e as KeyboardEvent).key === "Enter") submit();
  });
  const button = h("fluent-button", { id: "connect-button", appearance: "accent", onclick: submit }, tr("sync.connect.button"));
  const form = h("div", { class: "connect-form" }, field(tr, "sync.connect.url", url), field(tr, "sync.connect.token", token), h("div", { class: "actions" }, button));
  const who = h("div", { class: "connected-as", id: "connected-as" });
  const signOut = h("fluent-button", { id: "sign-out", appearance: "outline", onclick: () => void sync.signOut() }, tr("sync.connect.signOut"));
  const connected = h("div", { class: "connected", hidden: true }, who, h("div", { class: "actions" }, signOut));
  const loading = h("p", { class: "help" }, tr("sync.loading"));
  const volatile = h("p", { class: "help warning-text", hidden: true }, tr("sync.volatile"));
  const element = h(
    "section",
    { class: "connect", "aria-labelledby": heading },
    h("h2", { id: heading }, tr("sync.connect.heading")),
    h("p", { class: "help" }, tr("sync.connect.help")),
    loading,
    form,
    connected,
    volatile,
  );
  let shown: unknown;
  return {
    element,
    render(state, paneState) {
      loading.hidden = state.ready;
      volatile.hidden = state.durableStorage;
      form.hidden = !state.ready || state.connection !== null;
      connected.hidden = state.connection === null;
      setDisabled(button, paneState.busy !== null || !state.ready);
      if (state.connection === shown) return;
      shown = state.connection;
      const c = state.connection;
      if (!c) return void who.replaceChildren();
      const { role, administration } = sync.describeIdentity(c);
      who.setAttribute("data-role", c.identity.role);
      who.setAttribute("data-actor", c.identity.actorId ?? "");
      who.replaceChildren(
        h("p", { class: "strong" }, tr("sync.connect.connected", { url: c.apiUrl })),
        h("p", {}, tr("sync.connect.who", { label: c.identity.label, role })),
        h("p", {}, administration),
      );
    },
  };
}

// --- Send: preview, push, outbox -------------------------------------------------------------------------------

function resultLabel(kind: ResultKind, lang: "fr" | "en"): string {
  return st(lang, `preview.${kind}`);
}

function sendSection(sync: SyncController, tr: Tr): Part {
  const pane = sync.pane;
  const lang = pane.lang;
  const heading = uid("send");
  const previewButton = h("fluent-button", { id: "preview-button", appearance: "accent", onclick: () => void sync.preview() }, tr("sync.send.preview"));
  const pushButton = h("fluent-button", { id: "push-button", appearance: "accent", disabled: true, onclick: () => void sync.push() }, tr("sync.send.push"));
  const notConnected = h("p", { class: "help" }, tr("sync.connect.first"));
  const preview = h("div", { class: "preview", id: "preview" });
  const outboxHeading = uid("outbox");
  const outboxBody = h("div", { class: "outbox-body" });
  const sendNow = h("fluent-button", { id: "outbox-send", appearance: "outline", onclick: () => void sync.flush() }, tr("sync.outbox.sendNow"));
  const outbox = h(
    "div",
    { class: "outbox", id: "outbox", role: "region", "aria-labelledby": outboxHeading },
    h("h3", { id: outboxHeading }, tr("sync.outbox.heading")),
    outboxBody,
    h("div", { class: "actions" }, sendNow),
  );
  const element = h(
    "section",
    { class: "send", "aria-labelledby": heading },
    h("h2", { id: heading }, tr("sync.send.heading")),
    h("p", { class: "help" }, tr("sync.send.help")),
    notConnected,
    h("div", { class: "actions" }, previewButton, pushButton),
    preview,
    outbox,
  );

  const itemRow = (item: PreviewItem) =>
    h(
      "tr",
      { "data-result": item.result, "data-key": item.key },
      h("th", { scope: "row" }, item.key),
      h("td", {}, item.at ? String(item.at.row) : ""),
      h("td", {}, h("span", { class: `result-badge result-${item.result}` }, resultLabel(item.result, lang))),
      h(
        "td",
        {},
        item.reason ? h("p", { class: "reason" }, item.reason[lang]) : null,
        item.differences.length === 0
          ? null
          : h(
              "ul",
              { class: "differences" },
              // A new record: only the fields it fills.
              item.differences.filter((d) => item.result !== "created" || (d.sheet !== null && d.sheet !== undefined && d.sheet !== "")).map((d) =>
                h(
                  "li",
                  { "data-field": d.field },
                  h("span", { class: "diff-field" }, `${d.label[lang]}${lang === "fr" ? " : " : ": "}`),
                  item.result === "created"
                    ? h("span", { class: "diff-sheet" }, d.sheetText)
                    : [
                        // Screen readers hear "Region … Sheet …", not struck-out text and an arrow.
                        h("span", { class: "visually-hidden" }, `${tr("sync.send.region")} `),
                        h("del", { class: "diff-region" }, d.regionText),
                        h("span", { "aria-hidden": "true" }, " → "),
                        h("span", { class: "visually-hidden" }, `, ${tr("sync.send.sheet")} `),
                        h("ins", { class: "diff-sheet" }, d.sheetText),
                      ],
                ),
              ),
            ),
      ),
    );

  const renderPreview = (state: SyncState) => {
    const p = state.preview;
    if (!p) return void preview.replaceChildren();
    const { model, outgoing } = p;
    const held = outgoing.held;
    const countsId = uid("counts");
    const children: (HTMLElement | null)[] = [
      h("p", { class: "strong" }, tr("sync.send.previewOf", { sheet: outgoing.sheet, count: formatCount(lang, outgoing.count) })),
      sync.previewIsCurrent ? null : h("p", { class: "warning-text", role: "alert" }, tr("sync.send.stale")),
      h("h3", { id: countsId }, tr("sync.send.counts")),
      h(
        "ul",
        { class: "counts", "aria-labelledby": countsId },
        RESULT_KINDS.map((k) =>
          h("li", { "data-result": k, "data-count": model.counts[k], class: `result-${k}` }, h("span", { class: "count" }, formatCount(lang, model.counts[k])), " ", resultLabel(k, lang)),
        ),
      ),
      held.rows === 0 && held.sheetErrors.length === 0
        ? h("p", { class: "held", "data-rows": 0 }, tr("sync.send.noneHeld"))
        : h(
            "div",
            { class: "held", "data-rows": held.rows },
            h("h3", {}, tr("sync.send.heldHeading", { rows: formatCount(lang, held.rows) })),
            h("p", {}, st(lang, "held.summary", { rows: formatCount(lang, held.rows), records: formatCount(lang, outgoing.count) })),
            h(
              "ul",
              {},
              held.sheetErrors.map((m) => h("li", { class: "sheet-error" }, st(lang, "held.sheet", { message: m[lang] }))),
              held.reasons.map((r) =>
                h(
                  "li",
                  { "data-code": r.code, "data-rows": r.rows },
                  st(lang, "held.reason", { count: formatCount(lang, r.rows), example: r.example[lang] }),
                  " ",
                  r.cells.map((cell) =>
                    h(
                      "button",
                      {
                        type: "button",
                        class: "cell-link",
                        "data-cell": cell,
                        "aria-label": pane.text("issues.goto", { cell }),
                        onclick: () => {
                          const issue = pane.state.result?.issues.find((i) => i.cell === cell);
                          if (issue) void pane.selectIssue(issue);
                        },
                      },
                      cell,
                    ),
                  ),
                ),
              ),
            ),
          ),
    ];
    if (model.items.length > 0) {
      const listed = model.items.slice(0, MAX_PREVIEW_ITEMS);
      children.push(
        h(
          "div",
          { class: "preview-records" },
          h(
            "table",
            {},
            h("caption", {}, tr("sync.send.records", { count: formatCount(lang, model.total) })),
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                h("th", { scope: "col" }, tr("sync.send.key")),
                h("th", { scope: "col" }, tr("sync.send.row")),
                h("th", { scope: "col" }, tr("sync.send.result")),
                h("th", { scope: "col" }, tr("sync.send.changes")),
              ),
            ),
            h("tbody", {}, listed.map(itemRow)),
          ),
          model.items.length > listed.length ? h("p", { class: "help" }, tr("sync.send.more", { count: formatCount(lang, model.items.length - listed.length) })) : null,
        ),
      );
    }
    preview.replaceChildren(...children.filter((c): c is HTMLElement => c !== null));
  };

  const renderOutbox = (state: SyncState) => {
    const o = state.outbox;
    outbox.setAttribute("data-count", String(o.entries.length));
    outbox.setAttribute("data-records", String(o.records));
    if (o.entries.length === 0) {
      outboxBody.replaceChildren(h("p", { class: "outbox-empty" }, tr("sync.outbox.empty")));
      sendNow.hidden = true;
      return;
    }
    sendNow.hidden = false;
    outboxBody.replaceChildren(
      h("p", { class: "outbox-waiting strong" }, tr("sync.outbox.waiting", { count: formatCount(lang, o.entries.length), records: formatCount(lang, o.records) })),
      h(
        "ul",
        { class: "outbox-entries" },
        o.entries.map((e) =>
          h(
            "li",
            { "data-key": e.idempotencyKey, "data-records": e.records },
            [
              tr("sync.outbox.entry", { label: e.label, records: formatCount(lang, e.records) }),
              e.part.of > 1 ? tr("sync.outbox.part", e.part) : null,
              tr("sync.outbox.kept", { date: dateTime(e.createdAt, lang) }),
            ]
              .filter((x) => x !== null)
              .join(" — "),
            e.lastError ? h("p", { class: "help" }, tr("sync.outbox.attempts", { count: e.attempts, error: e.lastError[lang] })) : null,
          ),
        ),
      ),
      ...[
        o.retryAt ? h("p", { class: "help" }, tr("sync.outbox.retryAt", { time: dateTime(o.retryAt, lang) })) : null,
        state.connection ? null : h("p", { class: "warning-text" }, tr("sync.outbox.signIn")),
        o.durable ? null : h("p", { class: "warning-text" }, st(lang, "outbox.quota")),
      ].filter((e): e is HTMLElement => e !== null),
    );
  };

  let shownPreview: unknown;
  let shownResult: unknown;
  let shownOutbox: unknown;
  let shownConnection: unknown;
  return {
    element,
    render(state, paneState) {
      const busy = paneState.busy !== null;
      const connected = state.connection !== null;
      notConnected.hidden = connected || !state.ready;
      setDisabled(previewButton, busy || !connected);
      const current = sync.previewIsCurrent && (state.preview?.outgoing.count ?? 0) > 0;
      setDisabled(pushButton, busy || !connected || !current);
      pushButton.textContent = current ? tr("sync.send.pushCount", { count: formatCount(lang, state.preview!.outgoing.count) }) : tr("sync.send.push");
      setDisabled(sendNow, busy || !connected);
      if (state.preview !== shownPreview || paneState.result !== shownResult) {
        shownPreview = state.preview;
        shownResult = paneState.result;
        renderPreview(state);
      }
      if (state.outbox !== shownOutbox || state.connection !== shownConnection) {
        shownOutbox = state.outbox;
        shownConnection = state.connection;
        renderOutbox(state);
      }
    },
  };
}

// --- Conflicts -------------------------------------------------------------------------------------------------

function conflictsSection(sync: SyncController, tr: Tr): Part {
  const lang = sync.pane.lang;
  const heading = uid("conflicts");
  const list = h("div", { class: "conflict-list" });
  const count = h("span", { class: "conflict-count" });
  const element = h(
    "section",
    { class: "conflicts", id: "conflicts", "aria-labelledby": heading },
    h("h2", { id: heading }, tr("sync.conflicts.heading"), " ", count),
    h("p", { class: "help" }, tr("sync.conflicts.help")),
    list,
  );

  const conflictView = (open: OpenConflict) => {
    const c = open.conflict;
    const titleId = uid("conflict");
    const message = h("p", { class: "conflict-message warning-text", role: "status", "aria-live": "polite" });
    const groups = c.differences.map((d) => {
      const name = fieldOf(d.field);
      const labelId = uid("field");
      const group = h(
        "fluent-radio-group",
        { orientation: "vertical", "data-field": name, "aria-labelledby": labelId },
        h("fluent-radio", { value: "sheet", "data-side": "sheet" }, tr("sync.conflicts.keepSheet", { value: displayValue(d.field, d.incoming, lang) })),
        h("fluent-radio", { value: "region", "data-side": "region" }, tr("sync.conflicts.takeRegion", { value: displayValue(d.field, d.server, lang) })),
      );
      return { name, group, el: h("div", { class: "conflict-field", "data-field": name }, h("span", { id: labelId, class: "label" }, fieldLabel(d.field)[lang]), group) };
    });
    const apply = h(
      "fluent-button",
      {
        appearance: "accent",
        class: "conflict-apply",
        "data-conflict": open.id,
        onclick: () => {
          const choices: Record<string, Side> = {};
          for (const g of groups) {
            const v = valueOf(g.group);
            if (v === "sheet" || v === "region") choices[g.name] = v;
          }
          const missing = groups.find((g) => !choices[g.name]);
          if (missing) {
            message.textContent = st(lang, "conflict.missingChoice", { field: fieldLabel(missing.name)[lang] });
            (missing.group.querySelector("fluent-radio") as HTMLElement | null)?.focus();
            return;
          }
          message.textContent = "";
          void sync.resolve(open.id, choices);
        },
      },
      tr("sync.conflicts.resolve"),
    );
    const server = c.server;
    return h(
      "article",
      { class: "conflict", "data-key": c.label, "aria-labelledby": titleId },
      h("h3", { id: titleId }, tr("sync.conflicts.record", { key: c.label, row: c.at?.row ?? "—", sheet: open.scope.sheet })),
      server ? h("p", { class: "help" }, tr("sync.conflicts.version", { version: server.version, by: server.updatedBy, date: dateTime(server.updatedAt, lang) })) : null,
      groups.map((g) => g.el),
      h("div", { class: "actions" }, apply),
      message,
    );
  };

  let shown: unknown;
  return {
    element,
    render(state, paneState) {
      for (const b of list.querySelectorAll<HTMLElement>(".conflict-apply")) setDisabled(b, paneState.busy !== null);
      if (state.conflicts === shown) return;
      shown = state.conflicts;
      element.setAttribute("data-count", String(state.conflicts.length));
      count.textContent = state.conflicts.length ? `(${formatCount(lang, state.conflicts.length)})` : "";
      list.replaceChildren(...(state.conflicts.length === 0 ? [h("p", { class: "conflicts-empty" }, tr("sync.conflicts.empty"))] : state.conflicts.map(conflictView)));
    },
  };
}

// --- The region's data ----------------------------------------------------------------------------------------

function pullSection(sync: SyncController, tr: Tr): Part {
  const lang = sync.pane.lang;
  const heading = uid("pull");
  const button = h("fluent-button", { id: "pull-button", appearance: "accent", onclick: () => void sync.pull() }, tr("sync.pull.button"));
  const result = h("div", { class: "pull-result", id: "pull-result" });
  const element = h(
    "section",
    { class: "pull", "aria-labelledby": heading },
    h("h2", { id: heading }, tr("sync.pull.heading")),
    h("p", { class: "help" }, tr("sync.pull.help")),
    h("div", { class: "actions" }, button),
    result,
  );
  let shown: unknown;
  return {
    element,
    render(state, paneState) {
      setDisabled(button, paneState.busy !== null || state.connection === null);
      if (state.pull === shown) return;
      shown = state.pull;
      const p = state.pull;
      if (!p) return void result.replaceChildren();
      result.setAttribute("data-total", String(p.total));
      result.setAttribute("data-sheets", p.sheets.map((s) => s.sheet).join("|"));
      result.replaceChildren(
        p.total === 0
          ? h("p", {}, tr("sync.pull.nothing"))
          : h("p", {}, tr("sync.pull.done", { changed: formatCount(lang, p.changed), total: formatCount(lang, p.total), sheets: p.sheets.map((s) => s.sheet).join(", ") })),
        ...(p.pulledAt ? [h("p", { class: "help" }, tr("sync.dash.asOf", { date: formatAsOf(p.pulledAt) }))] : []),
      );
    },
  };
}

// --- Dashboards ------------------------------------------------------------------------------------------------

function dashboardSection(sync: SyncController, tr: Tr): Part {
  const pane = sync.pane;
  const lang = pane.lang;
  const ref = pane.reference;
  const heading = uid("dashboards");
  const kind = h(
    "fluent-radio-group",
    { id: "dash-kind", orientation: "vertical", value: "recommendations", onchange: () => toggle() },
    h("fluent-radio", { value: "recommendations", checked: true }, tr("sync.dash.recommendations")),
    h("fluent-radio", { value: "indicators" }, tr("sync.dash.indicators")),
  );
  const lastMeeting = ref.meetings.at(-1)?.id ?? "";
  const meeting = h(
    "fluent-select",
    { id: "dash-meeting", "data-value": lastMeeting },
    h("fluent-option", { value: "" }, tr("sync.dash.allMeetings")),
    ref.meetings.map((m) => h("fluent-option", { value: m.id, selected: m.id === lastMeeting }, lang === "fr" ? m.titleFr : m.titleEn)),
  );
  const year = h("fluent-text-field", { id: "dash-year", type: "number", min: 1990, max: 2100, value: new Date().getFullYear() - 1 });
  const meetingField = field(tr, "sync.dash.meeting", meeting);
  const yearField = field(tr, "sync.dash.year", year);
  yearField.hidden = true;
  const message = h("p", { class: "warning-text", role: "status", "aria-live": "polite" });
  const toggle = () => {
    const indicators = valueOf(kind) === "indicators";
    meetingField.hidden = indicators;
    yearField.hidden = !indicators;
  };
  const build = h(
    "fluent-button",
    {
      id: "dash-build",
      appearance: "accent",
      onclick: () => {
        message.textContent = "";
        if (valueOf(kind) === "indicators") {
          const y = Number(valueOf(year));
          if (!Number.isInteger(y) || y < 1990 || y > 2100) return void (message.textContent = tr("sync.dash.yearInvalid"));
          void sync.dashboard({ id: "indicators", year: y });
        } else {
          const m = valueOf(meeting);
          void sync.dashboard(m ? { id: "recommendations", meetingId: m } : { id: "recommendations" });
        }
      },
    },
    tr("sync.dash.build"),
  );
  const result = h("div", { class: "dash-result", id: "dash-result" });
  const kindLabel = uid("kind");
  kind.setAttribute("aria-labelledby", kindLabel);
  const element = h(
    "section",
    { class: "dashboards", "aria-labelledby": heading },
    h("h2", { id: heading }, tr("sync.dash.heading")),
    h("p", { class: "help" }, tr("sync.dash.help")),
    h("div", { class: "field" }, h("span", { id: kindLabel, class: "label" }, tr("sync.dash.kind")), kind),
    meetingField,
    yearField,
    h("div", { class: "actions" }, build),
    message,
    result,
  );

  // The meeting and year follow the sheet that was checked, until the user picks one.
  let followed: unknown;
  let shown: unknown;
  let touched = false;
  meeting.addEventListener("change", () => (touched = true));
  year.addEventListener("input", () => (touched = true));
  return {
    element,
    render(state, paneState) {
      setDisabled(build, paneState.busy !== null || state.connection === null);
      const r = paneState.result;
      if (r !== followed && !touched) {
        followed = r;
        const context = r?.context ?? {};
        if (context.meetingId && ref.meetings.some((m) => m.id === context.meetingId)) {
          meeting.setAttribute("data-value", context.meetingId);
          applySelectValues(element);
        }
        if (context.year) (year as unknown as { value: string }).value = String(context.year);
        if (r?.kind === "indicator-values" || r?.kind === "follow-up") {
          (kind as unknown as { value: string }).value = r.kind === "indicator-values" ? "indicators" : "recommendations";
          toggle();
        }
      }
      if (state.dashboard === shown) return;
      shown = state.dashboard;
      const d = state.dashboard;
      if (!d) return void result.replaceChildren();
      result.setAttribute("data-dashboard", d.id);
      result.setAttribute("data-sheet", d.sheet);
      result.replaceChildren(
        h("p", {}, tr(d.created ? "sync.dash.built" : "sync.dash.refreshed", { sheet: d.sheet, tables: d.tables, charts: d.charts })),
        h("p", { class: "strong as-of", "data-as-of": d.asOf }, tr("sync.dash.asOf", { date: formatAsOf(d.asOf) })),
      );
    },
  };
}
