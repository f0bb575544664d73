import { FakeExcel, FakeOfficeError, FakeRange, FakeWorkbook, FakeWorksheet, rectAddress, type FakeContext, type SheetModel, type WorkbookModel } from "./fake-excel";

/**
 * Test support: what the recording fake (fake-excel.ts) lacks for the region table and the dashboards —
 * tables (workbook.tables, worksheet.tables, rows.add, header/body ranges, delete), charts (worksheet.charts,
 * add, series, title, position, delete) and conditional formats (range.conditionalFormats). Added to the
 * fake's classes by `installTablesAndCharts()`, without changing fake-excel.ts; the new proxies copy its
 * rules: operations wait for sync(), properties must be loaded before they are read, *OrNullObject gives
 * null objects, and every operation counts toward the request's bytes.
 */

interface Rect {
  sheet: SheetModel;
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

export interface TableModel {
  name: string;
  sheet: SheetModel;
  r0: number;
  c0: number;
  r1: number;
  c1: number;
  style: string;
}

export interface ChartModel {
  name: string;
  sheet: SheetModel;
  type: string;
  source: Rect | null;
  seriesBy: string;
  title: string;
  position: { start: string; end?: string } | null;
  series: { name: string; values: string | null; xValues: string | null }[];
}

export interface ConditionalFormatModel {
  sheet: SheetModel;
  address: string;
  type: string;
  rule: unknown;
  fill: string | null;
  fontColor: string | null;
}

export interface Extras {
  tables: TableModel[];
  charts: ChartModel[];
  conditionalFormats: ConditionalFormatModel[];
}

const extrasOf = new WeakMap<WorkbookModel, Extras>();
const sizesOf = new WeakMap<SheetModel, Map<string, number>>();

/** Font sizes set on a sheet's cells ("row,column", 0-based). */
export function fontSizes(sheet: SheetModel): Map<string, number> {
  let m = sizesOf.get(sheet);
  if (!m) sizesOf.set(sheet, (m = new Map()));
  return m;
}

/** The tables, charts and conditional formats of a fake workbook. */
export function extras(model: WorkbookModel): Extras {
  let e = extrasOf.get(model);
  if (!e) extrasOf.set(model, (e = { tables: [], charts: [], conditionalFormats: [] }));
  return e;
}

const bytesOf = (value: unknown): number => new TextEncoder().encode(JSON.stringify(value) ?? "null").length;
const MAX_COLUMNS = 16_384;
let nextId = 1;

/** A copy of the fake's proxy rules, for the new kinds of objects. */
class Base<M> {
  protected readonly loaded = new Map<string, unknown>();
  private memo: { model: M | null } | undefined;
  private nullObject: boolean | undefined;

  constructor(
    readonly context: FakeContext,
    private readonly resolver: () => M | null,
    private readonly orNull = false,
  ) {
    context.path();
  }

  model(): M {
    if (!this.memo) this.memo = { model: this.resolver() };
    const m = this.memo.model;
    if (m === null) {
      if (this.orNull) throw new FakeOfficeError("InvalidOperation", "operation on a null object");
      throw new FakeOfficeError("ItemNotFound", "the requested resource does not exist");
    }
    return m;
  }

  get isNullObject(): boolean {
    if (this.nullObject === undefined) throw new FakeOfficeError("PropertyNotLoaded", "isNullObject not loaded");
    return this.nullObject;
  }

  protected read<T>(name: string): T {
    if (!this.loaded.has(name)) throw new FakeOfficeError("PropertyNotLoaded", `property ${name} not loaded`);
    return this.loaded.get(name) as T;
  }

  protected loadProps(props: string | string[] | undefined, pick: (m: M, prop: string) => unknown, all: string[]): void {
    const list = (Array.isArray(props) ? props : (props ?? all.join(",")).split(",")).map((p) => p.trim()).filter(Boolean);
    this.context.enqueueLoad(() => {
      if (!this.memo) this.memo = { model: this.resolver() };
      const m = this.memo.model;
      if (m === null) {
        if (!this.orNull) throw new FakeOfficeError("ItemNotFound", "the requested resource does not exist");
        return { bytes: 20, deliver: () => (this.nullObject = true) };
      }
      const values = list.map((p) => [p, pick(m, p)] as const);
      return {
        bytes: bytesOf(Object.fromEntries(values)),
        deliver: () => {
          this.nullObject = false;
          for (const [p, v] of values) this.loaded.set(p, v);
        },
      };
    });
  }

