import type ExcelJS from "exceljs";
import { excelSerialToIso } from "../../shared/normalise/date";
import { a1, columnLetter } from "../../shared/pipeline/a1";
import type { CellValue } from "../../shared/pipeline/types";
import type { Lang } from "../i18n";
import { t } from "../i18n";
import { MARK_COLORS } from "../workbook/marks";
import { h } from "../pane/dom";
import { cellValue, getFill, getNote, numberFormat } from "./cells";
import type { MemoryWorkbook } from "./memory-workbook";

const ROW_HEIGHT = 24;
const OVERSCAN = 10;
/** Empty rows and columns shown beyond the sheet's content, to type into. */
const MARGIN_ROWS = 20;
const MARGIN_COLUMNS = 2;
const PIXELS_PER_CHAR = 7.5;

/** A value as the sheet shows it: percentages, dates and thousands as their number format says. */
export function displayValue(value: CellValue, format: string, lang: Lang): string {
  if (value === null || value === "") return "";
  if (typeof value !== "number") return String(value);
  const locale = lang === "fr" ? "fr-FR" : "en-GB";
  const decimals = (f: string) => /\.(0+)/.exec(f)?.[1]?.length ?? 0;
  if (format.includes("%")) return `${(value * 100).toLocaleString(locale, { minimumFractionDigits: decimals(format), maximumFractionDigits: decimals(format) })} %`;
  if (/[dy]/i.test(format.replace(/"[^"]*"/g, ""))) {
    const iso = excelSerialToIso(value);
    if (iso) return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
  }
  if (/[#0]/.test(format) && format !== "General") return value.toLocaleString(locale, { minimumFractionDigits: decimals(format), maximumFractionDigits: decimals(format) });
  return String(value);
}

/** A value as the editor shows it: what typing it back would store (no thousands separators). */
export function editText(value: CellValue, format: string): string {
  if (typeof value !== "number") return String(value ?? "");
  if (format.includes("%")) return `${Math.round(value * 1e10) / 1e8}%`;
  if (/[dy]/i.test(format.replace(/"[^"]*"/g, ""))) {
    const iso = excelSerialToIso(value);
    if (iso) return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
  }
  return String(value);
}

/** The choices of a cell's list validation, for the editor's suggestions. */
function listChoices(workbook: MemoryWorkbook, cell: ExcelJS.Cell): string[] {
  const dv = cell.dataValidation;
  if (!dv || dv.type !== "list") return [];
  const f = String(dv.formulae?.[0] ?? "");
  if (f.startsWith('"')) return f.slice(1, -1).split(",");
  const m = /^'?(.*?)'?!\$([A-Z]+)\$(\d+):\$[A-Z]+\$(\d+)$/.exec(f);
  if (!m) return [];
  const ws = workbook.workbook.getWorksheet(m[1]!.replace(/''/g, "'"));
  const out: string[] = [];
  for (let r = Number(m[3]); r <= Number(m[4]); r++) out.push(String(cellValue(ws!.getCell(`${m[2]}${r}`))));
  return out;
}

/**
 * The active sheet of the in-memory workbook as a plain grid: only the visible rows are in the page, cells
 * show their value, fill and note, and can be edited (Enter, F2, double-click or typing; Escape cancels).
 */
export class GridView {
  readonly element: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly body: HTMLElement;
  private readonly headerRow: HTMLElement;
  private workbook: MemoryWorkbook | null = null;
  private unsubscribe: (() => void) | null = null;
  private current = { row: 1, column: 1 };
  private editing: HTMLInputElement | null = null;
  private frame = 0;
  private drawnFirst = 0;

  constructor(private readonly lang: Lang) {
    this.headerRow = h("div", { role: "row", class: "grid-row grid-head", "aria-rowindex": 1 });
    this.body = h("div", { role: "rowgroup", class: "grid-body" });
    this.scroller = h("div", { class: "grid-scroll", onscroll: () => this.schedule() }, h("div", { role: "rowgroup" }, this.headerRow), this.body);
    this.element = h("div", { role: "grid", class: "grid", "aria-readonly": "false" }, this.scroller);
    this.element.addEventListener("keydown", (e) => this.onKey(e));
    this.element.addEventListener("dblclick", (e) => {
      const cell = (e.target as HTMLElement).closest<HTMLElement>("[data-cell]");
      if (cell) this.edit(Number(cell.dataset.row), Number(cell.dataset.column));
    });
    this.element.addEventListener("click", (e) => {
      const cell = (e.target as HTMLElement).closest<HTMLElement>("[data-cell]");
      if (cell) this.focusCell(Number(cell.dataset.row), Number(cell.dataset.column));
    });
  }

  setWorkbook(workbook: MemoryWorkbook | null): void {
    this.unsubscribe?.();
    this.workbook = workbook;
    this.unsubscribe = workbook?.subscribe(() => this.onWorkbookChange()) ?? null;
    this.current = { row: 1, column: 1 };
    this.scroller.scrollTop = 0;
    this.render();
  }

  private lastSelection: unknown = null;
  private onWorkbookChange(): void {
    const selection = this.workbook?.selection;
    if (selection && selection !== this.lastSelection) {
      this.lastSelection = selection;
      const m = /^([A-Z]+)(\d+)$/.exec(selection.address);
      if (m) {
        let column = 0;
        for (const ch of m[1]!) column = column * 26 + ch.charCodeAt(0) - 64;
        this.current = { row: Number(m[2]), column };
        this.scrollToCurrent();
      }
    }
    this.render();
  }

  /** Redraw on scroll only when other rows come into view (a horizontal scroll changes nothing drawn). */
  private schedule(): void {
    const first = Math.max(1, Math.floor(this.scroller.scrollTop / ROW_HEIGHT) - OVERSCAN);
    if (first === this.drawnFirst) return;
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private sheet(): ExcelJS.Worksheet | undefined {
    const name = this.workbook?.activeName ?? "";
    return name ? this.workbook!.workbook.getWorksheet(name) : undefined;
  }

  private extent(ws: ExcelJS.Worksheet) {
    return { rows: Math.max(ws.rowCount, 1) + MARGIN_ROWS, columns: Math.max(ws.columnCount, 1) + MARGIN_COLUMNS };
  }

  private widths(ws: ExcelJS.Worksheet, columns: number): string {
    const w = Array.from({ length: columns }, (_, i) => `${Math.round((ws.getColumn(i + 1).width ?? 10) * PIXELS_PER_CHAR)}px`);
    return `48px ${w.join(" ")}`;
  }

  render(): void {
    if (this.editing) return;
    const ws = this.sheet();
    if (!ws) {
      this.element.hidden = true;
      return;
    }
    this.element.hidden = false;
    this.element.setAttribute("aria-label", t(this.lang, "browser.grid", { sheet: ws.name }));
    const { rows, columns } = this.extent(ws);
    this.element.setAttribute("aria-rowcount", String(rows + 1));
    this.element.setAttribute("aria-colcount", String(columns + 1));
    const template = this.widths(ws, columns);
    this.headerRow.style.gridTemplateColumns = template;
    this.headerRow.replaceChildren(
      h("div", { role: "columnheader", class: "corner" }),
      ...Array.from({ length: columns }, (_, i) => h("div", { role: "columnheader", "aria-colindex": i + 2 }, columnLetter(i + 1))),
    );
    const height = this.scroller.clientHeight || 600;
    const first = Math.max(1, Math.floor(this.scroller.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(rows, first + Math.ceil(height / ROW_HEIGHT) + 2 * OVERSCAN);
    this.drawnFirst = first;
    this.body.style.paddingTop = `${(first - 1) * ROW_HEIGHT}px`;
    this.body.style.paddingBottom = `${(rows - last) * ROW_HEIGHT}px`;
    const out: HTMLElement[] = [];
    for (let r = first; r <= last; r++) {
      const row = ws.getRow(r);
      const cells: HTMLElement[] = [h("div", { role: "rowheader", class: "row-number" }, r)];
      for (let c = 1; c <= columns; c++) {
        const cell = row.getCell(c);
        const fill = getFill(cell);
        const note = getNote(cell);
        const text = displayValue(cellValue(cell), numberFormat(cell), this.lang);
        const mark = Object.entries(MARK_COLORS).find(([, color]) => color === fill)?.[0];
        const isCurrent = r === this.current.row && c === this.current.column;
        const el = h(
          "div",
          {
            role: "gridcell",
            class: `cell${note ? " has-note" : ""}${typeof cellValue(cell) === "number" ? " number" : ""}`,
            "aria-colindex": c + 1,
            "aria-selected": isCurrent ? "true" : undefined,
            "data-cell": a1(r, c),
            "data-row": r,
            "data-column": c,
            "data-mark": mark,
            tabindex: isCurrent ? 0 : -1,
            title: note ?? undefined,
          },
          text,
        );
        if (fill && fill.startsWith("#")) el.style.background = fill;
        cells.push(el);
      }
      const rowEl = h("div", { role: "row", class: "grid-row", "aria-rowindex": r + 1 }, cells);
      rowEl.style.gridTemplateColumns = template;
      out.push(rowEl);
    }
    const hadFocus = this.element.contains(document.activeElement);
    this.body.replaceChildren(...out);
    if (hadFocus) this.cellElement(this.current.row, this.current.column)?.focus({ preventScroll: true });
  }

  private cellElement(row: number, column: number): HTMLElement | null {
    return this.body.querySelector<HTMLElement>(`[data-cell="${a1(row, column)}"]`);
  }

  private scrollToCurrent(): void {
    const top = (this.current.row - 1) * ROW_HEIGHT;
    const view = this.scroller.clientHeight || 600;
    if (top < this.scroller.scrollTop || top > this.scroller.scrollTop + view - 2 * ROW_HEIGHT) this.scroller.scrollTop = Math.max(0, top - view / 3);
  }

  /** Move the current cell; the rows are redrawn only when it scrolls out of the drawn window. */
  private focusCell(row: number, column: number): void {
    const ws = this.sheet();
    if (!ws) return;
    const { rows, columns } = this.extent(ws);
    const previous = this.cellElement(this.current.row, this.current.column);
    this.current = { row: Math.min(Math.max(1, row), rows), column: Math.min(Math.max(1, column), columns) };
    const before = this.scroller.scrollTop;
    this.scrollToCurrent();
    let next = this.cellElement(this.current.row, this.current.column);
    if (!next || this.scroller.scrollTop !== before) {
      this.render();
      next = this.cellElement(this.current.row, this.current.column);
    } else if (previous !== next) {
      previous?.removeAttribute("aria-selected");
      previous?.setAttribute("tabindex", "-1");
      next.setAttribute("aria-selected", "true");
      next.setAttribute("tabindex", "0");
    }
    next?.focus();
  }

  private onKey(e: KeyboardEvent): void {
    if (this.editing) return;
    const { row, column } = this.current;
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1], Tab: [0, e.shiftKey ? -1 : 1] };
    const move = moves[e.key];
    if (move) {
      if (e.key === "Tab" && ((e.shiftKey && column === 1) || (!e.shiftKey && column >= this.extent(this.sheet()!).columns))) return;
      e.preventDefault();
      this.focusCell(row + move[0], column + move[1]);
    } else if (e.key === "Enter" || e.key === "F2") {
      e.preventDefault();
      this.edit(row, column);
    } else if (e.key === "Delete" || e.key === "Backspace") {
      e.preventDefault();
      this.commit(row, column, "");
    } else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      this.edit(row, column, e.key);
    }
  }

  /** Edit a cell in place; list validations offer their choices. */
  edit(row: number, column: number, initial?: string): void {
    const ws = this.sheet();
    if (!ws || !this.workbook) return;
    this.focusCell(row, column);
    const target = this.cellElement(row, column);
    if (!target) return;
    const cell = ws.getCell(row, column);
    const value = cellValue(cell);
    const choices = listChoices(this.workbook, cell);
    const listId = `choices-${a1(row, column)}`;
    const input = h("input", {
      class: "cell-editor",
      "aria-label": t(this.lang, "browser.editCell", { cell: a1(row, column) }),
      list: choices.length ? listId : undefined,
    }) as HTMLInputElement;
    input.value = initial ?? editText(value, numberFormat(cell));
    const original = input.value;
    const done = (commit: boolean, move: [number, number]) => {
      if (!this.editing) return;
      this.editing = null;
      if (commit && (input.value !== original || initial !== undefined)) this.commit(row, column, input.value);
      else this.render();
      this.focusCell(row + move[0], column + move[1]);
    };
    input.addEventListener("keydown", (e) => {
      e.stopPropagation(); // the grid's own keys (Enter opens an editor) must not see the editor's
      if (e.key === "Enter") {
        e.preventDefault();
        done(true, [1, 0]);
      } else if (e.key === "Escape") {
        e.preventDefault();
        done(false, [0, 0]);
      } else if (e.key === "Tab") {
        e.preventDefault();
        done(true, [0, e.shiftKey ? -1 : 1]);
      }
    });
    input.addEventListener("blur", () => done(true, [0, 0]));
    target.replaceChildren(input, ...(choices.length ? [h("datalist", { id: listId }, choices.map((c) => h("option", { value: c })))] : []));
    this.editing = input;
    input.focus();
    if (initial === undefined) input.select();
  }

  private commit(row: number, column: number, text: string): void {
    const name = this.workbook?.activeName;
    if (!this.workbook || !name) return;
    this.workbook.editCell(name, row, column, text);
  }
}