  protected act(args: unknown, run: (m: M) => void): void {
    this.context.enqueue(args, () => run(this.model()));
  }
}

function rangeOf(context: FakeContext, rect: () => Rect): FakeRange {
  return new FakeRange(context, rect as never);
}

/** The rectangle behind a fake range (its resolver runs in order with the queued operations). */
function rectOf(range: unknown): Rect {
  return (range as { model(): Rect }).model();
}

function sheetOf(worksheet: unknown): SheetModel {
  return (worksheet as { model(): SheetModel }).model();
}

function overlaps(a: Rect | TableModel, b: Rect | TableModel): boolean {
  return a.sheet === b.sheet && a.r0 <= b.r1 && b.r0 <= a.r1 && a.c0 <= b.c1 && b.c0 <= a.c1;
}

function parseLocal(sheet: SheetModel, address: string): Rect {
  const local = address.replace(/^.*!/, "").replace(/\$/g, "");
  const [a, b] = local.split(":");
  const cell = (s: string) => {
    const m = /^([A-Z]+)(\d+)$/i.exec(s);
    if (!m) throw new FakeOfficeError("InvalidArgument", `bad address ${address}`);
    let c = 0;
    for (const ch of m[1]!.toUpperCase()) c = c * 26 + ch.charCodeAt(0) - 64;
    return { r: Number(m[2]) - 1, c: c - 1 };
  };
  const p = cell(a!);
  const q = b ? cell(b) : p;
  return { sheet, r0: p.r, c0: p.c, r1: q.r, c1: q.c };
}

function clearRect(rect: Rect): void {
  for (const [k] of rect.sheet.cells) {
    const row = Math.floor(k / MAX_COLUMNS);
    const c = k % MAX_COLUMNS;
    if (row >= rect.r0 && row <= rect.r1 && c >= rect.c0 && c <= rect.c1) rect.sheet.cells.delete(k);
  }
}

// --- tables ------------------------------------------------------------------------------------------------

const TABLE_NAME = /^[A-Za-z_\\][A-Za-z0-9_.]{0,254}$/;

class FakeTableCollection extends Base<WorkbookModel> {
  private itemsList: FakeTable[] | undefined;

  constructor(
    context: FakeContext,
    private readonly sheet: (() => SheetModel) | null,
  ) {
    super(context, () => context.model);
  }

  private all(): TableModel[] {
    const tables = extras(this.context.model).tables;
    return this.sheet ? tables.filter((t) => t.sheet === this.sheet!()) : tables;
  }

  get items(): FakeTable[] {
    if (!this.itemsList) throw new FakeOfficeError("PropertyNotLoaded", "items not loaded");
    return this.itemsList;
  }

  load(_props?: string | string[]): this {
    this.context.enqueueLoad(() => {
      const tables = [...this.all()];
      return {
        bytes: bytesOf(tables.map((t) => ({ name: t.name }))),
        deliver: () => {
          this.itemsList = tables.map((t) => {
            const p = new FakeTable(this.context, () => (extras(this.context.model).tables.includes(t) ? t : null));
            p.preload({ name: t.name });
            return p;
          });
        },
      };
    });
    return this;
  }

  getItem(name: string): FakeTable {
    return new FakeTable(this.context, () => this.all().find((t) => t.name.toLowerCase() === name.toLowerCase()) ?? null);
  }

  getItemOrNullObject(name: string): FakeTable {
    return new FakeTable(this.context, () => this.all().find((t) => t.name.toLowerCase() === name.toLowerCase()) ?? null, true);
  }

  add(address: FakeRange | string, hasHeaders: boolean): FakeTable {
    let created: TableModel | null = null;
    this.context.enqueue({ address: typeof address === "string" ? address : "range", hasHeaders }, () => {
      let rect: Rect;
      if (typeof address === "string") {
        const sheetName = /^'?(.*?)'?!/.exec(address)?.[1];
        const sheet = sheetName ? this.context.model.find(sheetName) : this.sheet?.();
        if (!sheet) throw new FakeOfficeError("InvalidArgument", `no sheet in ${address}`);
        rect = parseLocal(sheet, address);
      } else rect = rectOf(address);
      if (this.sheet && rect.sheet !== this.sheet()) throw new FakeOfficeError("InvalidArgument", "range on another sheet");
      if (!hasHeaders) throw new FakeOfficeError("InvalidArgument", "the fake makes tables with headers only");
      const tables = extras(this.context.model).tables;
      // Excel adds an empty data row to a table made from a header alone.
      const model: TableModel = { name: `Table${nextId++}`, sheet: rect.sheet, r0: rect.r0, c0: rect.c0, r1: Math.max(rect.r1, rect.r0 + 1), c1: rect.c1, style: "TableStyleMedium2" };
      if (tables.some((t) => overlaps(t, model))) throw new FakeOfficeError("InvalidOperation", "a table cannot overlap another table");
      tables.push(model);
      created = model;
    });
    return new FakeTable(this.context, () => created);
  }
}

class FakeTableRowCollection extends Base<TableModel> {
  add(index?: number, values?: unknown[][]): void {
    this.act({ index, values }, (t) => {
      if (index !== undefined && index !== null) throw new FakeOfficeError("InvalidArgument", "the fake adds rows at the end only");
      const width = t.c1 - t.c0 + 1;
      const rows = values ?? [Array.from({ length: width }, () => "")];
      if (rows.some((r) => !Array.isArray(r) || r.length !== width)) throw new FakeOfficeError("InvalidArgument", "row values do not match the table's columns");
      if (rows.some((r) => r.some((v) => v !== "" && v !== null))) throw new FakeOfficeError("InvalidArgument", "the fake adds blank rows only");
      // Excel shifts the cells below the table down; the fake wants them empty.
      for (let r = t.r1 + 1; r <= t.r1 + rows.length; r++) {
        for (let c = t.c0; c <= t.c1; c++) {
          const cell = t.sheet.cell(r, c);
          if (cell && (cell.value !== "" || cell.formula)) throw new FakeOfficeError("InsertDeleteConflict", "cells below the table are not empty");
        }
      }
      t.r1 += rows.length;
    });
  }
}

export class FakeTable extends Base<TableModel> {
  readonly rows: FakeTableRowCollection;

  constructor(context: FakeContext, resolver: () => TableModel | null, orNull = false) {
    super(context, resolver, orNull);
    this.rows = new FakeTableRowCollection(context, () => this.model());
  }

  preload(data: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(data)) this.loaded.set(k, v);
  }

  get name(): string {
    return this.read("name");
  }
  set name(name: string) {
    this.act({ name }, (t) => {
      if (!TABLE_NAME.test(name)) throw new FakeOfficeError("InvalidArgument", `bad table name ${name}`);
      if (extras(this.context.model).tables.some((o) => o !== t && o.name.toLowerCase() === name.toLowerCase())) {
        throw new FakeOfficeError("InvalidArgument", `a table named ${name} exists`);
      }
      t.name = name;
    });
  }
  get style(): string {
    return this.read("style");
  }
  set style(style: string) {
    this.act({ style }, (t) => (t.style = style));
  }
  load(props?: string | string[]): this {
    this.loadProps(props, (t, p) => (p === "name" ? t.name : p === "style" ? t.style : undefined), ["name", "style"]);
    return this;
  }
  get worksheet(): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.model().sheet);
  }
  getRange(): FakeRange {
    return rangeOf(this.context, () => {
      const t = this.model();
      return { sheet: t.sheet, r0: t.r0, c0: t.c0, r1: t.r1, c1: t.c1 };
    });
  }
  getHeaderRowRange(): FakeRange {
    return rangeOf(this.context, () => {
      const t = this.model();
      return { sheet: t.sheet, r0: t.r0, c0: t.c0, r1: t.r0, c1: t.c1 };
    });
  }
  getDataBodyRange(): FakeRange {
    return rangeOf(this.context, () => {
      const t = this.model();
      return { sheet: t.sheet, r0: t.r0 + 1, c0: t.c0, r1: t.r1, c1: t.c1 };
    });
  }
  /** Excel's Table.delete removes the table and what it holds. */
  delete(): void {
    this.act(undefined, (t) => {
      const tables = extras(this.context.model).tables;
      tables.splice(tables.indexOf(t), 1);
      clearRect({ sheet: t.sheet, r0: t.r0, c0: t.c0, r1: t.r1, c1: t.c1 });
    });
  }
}

// --- charts ------------------------------------------------------------------------------------------------

class FakeChartCollection extends Base<SheetModel> {
  private itemsList: FakeChart[] | undefined;

  get items(): FakeChart[] {
    if (!this.itemsList) throw new FakeOfficeError("PropertyNotLoaded", "items not loaded");
    return this.itemsList;
  }

  load(_props?: string | string[]): this {
    this.context.enqueueLoad(() => {
      const sheet = this.model();
      const charts = extras(this.context.model).charts.filter((c) => c.sheet === sheet);
      return {
        bytes: bytesOf(charts.map((c) => ({ name: c.name }))),
        deliver: () => {
          this.itemsList = charts.map((c) => {
            const p = new FakeChart(this.context, () => (extras(this.context.model).charts.includes(c) ? c : null));
            p.preload({ name: c.name });
            return p;
          });
        },
      };
    });
    return this;
  }

  add(type: string, sourceData: FakeRange, seriesBy = "Auto"): FakeChart {
    let created: ChartModel | null = null;
    this.act({ type, seriesBy }, (sheet) => {
      const source = rectOf(sourceData);
      if (source.sheet !== sheet) throw new FakeOfficeError("InvalidArgument", "chart data on another sheet");
      // As Excel does with a block of columns: the first holds the categories, each other one a series.
      const columns = source.c1 - source.c0 + 1;
      const series = Array.from({ length: Math.max(1, columns - 1) }, (_, i) => {
        const c = columns === 1 ? source.c0 : source.c0 + 1 + i;
        return { name: "", values: rectAddress({ ...source, c0: c, c1: c } as never), xValues: columns === 1 ? null : rectAddress({ ...source, c1: source.c0 } as never) };
      });
      created = { name: `Chart ${nextId++}`, sheet, type, source, seriesBy, title: "", position: null, series };
      extras(this.context.model).charts.push(created);
    });
    return new FakeChart(this.context, () => created);
  }

  getItemOrNullObject(name: string): FakeChart {
    return new FakeChart(this.context, () => extras(this.context.model).charts.find((c) => c.sheet === this.model() && c.name === name) ?? null, true);
  }
}

class FakeChartSeriesCollection extends Base<ChartModel> {
  getItemAt(index: number): FakeChartSeries {
    return new FakeChartSeries(this.context, () => {
      const s = this.model().series[index];
      if (!s) throw new FakeOfficeError("InvalidArgument", `no series ${index}`);
      return s;
    });
  }

  add(name?: string): FakeChartSeries {
    let created: ChartModel["series"][number] | null = null;
    this.act({ name }, (c) => {
      created = { name: name ?? "", values: null, xValues: null };
      c.series.push(created);
    });
    return new FakeChartSeries(this.context, () => created);
  }
}

class FakeChartSeries extends Base<ChartModel["series"][number]> {
  set name(name: string) {
    this.act({ name }, (s) => (s.name = name));
  }
  setValues(range: FakeRange): void {
    this.act(undefined, (s) => (s.values = rectAddress(rectOf(range) as never)));
  }
  setXAxisValues(range: FakeRange): void {
    this.act(undefined, (s) => (s.xValues = rectAddress(rectOf(range) as never)));
  }
}

export class FakeChart extends Base<ChartModel> {
  readonly title: { text: string };
  readonly series: FakeChartSeriesCollection;

  constructor(context: FakeContext, resolver: () => ChartModel | null, orNull = false) {
    super(context, resolver, orNull);
    const act = (args: unknown, run: (c: ChartModel) => void) => this.act(args, run);
    this.title = {
      set text(text: string) {
        act({ text }, (c) => (c.title = text));
      },
      get text(): string {
        throw new FakeOfficeError("PropertyNotLoaded", "title not loaded");
      },
    };
    this.series = new FakeChartSeriesCollection(context, () => this.model());
  }

  preload(data: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(data)) this.loaded.set(k, v);
  }
  get name(): string {
    return this.read("name");
  }
  set name(name: string) {
    this.act({ name }, (c) => (c.name = name));
  }
  load(props?: string | string[]): this {
    this.loadProps(props, (c, p) => (p === "name" ? c.name : undefined), ["name"]);
    return this;
  }
  setPosition(start: string | FakeRange, end?: string | FakeRange): void {
    const text = (x: string | FakeRange) => (typeof x === "string" ? x : rectAddress(rectOf(x) as never, false));
    this.act({ start: typeof start === "string" ? start : "range" }, (c) => (c.position = { start: text(start), ...(end ? { end: text(end) } : {}) }));
  }
  delete(): void {
    this.act(undefined, (c) => {
      const charts = extras(this.context.model).charts;
      charts.splice(charts.indexOf(c), 1);
    });
  }
}

// --- conditional formats ------------------------------------------------------------------------------------

class FakeConditionalFormatCollection extends Base<Rect> {
  add(type: string): FakeConditionalFormat {
    let created: ConditionalFormatModel | null = null;
    this.act({ type }, (r) => {
      created = { sheet: r.sheet, address: rectAddress(r as never, false), type, rule: null, fill: null, fontColor: null };
      extras(this.context.model).conditionalFormats.push(created);
    });
    return new FakeConditionalFormat(this.context, () => created);
  }
  clearAll(): void {
    this.act(undefined, (r) => {
      const e = extras(this.context.model);
      e.conditionalFormats = e.conditionalFormats.filter((cf) => !(cf.sheet === r.sheet && overlaps(parseLocal(r.sheet, cf.address), r)));
    });
  }
}

class FakeConditionalFormat extends Base<ConditionalFormatModel> {
  get textComparison() {
    return this.kind();
  }
  get cellValue() {
    return this.kind();
  }
  private kind() {
    const act = (args: unknown, run: (m: ConditionalFormatModel) => void) => this.act(args, run);
    return {
      set rule(rule: unknown) {
        act(rule, (m) => (m.rule = rule));
      },
      format: {
        fill: {
          set color(color: string) {
            act({ color }, (m) => (m.fill = color.toUpperCase()));
          },
        },
        font: {
          set color(color: string) {
            act({ color }, (m) => (m.fontColor = color.toUpperCase()));
          },
        },
      },
    };
  }
}

// --- installing ---------------------------------------------------------------------------------------------

let installed = false;

/** Give the fake's workbooks, sheets and ranges tables, charts and conditional formats (idempotent). */
export function installTablesAndCharts(): void {
  if (installed) return;
  installed = true;
  // Font size: the fake's font has bold only. Reached through an instance (its class is not exported).
  const font = Object.getPrototypeOf(new FakeExcel().context.workbook.worksheets.getItem("Sheet1").getRange("A1").format.font) as object;
  Object.defineProperty(font, "size", {
    set(this: { act(args: unknown, run: (r: Rect) => void): void }, size: number) {
      this.act({ size }, (r) => {
        for (let row = r.r0; row <= r.r1; row++) for (let c = r.c0; c <= r.c1; c++) fontSizes(r.sheet).set(`${row},${c}`, size);
      });
    },
  });
  Object.defineProperty(FakeWorkbook.prototype, "tables", {
    get(this: FakeWorkbook) {
      return new FakeTableCollection(this.context, null);
    },
  });
  Object.defineProperty(FakeWorksheet.prototype, "tables", {
    get(this: FakeWorksheet) {
      return new FakeTableCollection(this.context, () => sheetOf(this));
    },
  });
  Object.defineProperty(FakeWorksheet.prototype, "charts", {
    get(this: FakeWorksheet) {
      return new FakeChartCollection(this.context, () => sheetOf(this));
    },
  });
  Object.defineProperty(FakeRange.prototype, "conditionalFormats", {
    get(this: FakeRange) {
      return new FakeConditionalFormatCollection(this.context, () => rectOf(this));
    },
  });
}

/** The cells of a fake sheet as a grid (values), rows r0..r1 and columns c0..c1, 0-based inclusive. */
export function gridOf(sheet: SheetModel, r0: number, c0: number, r1: number, c1: number): (string | number | boolean)[][] {
  return Array.from({ length: r1 - r0 + 1 }, (_, i) => Array.from({ length: c1 - c0 + 1 }, (_, j) => sheet.cell(r0 + i, c0 + j)?.value ?? ""));
}
