/**
 * A recording fake of the part of Excel's object model that the adapter uses (ranges, sheets, notes, comments,
 * custom XML parts, settings, and the native tables, charts and conditional formats of the region table and
 * the dashboards), faithful where it matters: proxies queue their operations until `context.sync()`, properties must be loaded (and synced) before they
 * are read, *OrNullObject methods give null objects, writes land in order, a failing operation rejects the
 * sync after the ones before it were applied, text written into a cell becomes a number or a formula unless
 * the cell is formatted as text ("@"), and a request or response above 5 MB is refused, as Excel on the web
 * does. Every sync is recorded with the bytes of its request and response, for tests and benchmarks.
 */

type Value = string | number | boolean;

export const FAKE_PAYLOAD_LIMIT = 5 * 1024 * 1024;
/** What an object path and an action weigh in Office.js's request JSON (measured order of magnitude). */
const PATH = 130;
const ACTION = 90;
const MAX_ROWS = 1_048_576;
const MAX_COLUMNS = 16_384;

export class FakeOfficeError extends Error {
  readonly debugInfo: { code: string; message: string };
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "RichApi.Error";
    this.debugInfo = { code, message };
  }
}

const bytesOf = (value: unknown): number => new TextEncoder().encode(JSON.stringify(value) ?? "null").length;

// ---------------------------------------------------------------------------------------------------------
// The workbook's state

export interface CellModel {
  value: Value;
  formula?: string;
  numberFormat: string;
  fill: string | null;
  bold?: boolean;
  wrap?: boolean;
}

/** A block of cells, 0-based and inclusive. */
export interface Rect {
  sheet: SheetModel;
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

/** A native table: its block of cells, the header row first. */
export interface TableModel extends Rect {
  name: string;
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

let nextId = 1;

export class SheetModel {
  readonly id = `{${String(nextId++).padStart(8, "0")}-FAKE}`;
  visibility: "Visible" | "Hidden" | "VeryHidden" = "Visible";
  readonly cells = new Map<number, CellModel>();
  readonly notes = new Map<string, string>();
  readonly comments: { id: string; address: string; content: string }[] = [];
  readonly validations: { address: string; rule: unknown; errorAlert?: unknown; ignoreBlanks?: boolean }[] = [];
  readonly columnWidths = new Map<number, number>();
  /** Font sizes set on cells, keyed "row,column" (0-based). */
  readonly fontSizes = new Map<string, number>();
  frozenRows = 0;
  readonly handlers = new Set<(e: unknown) => Promise<unknown> | unknown>();

  constructor(public name: string) {}

  key(r: number, c: number): number {
    return r * MAX_COLUMNS + c;
  }

  cell(r: number, c: number): CellModel | undefined {
    return this.cells.get(this.key(r, c));
  }

  ensure(r: number, c: number): CellModel {
    const k = this.key(r, c);
    let cell = this.cells.get(k);
    if (!cell) {
      cell = { value: "", numberFormat: "General", fill: null };
      this.cells.set(k, cell);
    }
    return cell;
  }

  /** Bounding box of the cells holding a value (valuesOnly), or of every touched cell. */
  usedRect(valuesOnly: boolean): Rect {
    let r0 = Infinity;
    let c0 = Infinity;
    let r1 = -1;
    let c1 = -1;
    for (const [k, cell] of this.cells) {
      if (valuesOnly && cell.value === "" && !cell.formula) continue;
      const r = Math.floor(k / MAX_COLUMNS);
      const c = k % MAX_COLUMNS;
      if (r < r0) r0 = r;
      if (r > r1) r1 = r;
      if (c < c0) c0 = c;
      if (c > c1) c1 = c;
    }
    return r1 < 0 ? { sheet: this, r0: 0, c0: 0, r1: 0, c1: 0 } : { sheet: this, r0, c0, r1, c1 };
  }
}

export class WorkbookModel {
  readonly sheets: SheetModel[] = [];
  active: SheetModel;
  readonly settings = new Map<string, unknown>();
  readonly xmlParts: { id: string; xml: string; namespace: string }[] = [];
  readonly tables: TableModel[] = [];
  readonly charts: ChartModel[] = [];
  readonly conditionalFormats: ConditionalFormatModel[] = [];
  selection: { sheet: string; address: string } | null = null;

  constructor(sheetNames: string[] = ["Sheet1"]) {
    for (const n of sheetNames) this.sheets.push(new SheetModel(n));
    this.active = this.sheets[0]!;
  }

  find(name: string): SheetModel | undefined {
    const lower = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === lower);
  }

  sheet(name: string): SheetModel {
    const s = this.find(name);
    if (!s) throw new Error(`no sheet ${name}`);
    return s;
  }

  /** Put a grid of values on a sheet at A1 (or `at`), the way a user's workbook holds them. */
  setValues(name: string, values: Value[][], options: { at?: string; numberFormats?: string[][] } = {}): void {
    const sheet = this.find(name) ?? this.addSheet(name);
    const { row, column } = options.at ? parseCell(options.at) : { row: 0, column: 0 };
    values.forEach((line, i) =>
      line.forEach((v, j) => {
        const f = options.numberFormats?.[i]?.[j];
        if (v === "" && !f) return;
        const cell = sheet.ensure(row + i, column + j);
        cell.value = v;
        if (f) cell.numberFormat = f;
      }),
    );
  }

  addSheet(name: string): SheetModel {
    const s = new SheetModel(name);
    this.sheets.push(s);
    return s;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Addresses

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64;
  return n - 1;
}

export function columnName(index: number): string {
  let n = index + 1;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function parseCell(address: string): { row: number; column: number } {
  const m = /^\$?([A-Z]+)\$?(\d+)$/i.exec(address);
  if (!m) throw new FakeOfficeError("InvalidArgument", `bad cell address ${address}`);
  return { row: Number(m[2]) - 1, column: columnIndex(m[1]!) };
}

function parseRect(sheet: SheetModel, address: string): Rect {
  const [a, b] = address.replace(/^.*!/, "").split(":");
  if (!a) throw new FakeOfficeError("InvalidArgument", `bad address ${address}`);
  if (/^\d+$/.test(a)) return { sheet, r0: Number(a) - 1, c0: 0, r1: Number(b ?? a) - 1, c1: MAX_COLUMNS - 1 };
  if (/^[A-Z]+$/i.test(a)) return { sheet, r0: 0, c0: columnIndex(a), r1: MAX_ROWS - 1, c1: columnIndex(b ?? a) };
  const p = parseCell(a);
  const q = b ? parseCell(b) : p;
  return { sheet, r0: Math.min(p.row, q.row), c0: Math.min(p.column, q.column), r1: Math.max(p.row, q.row), c1: Math.max(p.column, q.column) };
}

export function rectAddress(rect: Rect, withSheet = true): string {
  const a = `${columnName(rect.c0)}${rect.r0 + 1}`;
  const b = `${columnName(rect.c1)}${rect.r1 + 1}`;
  const local = a === b ? a : `${a}:${b}`;
  return withSheet ? `${rect.sheet.name.includes(" ") ? `'${rect.sheet.name}'` : rect.sheet.name}!${local}` : local;
}

const rows = (r: Rect) => r.r1 - r.r0 + 1;
const cols = (r: Rect) => r.c1 - r.c0 + 1;

function* cellsOf(rect: Rect): Generator<[number, number]> {
  for (let r = rect.r0; r <= rect.r1; r++) for (let c = rect.c0; c <= rect.c1; c++) yield [r, c];
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.sheet === b.sheet && a.r0 <= b.r1 && b.r0 <= a.r1 && a.c0 <= b.c1 && b.c0 <= a.c1;
}

/** Empty a block: its cells go (values, formulas and formats), as Range.clear() does. */
function clearRect(rect: Rect): void {
  for (const [k] of rect.sheet.cells) {
    const row = Math.floor(k / MAX_COLUMNS);
    const c = k % MAX_COLUMNS;
    if (row >= rect.r0 && row <= rect.r1 && c >= rect.c0 && c <= rect.c1) rect.sheet.cells.delete(k);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Requests

interface Operation {
  bytes: number;
  run: () => void;
}

export interface SyncRecord {
  requestBytes: number;
  responseBytes: number;
  operations: number;
}

export class FakeContext {
  readonly workbook: FakeWorkbook;
  private queue: Operation[] = [];
  private pendingBytes = 0;
  private responseBytes = 0;
  /** Committed at sync when the response fits: the loads of this request. */
  private deliveries: (() => void)[] = [];
  readonly syncs: SyncRecord[] = [];
  /** Paths created in the current request: created once, sent once (as Office.js does). */
  readonly trackedObjects = { add() {}, remove() {} };

  constructor(readonly model: WorkbookModel) {
    this.workbook = new FakeWorkbook(this);
  }

  path(): void {
    this.pendingBytes += PATH;
  }

  enqueue(args: unknown, run: () => void): void {
    const bytes = ACTION + (args === undefined ? 0 : bytesOf(args));
    this.pendingBytes += bytes;
    this.queue.push({ bytes, run });
  }

  /** A load: `read` runs in order with the writes; its result is delivered only if the response fits. */
  enqueueLoad(read: () => { bytes: number; deliver: () => void }): void {
    this.enqueue(undefined, () => {
      const { bytes, deliver } = read();
      this.responseBytes += bytes;
      this.deliveries.push(deliver);
    });
  }

  async sync(): Promise<void> {
    const queue = this.queue;
    const requestBytes = this.pendingBytes;
    this.queue = [];
    this.pendingBytes = 0;
    this.responseBytes = 0;
    this.deliveries = [];
    const record: SyncRecord = { requestBytes, responseBytes: 0, operations: queue.length };
    this.syncs.push(record);
    await Promise.resolve();
    if (requestBytes > FAKE_PAYLOAD_LIMIT) {
      throw new FakeOfficeError("RequestPayloadSizeLimitExceeded", `request of ${requestBytes} bytes`);
    }
    for (const op of queue) op.run();
    record.responseBytes = this.responseBytes;
    if (this.responseBytes > FAKE_PAYLOAD_LIMIT) {
      throw new FakeOfficeError("ResponsePayloadSizeLimitExceeded", `response of ${this.responseBytes} bytes`);
    }
    for (const d of this.deliveries) d();
  }
}

/** Base of every proxy: loaded properties, and reads that fail before load and sync, as Office.js does. */
class Proxy<M> {
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

  /** The model behind the proxy, resolved once, when first used by an operation. */
  protected model(): M {
    if (!this.memo) this.memo = { model: this.resolver() };
    const m = this.memo.model;
    if (m === null) {
      if (this.orNull) throw new FakeOfficeError("InvalidOperation", "operation on a null object");
      throw new FakeOfficeError("ItemNotFound", "the requested resource does not exist");
    }
    return m;
  }

  protected modelOrNull(): M | null {
    if (!this.memo) this.memo = { model: this.resolver() };
    return this.memo.model;
  }

  get isNullObject(): boolean {
    if (this.nullObject === undefined) throw new FakeOfficeError("PropertyNotLoaded", "isNullObject not loaded");
    return this.nullObject;
  }

  /** Properties that came with a collection's load (items/name…), readable without a load of their own. */
  preload(data: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(data)) this.loaded.set(k, v);
  }

  protected read<T>(name: string): T {
    if (!this.loaded.has(name)) throw new FakeOfficeError("PropertyNotLoaded", `property ${name} not loaded`);
    return this.loaded.get(name) as T;
  }

  /** Queue a load of scalar properties; `pick` reads one from the model. */
  protected loadProps(props: string | string[] | undefined, pick: (m: M, prop: string) => unknown, all: string[]): void {
    const list = (Array.isArray(props) ? props : (props ?? all.join(",")).split(",")).map((p) => p.trim()).filter(Boolean);
    this.context.enqueueLoad(() => {
      const m = this.orNull ? this.modelOrNull() : this.model();
      if (m === null) return { bytes: 20, deliver: () => (this.nullObject = true) };
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

  /** Queue a write or a method call. */
  protected act(args: unknown, run: (m: M) => void): void {
    this.context.enqueue(args, () => run(this.model()));
  }
}

class FakeClientResult<T> {
  private done = false;
  private v: T | undefined;
  set(value: T) {
    this.v = value;
    this.done = true;
  }
  get value(): T {
    if (!this.done) throw new FakeOfficeError("PropertyNotLoaded", "ClientResult read before sync");
    return this.v as T;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Workbook, sheets

export class FakeWorkbook extends Proxy<WorkbookModel> {
  readonly worksheets: FakeWorksheetCollection;
  readonly customXmlParts: FakeCustomXmlPartCollection;
  readonly settings: FakeSettingCollection;

  constructor(context: FakeContext) {
    super(context, () => context.model);
    this.worksheets = new FakeWorksheetCollection(context);
    this.customXmlParts = new FakeCustomXmlPartCollection(context);
    this.settings = new FakeSettingCollection(context);
  }

  get tables(): FakeTableCollection {
    return new FakeTableCollection(this.context, null);
  }
}

export class FakeWorksheetCollection extends Proxy<WorkbookModel> {
  private itemsList: FakeWorksheet[] | undefined;

  constructor(context: FakeContext) {
    super(context, () => context.model);
  }

  get items(): FakeWorksheet[] {
    if (!this.itemsList) throw new FakeOfficeError("PropertyNotLoaded", "items not loaded");
    return this.itemsList;
  }

  load(props?: string | string[]): this {
    const list = (Array.isArray(props) ? props.join(",") : (props ?? "items/name")).split(",").map((p) => p.trim().replace(/^items\//, ""));
    this.context.enqueueLoad(() => {
      const sheets = [...this.context.model.sheets];
      const data = sheets.map((s) => Object.fromEntries(list.map((p) => [p, sheetProp(s, p)])));
      return {
        bytes: bytesOf(data),
        deliver: () => {
          this.itemsList = sheets.map((s, i) => FakeWorksheet.loadedFrom(this.context, s, data[i]!));
        },
      };
    });
    return this;
  }

  getItem(name: string): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.context.model.find(name) ?? null);
  }

  getItemOrNullObject(name: string): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.context.model.find(name) ?? null, true);
  }

  getActiveWorksheet(): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.context.model.active);
  }

  add(name: string): FakeWorksheet {
    let created: SheetModel | null = null;
    this.context.enqueue({ name }, () => {
      if (this.context.model.find(name)) throw new FakeOfficeError("ItemAlreadyExists", `sheet ${name} exists`);
      if (name.length > 31 || /[:\\/?*[\]]/.test(name)) throw new FakeOfficeError("InvalidArgument", `bad sheet name ${name}`);
      created = this.context.model.addSheet(name);
    });
    return new FakeWorksheet(this.context, () => created);
  }
}

function sheetProp(s: SheetModel, p: string): unknown {
  switch (p) {
    case "name":
      return s.name;
    case "id":
      return s.id;
    case "visibility":
      return s.visibility;
    case "position":
      return s === undefined ? 0 : 0;
    default:
      throw new FakeOfficeError("InvalidArgument", `unknown worksheet property ${p}`);
  }
}

export class FakeWorksheet extends Proxy<SheetModel> {
  private notesProxy: FakeNoteCollection | undefined;
  private commentsProxy: FakeCommentCollection | undefined;
  readonly freezePanes: { freezeRows: (n: number) => void; unfreeze: () => void };
  readonly onChanged: { add: (h: (e: unknown) => unknown) => { remove: () => void; context: FakeContext } };

  constructor(context: FakeContext, resolver: () => SheetModel | null, orNull = false) {
    super(context, resolver, orNull);
    this.freezePanes = {
      freezeRows: (n: number) => this.act({ n }, (s) => (s.frozenRows = n)),
      unfreeze: () => this.act(undefined, (s) => (s.frozenRows = 0)),
    };
    this.onChanged = {
      add: (h) => {
        this.act(undefined, (s) => s.handlers.add(h));
        return {
          context: this.context,
          remove: () => this.act(undefined, (s) => s.handlers.delete(h)),
        };
      },
    };
  }

  static loadedFrom(context: FakeContext, model: SheetModel, data: Record<string, unknown>): FakeWorksheet {
    const w = new FakeWorksheet(context, () => model);
    w.preload(data);
    return w;
  }

  get name(): string {
    return this.read("name");
  }
  get id(): string {
    return this.read("id");
  }
  get visibility(): string {
    return this.read("visibility");
  }
  set visibility(v: "Visible" | "Hidden" | "VeryHidden") {
    this.act({ v }, (s) => (s.visibility = v));
  }

  load(props?: string | string[]): this {
    this.loadProps(props, sheetProp, ["name", "id", "visibility"]);
    return this;
  }

  get notes(): FakeNoteCollection {
    return (this.notesProxy ??= new FakeNoteCollection(this.context, () => this.model()));
  }

  get comments(): FakeCommentCollection {
    return (this.commentsProxy ??= new FakeCommentCollection(this.context, () => this.model()));
  }

  get tables(): FakeTableCollection {
    return new FakeTableCollection(this.context, () => this.model());
  }

  get charts(): FakeChartCollection {
    return new FakeChartCollection(this.context, () => this.model());
  }

  getRange(address?: string): FakeRange {
    return new FakeRange(this.context, () => {
      const s = this.model();
      return address === undefined ? { sheet: s, r0: 0, c0: 0, r1: MAX_ROWS - 1, c1: MAX_COLUMNS - 1 } : parseRect(s, address);
    });
  }

  getRangeByIndexes(row: number, column: number, rowCount: number, columnCount: number): FakeRange {
    return new FakeRange(this.context, () => {
      if (rowCount < 1 || columnCount < 1 || row < 0 || column < 0 || row + rowCount > MAX_ROWS || column + columnCount > MAX_COLUMNS) {
        throw new FakeOfficeError("InvalidArgument", "range out of the sheet");
      }
      return { sheet: this.model(), r0: row, c0: column, r1: row + rowCount - 1, c1: column + columnCount - 1 };
    });
  }

  getUsedRange(valuesOnly = false): FakeRange {
    return new FakeRange(this.context, () => this.model().usedRect(valuesOnly));
  }

  activate(): void {
    this.act(undefined, (s) => (this.context.model.active = s));
  }

  delete(): void {
    this.act(undefined, (s) => this.context.model.sheets.splice(this.context.model.sheets.indexOf(s), 1));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Ranges

/** Excel turns typed text into numbers, dates and formulas unless the cell is text ("@"). */
function storeValue(cell: CellModel, v: unknown): void {
  delete cell.formula;
  if (typeof v === "string" && cell.numberFormat !== "@") {
    const t = v.trim();
    const n = /^[+-]?\d+(\.\d+)?$/.test(t) ? Number(t) : /^[+-]?\d+(\.\d+)?%$/.test(t) ? Number(t.slice(0, -1)) / 100 : NaN;
    if (!Number.isNaN(n)) {
      cell.value = n;
      return;
    }
    if (/^[=+\-@]./.test(v)) {
      cell.formula = v.startsWith("=") ? v : `=${v}`;
      cell.value = "#NAME?";
      return;
    }
  }
  cell.value = v === null || v === undefined ? "" : (v as Value);
}

function formulaValue(formula: string): Value {
  const link = /^=HYPERLINK\("[^"]*","([^"]*)"\)$/i.exec(formula);
  return link ? link[1]! : "#CALC!";
}

function check2d(rect: Rect, v: unknown, what: string): unknown[][] {
  if (!Array.isArray(v) || v.length !== rows(rect) || v.some((r) => !Array.isArray(r) || r.length !== cols(rect))) {
    throw new FakeOfficeError("InvalidArgument", `${what}: the array does not match the range's ${rows(rect)}×${cols(rect)} cells`);
  }
  return v as unknown[][];
}

export class FakeRange extends Proxy<Rect> {
  private formatProxy: FakeRangeFormat | undefined;
  private validationProxy: FakeDataValidation | undefined;

  get address(): string {
    return this.read("address");
  }
  get rowIndex(): number {
    return this.read("rowIndex");
  }
  get columnIndex(): number {
    return this.read("columnIndex");
  }
  get rowCount(): number {
    return this.read("rowCount");
  }
  get columnCount(): number {
    return this.read("columnCount");
  }
  get values(): Value[][] {
    return this.read("values");
  }
  set values(v: Value[][]) {
    this.act(v, (rect) => {
      const grid = check2d(rect, v, "values");
      for (const [r, c] of cellsOf(rect)) storeValue(rect.sheet.ensure(r, c), grid[r - rect.r0]![c - rect.c0]);
    });
  }
  get numberFormat(): string[][] {
    return this.read("numberFormat");
  }
  set numberFormat(v: string[][]) {
    this.act(v, (rect) => {
      const grid = check2d(rect, v, "numberFormat");
      for (const [r, c] of cellsOf(rect)) rect.sheet.ensure(r, c).numberFormat = String(grid[r - rect.r0]![c - rect.c0]);
    });
  }
  get formulas(): string[][] {
    return this.read("formulas");
  }
  set formulas(v: string[][]) {
    this.act(v, (rect) => {
      const grid = check2d(rect, v, "formulas");
      for (const [r, c] of cellsOf(rect)) {
        const f = String(grid[r - rect.r0]![c - rect.c0]);
        const cell = rect.sheet.ensure(r, c);
        if (f.startsWith("=") && cell.numberFormat !== "@") {
          cell.formula = f;
          cell.value = formulaValue(f);
        } else storeValue(cell, f);
      }
    });
  }

  load(props?: string | string[]): this {
    this.loadProps(props, rangeProp, ["address", "rowIndex", "columnIndex", "rowCount", "columnCount", "values", "numberFormat"]);
    return this;
  }

  get format(): FakeRangeFormat {
    return (this.formatProxy ??= new FakeRangeFormat(this.context, () => this.model()));
  }

  get dataValidation(): FakeDataValidation {
    return (this.validationProxy ??= new FakeDataValidation(this.context, () => this.model()));
  }

  get conditionalFormats(): FakeConditionalFormatCollection {
    return new FakeConditionalFormatCollection(this.context, () => this.model());
  }

  private derive(f: (rect: Rect) => Rect): FakeRange {
    return new FakeRange(this.context, () => f(this.model()));
  }

  getCell(row: number, column: number): FakeRange {
    return this.derive((r) => ({ ...r, r0: r.r0 + row, c0: r.c0 + column, r1: r.r0 + row, c1: r.c0 + column }));
  }

  getResizedRange(deltaRows: number, deltaColumns: number): FakeRange {
    return this.derive((r) => {
      const out = { ...r, r1: r.r1 + deltaRows, c1: r.c1 + deltaColumns };
      if (out.r1 < out.r0 || out.c1 < out.c0 || out.r1 >= MAX_ROWS || out.c1 >= MAX_COLUMNS) throw new FakeOfficeError("InvalidArgument", "resized out of the sheet");
      return out;
    });
  }

  getEntireRow(): FakeRange {
    return this.derive((r) => ({ ...r, c0: 0, c1: MAX_COLUMNS - 1 }));
  }

  getEntireColumn(): FakeRange {
    return this.derive((r) => ({ ...r, r0: 0, r1: MAX_ROWS - 1 }));
  }

  getIntersection(other: FakeRange): FakeRange {
    return this.derive((r) => {
      const o = rectOf(other);
      const out = { sheet: r.sheet, r0: Math.max(r.r0, o.r0), c0: Math.max(r.c0, o.c0), r1: Math.min(r.r1, o.r1), c1: Math.min(r.c1, o.c1) };
      if (out.r0 > out.r1 || out.c0 > out.c1) throw new FakeOfficeError("InvalidArgument", "no intersection");
      return out;
    });
  }

  select(): void {
    this.act(undefined, (r) => (this.context.model.selection = { sheet: r.sheet.name, address: rectAddress(r, false) }));
  }

  clear(): void {
    this.act(undefined, clearRect);
  }
}

/** The block behind a range passed as an argument (resolved in order with the queued operations). */
function rectOf(range: FakeRange): Rect {
  return (range as unknown as { model(): Rect }).model();
}

function rangeProp(rect: Rect, p: string): unknown {
  const grid = <T>(f: (cell: CellModel | undefined) => T): T[][] => {
    if (rows(rect) * cols(rect) > 20_000_000) throw new FakeOfficeError("InvalidArgument", "range too large to load");
    return Array.from({ length: rows(rect) }, (_, i) => Array.from({ length: cols(rect) }, (_, j) => f(rect.sheet.cell(rect.r0 + i, rect.c0 + j))));
  };
  switch (p) {
    case "address":
      return rectAddress(rect);
    case "rowIndex":
      return rect.r0;
    case "columnIndex":
      return rect.c0;
    case "rowCount":
      return rows(rect);
    case "columnCount":
      return cols(rect);
    case "values":
      return grid((c) => c?.value ?? "");
    case "numberFormat":
      return grid((c) => c?.numberFormat ?? "General");
    case "formulas":
      return grid((c) => c?.formula ?? c?.value ?? "");
    default:
      throw new FakeOfficeError("InvalidArgument", `unknown range property ${p}`);
  }
}

class FakeRangeFormat extends Proxy<Rect> {
  private fillProxy: FakeRangeFill | undefined;
  private fontProxy: FakeRangeFont | undefined;

  get fill(): FakeRangeFill {
    return (this.fillProxy ??= new FakeRangeFill(this.context, () => this.model()));
  }
  get font(): FakeRangeFont {
    return (this.fontProxy ??= new FakeRangeFont(this.context, () => this.model()));
  }
  set columnWidth(points: number) {
    this.act({ points }, (r) => {
      for (let c = r.c0; c <= r.c1; c++) r.sheet.columnWidths.set(c, points);
    });
  }
  set wrapText(wrap: boolean) {
    this.act({ wrap }, (r) => {
      for (const [row, c] of cellsOf(r)) r.sheet.ensure(row, c).wrap = wrap;
    });
  }
}

class FakeRangeFill extends Proxy<Rect> {
  get color(): string {
    return this.read("color");
  }
  set color(color: string) {
    this.act({ color }, (r) => {
      for (const [row, c] of cellsOf(r)) r.sheet.ensure(row, c).fill = color.toUpperCase();
    });
  }
  get pattern(): string {
    return this.read("pattern");
  }
  clear(): void {
    this.act(undefined, (r) => {
      for (const [row, c] of cellsOf(r)) {
        const cell = r.sheet.cell(row, c);
        if (cell) cell.fill = null;
      }
    });
  }
  load(props?: string | string[]): this {
    this.loadProps(
      props,
      (r, p) => {
        const fills = new Set<string | null>();
        for (const [row, c] of cellsOf(r)) fills.add(r.sheet.cell(row, c)?.fill ?? null);
        const only = fills.size === 1 ? [...fills][0]! : undefined;
        if (p === "color") return only === undefined ? null : (only ?? "#FFFFFF");
        if (p === "pattern") return only === undefined ? null : only === null ? "None" : "Solid";
        throw new FakeOfficeError("InvalidArgument", `unknown fill property ${p}`);
      },
      ["color"],
    );
    return this;
  }
}

class FakeRangeFont extends Proxy<Rect> {
  set bold(bold: boolean) {
    this.act({ bold }, (r) => {
      for (const [row, c] of cellsOf(r)) r.sheet.ensure(row, c).bold = bold;
    });
  }
  set size(size: number) {
    this.act({ size }, (r) => {
      for (const [row, c] of cellsOf(r)) r.sheet.fontSizes.set(`${row},${c}`, size);
    });
  }
}

class FakeDataValidation extends Proxy<Rect> {
  private pending: { rule?: unknown; errorAlert?: unknown; ignoreBlanks?: boolean } = {};
  clear(): void {
    this.act(undefined, (r) => {
      const a = rectAddress(r, false);
      for (let i = r.sheet.validations.length - 1; i >= 0; i--) if (r.sheet.validations[i]!.address === a) r.sheet.validations.splice(i, 1);
    });
  }
  set rule(rule: unknown) {
    this.act(rule, (r) => this.upsert(r, { rule }));
  }
  set errorAlert(errorAlert: unknown) {
    this.act(errorAlert, (r) => this.upsert(r, { errorAlert }));
  }
  set ignoreBlanks(ignoreBlanks: boolean) {
    this.act({ ignoreBlanks }, (r) => this.upsert(r, { ignoreBlanks }));
  }
  private upsert(r: Rect, patch: Record<string, unknown>) {
    const address = rectAddress(r, false);
    let v = r.sheet.validations.find((x) => x.address === address);
    if (!v) {
      v = { address, rule: undefined };
      r.sheet.validations.push(v);
    }
    Object.assign(v, patch);
    this.pending = {};
  }
}

// ---------------------------------------------------------------------------------------------------------
// Notes, comments

class FakeNoteCollection extends Proxy<SheetModel> {
  add(cellAddress: string, content: string): FakeNote {
    this.act({ cellAddress, content }, (s) => {
      const a = cellAddress.toUpperCase();
      if (!/^[A-Z]+\d+$/.test(a)) throw new FakeOfficeError("InvalidCellAddress", `not a cell: ${cellAddress}`);
      if (s.notes.has(a)) throw new FakeOfficeError("InvalidArgument", `a note already exists at ${a}`);
      s.notes.set(a, content);
    });
    return new FakeNote(this.context, () => ({ sheet: this.model(), address: cellAddress.toUpperCase() }));
  }
  getItem(key: string): FakeNote {
    return new FakeNote(this.context, () => {
      const s = this.model();
      return s.notes.has(key.toUpperCase()) ? { sheet: s, address: key.toUpperCase() } : null;
    });
  }
  getItemOrNullObject(key: string): FakeNote {
    return new FakeNote(
      this.context,
      () => {
        const s = this.model();
        return s.notes.has(key.toUpperCase()) ? { sheet: s, address: key.toUpperCase() } : null;
      },
      true,
    );
  }
}

class FakeNote extends Proxy<{ sheet: SheetModel; address: string }> {
  get content(): string {
    return this.read("content");
  }
  set content(content: string) {
    this.act({ content }, (n) => n.sheet.notes.set(n.address, content));
  }
  load(props?: string | string[]): this {
    this.loadProps(props, (n, p) => (p === "content" ? n.sheet.notes.get(n.address) : undefined), ["content"]);
    return this;
  }
  delete(): void {
    this.act(undefined, (n) => n.sheet.notes.delete(n.address));
  }
}

class FakeCommentCollection extends Proxy<SheetModel> {
  private itemsList: FakeComment[] | undefined;
  get items(): FakeComment[] {
    if (!this.itemsList) throw new FakeOfficeError("PropertyNotLoaded", "items not loaded");
    return this.itemsList;
  }
  load(_props?: string | string[]): this {
    this.context.enqueueLoad(() => {
      const s = this.model();
      const data = s.comments.map((c) => ({ ...c }));
      return {
        bytes: bytesOf(data),
        deliver: () => {
          this.itemsList = data.map((d) => {
            const c = new FakeComment(this.context, () => s.comments.find((x) => x.id === d.id) ?? null);
            c.preload({ id: d.id, content: d.content });
            return c;
          });
        },
      };
    });
    return this;
  }
  add(cellAddress: string, content: string): FakeComment {
    const id = `comment-${nextId++}`;
    this.act({ cellAddress, content }, (s) => {
      if (s.comments.some((c) => c.address === cellAddress.toUpperCase())) throw new FakeOfficeError("InvalidArgument", "a comment exists there");
      s.comments.push({ id, address: cellAddress.toUpperCase(), content });
    });
    return new FakeComment(this.context, () => this.model().comments.find((c) => c.id === id) ?? null);
  }
}

class FakeComment extends Proxy<{ id: string; address: string; content: string }> {
  get id(): string {
    return this.read("id");
  }
  get content(): string {
    return this.read("content");
  }
  getLocation(): FakeRange {
    return new FakeRange(this.context, () => {
      const c = this.model();
      const sheet = this.context.model.sheets.find((s) => s.comments.includes(c))!;
      return parseRect(sheet, c.address);
    });
  }
  delete(): void {
    this.act(undefined, (c) => {
      for (const s of this.context.model.sheets) {
        const i = s.comments.indexOf(c);
        if (i >= 0) s.comments.splice(i, 1);
      }
    });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Custom XML parts, settings

type PartModel = { id: string; xml: string; namespace: string };

class FakeCustomXmlPartCollection extends Proxy<WorkbookModel> {
  constructor(context: FakeContext) {
    super(context, () => context.model);
  }
  add(xml: string): FakeCustomXmlPart {
    const id = `{part-${nextId++}}`;
    this.act(xml, (m) => {
      const ns = /xmlns="([^"]*)"/.exec(xml)?.[1] ?? "";
      m.xmlParts.push({ id, xml, namespace: ns });
    });
    return new FakeCustomXmlPart(this.context, () => this.context.model.xmlParts.find((p) => p.id === id) ?? null);
  }
  getByNamespace(namespace: string): FakeCustomXmlPartScoped {
    return new FakeCustomXmlPartScoped(this.context, () => this.context.model.xmlParts.filter((p) => p.namespace === namespace));
  }
}

class FakeCustomXmlPartScoped extends Proxy<PartModel[]> {
  private itemsList: FakeCustomXmlPart[] | undefined;
  get items(): FakeCustomXmlPart[] {
    if (!this.itemsList) throw new FakeOfficeError("PropertyNotLoaded", "items not loaded");
    return this.itemsList;
  }
  load(_props?: string | string[]): this {
    this.context.enqueueLoad(() => {
      const parts = [...this.model()];
      return {
        bytes: bytesOf(parts.map((p) => ({ id: p.id }))),
        deliver: () => {
          this.itemsList = parts.map((p) => new FakeCustomXmlPart(this.context, () => this.context.model.xmlParts.find((x) => x.id === p.id) ?? null));
        },
      };
    });
    return this;
  }
}

class FakeCustomXmlPart extends Proxy<PartModel> {
  getXml(): FakeClientResult<string> {
    const result = new FakeClientResult<string>();
    this.context.enqueueLoad(() => {
      const xml = this.model().xml;
      return { bytes: bytesOf(xml), deliver: () => result.set(xml) };
    });
    return result;
  }
  setXml(xml: string): void {
    this.act(xml, (p) => (p.xml = xml));
  }
  delete(): void {
    this.act(undefined, (p) => {
      const parts = this.context.model.xmlParts;
      parts.splice(parts.indexOf(p), 1);
    });
  }
}

class FakeSettingCollection extends Proxy<WorkbookModel> {
  constructor(context: FakeContext) {
    super(context, () => context.model);
  }
  add(key: string, value: unknown): FakeSetting {
    this.act({ key, value }, (m) => m.settings.set(key, JSON.parse(JSON.stringify(value))));
    return new FakeSetting(this.context, () => key);
  }
  getItemOrNullObject(key: string): FakeSetting {
    return new FakeSetting(this.context, () => (this.context.model.settings.has(key) ? key : null), true);
  }
}

class FakeSetting extends Proxy<string> {
  get value(): unknown {
    return this.read("value");
  }
  load(props?: string | string[]): this {
    this.loadProps(props, (key) => this.context.model.settings.get(key), ["value"]);
    return this;
  }
  delete(): void {
    this.act(undefined, (key) => this.context.model.settings.delete(key));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Tables

const TABLE_NAME = /^[A-Za-z_\\][A-Za-z0-9_.]{0,254}$/;

/** The workbook's tables (workbook.tables) or one sheet's (worksheet.tables). */
class FakeTableCollection extends Proxy<WorkbookModel> {
  private itemsList: FakeTable[] | undefined;

  constructor(
    context: FakeContext,
    private readonly sheet: (() => SheetModel) | null,
  ) {
    super(context, () => context.model);
  }

  private all(): TableModel[] {
    const tables = this.context.model.tables;
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
            const p = new FakeTable(this.context, () => (this.context.model.tables.includes(t) ? t : null));
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
        rect = parseRect(sheet, address);
      } else rect = rectOf(address);
      if (this.sheet && rect.sheet !== this.sheet()) throw new FakeOfficeError("InvalidArgument", "range on another sheet");
      if (!hasHeaders) throw new FakeOfficeError("InvalidArgument", "the fake makes tables with headers only");
      const tables = this.context.model.tables;
      // Excel adds an empty data row to a table made from a header alone.
      const model: TableModel = { name: `Table${nextId++}`, sheet: rect.sheet, r0: rect.r0, c0: rect.c0, r1: Math.max(rect.r1, rect.r0 + 1), c1: rect.c1, style: "TableStyleMedium2" };
      if (tables.some((t) => overlaps(t, model))) throw new FakeOfficeError("InvalidOperation", "a table cannot overlap another table");
      tables.push(model);
      created = model;
    });
    return new FakeTable(this.context, () => created);
  }
}

class FakeTableRowCollection extends Proxy<TableModel> {
  add(index?: number, values?: unknown[][]): void {
    this.act({ index, values }, (t) => {
      if (index !== undefined && index !== null) throw new FakeOfficeError("InvalidArgument", "the fake adds rows at the end only");
      const width = cols(t);
      const added = values ?? [Array.from({ length: width }, () => "")];
      if (added.some((r) => !Array.isArray(r) || r.length !== width)) throw new FakeOfficeError("InvalidArgument", "row values do not match the table's columns");
      if (added.some((r) => r.some((v) => v !== "" && v !== null))) throw new FakeOfficeError("InvalidArgument", "the fake adds blank rows only");
      // Excel shifts the cells below the table down; the fake wants them empty.
      for (const [r, c] of cellsOf({ ...t, r0: t.r1 + 1, r1: t.r1 + added.length })) {
        const cell = t.sheet.cell(r, c);
        if (cell && (cell.value !== "" || cell.formula)) throw new FakeOfficeError("InsertDeleteConflict", "cells below the table are not empty");
      }
      t.r1 += added.length;
    });
  }
}

export class FakeTable extends Proxy<TableModel> {
  readonly rows: FakeTableRowCollection;

  constructor(context: FakeContext, resolver: () => TableModel | null, orNull = false) {
    super(context, resolver, orNull);
    this.rows = new FakeTableRowCollection(context, () => this.model());
  }

  get name(): string {
    return this.read("name");
  }
  set name(name: string) {
    this.act({ name }, (t) => {
      if (!TABLE_NAME.test(name)) throw new FakeOfficeError("InvalidArgument", `bad table name ${name}`);
      if (this.context.model.tables.some((o) => o !== t && o.name.toLowerCase() === name.toLowerCase())) {
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
    return this.block((t) => ({ sheet: t.sheet, r0: t.r0, c0: t.c0, r1: t.r1, c1: t.c1 }));
  }
  getHeaderRowRange(): FakeRange {
    return this.block((t) => ({ sheet: t.sheet, r0: t.r0, c0: t.c0, r1: t.r0, c1: t.c1 }));
  }
  getDataBodyRange(): FakeRange {
    return this.block((t) => ({ sheet: t.sheet, r0: t.r0 + 1, c0: t.c0, r1: t.r1, c1: t.c1 }));
  }
  /** Excel's Table.delete removes the table and what it holds. */
  delete(): void {
    this.act(undefined, (t) => {
      const tables = this.context.model.tables;
      tables.splice(tables.indexOf(t), 1);
      clearRect(t);
    });
  }
  /** A range over part of the table, as it stands when the range is first used. */
  private block(part: (t: TableModel) => Rect): FakeRange {
    return new FakeRange(this.context, () => part(this.model()));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Charts

class FakeChartCollection extends Proxy<SheetModel> {
  private itemsList: FakeChart[] | undefined;

  get items(): FakeChart[] {
    if (!this.itemsList) throw new FakeOfficeError("PropertyNotLoaded", "items not loaded");
    return this.itemsList;
  }

  load(_props?: string | string[]): this {
    this.context.enqueueLoad(() => {
      const sheet = this.model();
      const charts = this.context.model.charts.filter((c) => c.sheet === sheet);
      return {
        bytes: bytesOf(charts.map((c) => ({ name: c.name }))),
        deliver: () => {
          this.itemsList = charts.map((c) => {
            const p = new FakeChart(this.context, () => (this.context.model.charts.includes(c) ? c : null));
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
      const columns = cols(source);
      const series = Array.from({ length: Math.max(1, columns - 1) }, (_, i) => {
        const c = columns === 1 ? source.c0 : source.c0 + 1 + i;
        return { name: "", values: rectAddress({ ...source, c0: c, c1: c }), xValues: columns === 1 ? null : rectAddress({ ...source, c1: source.c0 }) };
      });
      created = { name: `Chart ${nextId++}`, sheet, type, source, seriesBy, title: "", position: null, series };
      this.context.model.charts.push(created);
    });
    return new FakeChart(this.context, () => created);
  }

  getItemOrNullObject(name: string): FakeChart {
    return new FakeChart(this.context, () => this.context.model.charts.find((c) => c.sheet === this.model() && c.name === name) ?? null, true);
  }
}

class FakeChartSeriesCollection extends Proxy<ChartModel> {
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

class FakeChartSeries extends Proxy<ChartModel["series"][number]> {
  set name(name: string) {
    this.act({ name }, (s) => (s.name = name));
  }
  setValues(range: FakeRange): void {
    this.act(undefined, (s) => (s.values = rectAddress(rectOf(range))));
  }
  setXAxisValues(range: FakeRange): void {
    this.act(undefined, (s) => (s.xValues = rectAddress(rectOf(range))));
  }
}

export class FakeChart extends Proxy<ChartModel> {
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
    const text = (x: string | FakeRange) => (typeof x === "string" ? x : rectAddress(rectOf(x), false));
    this.act({ start: typeof start === "string" ? start : "range" }, (c) => (c.position = { start: text(start), ...(end ? { end: text(end) } : {}) }));
  }
  delete(): void {
    this.act(undefined, (c) => {
      const charts = this.context.model.charts;
      charts.splice(charts.indexOf(c), 1);
    });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Conditional formats

class FakeConditionalFormatCollection extends Proxy<Rect> {
  add(type: string): FakeConditionalFormat {
    let created: ConditionalFormatModel | null = null;
    this.act({ type }, (r) => {
      created = { sheet: r.sheet, address: rectAddress(r, false), type, rule: null, fill: null, fontColor: null };
      this.context.model.conditionalFormats.push(created);
    });
    return new FakeConditionalFormat(this.context, () => created);
  }
  /** Removes every format that overlaps the range. */
  clearAll(): void {
    this.act(undefined, (r) => {
      const formats = this.context.model.conditionalFormats;
      for (let i = formats.length - 1; i >= 0; i--) {
        const cf = formats[i]!;
        if (cf.sheet === r.sheet && overlaps(parseRect(r.sheet, cf.address), r)) formats.splice(i, 1);
      }
    });
  }
}

class FakeConditionalFormat extends Proxy<ConditionalFormatModel> {
  get textComparison() {
    return this.kind();
  }
  get cellValue() {
    return this.kind();
  }
  /** The rule and format of either kind the adapter writes (text comparison, cell value). */
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

// ---------------------------------------------------------------------------------------------------------

/** A fake Excel: the workbook's state, a context to run the adapter's functions on, and what reached it. */
export class FakeExcel {
  readonly model: WorkbookModel;
  readonly context: FakeContext;

  constructor(sheets: string[] = ["Sheet1"]) {
    this.model = new WorkbookModel(sheets);
    this.context = new FakeContext(this.model);
  }

  /** A fresh context over the same workbook (each Excel.run gets its own). */
  newContext(): FakeContext {
    return new FakeContext(this.model);
  }

  /** What a test gives the adapter. */
  asContext(): Excel.RequestContext {
    return this.context as unknown as Excel.RequestContext;
  }

  get syncs(): SyncRecord[] {
    return this.context.syncs;
  }

  /** Simulate the user typing or pasting: change the cells, then fire the sheet's change handlers. */
  async userEdit(sheetName: string, address: string, values: Value[][]): Promise<void> {
    const sheet = this.model.sheet(sheetName);
    const rect = parseRect(sheet, address);
    for (const [r, c] of cellsOf(rect)) storeValue(sheet.ensure(r, c), values[r - rect.r0]?.[c - rect.c0] ?? "");
    for (const h of sheet.handlers) await h({ address: rectAddress(rect, false), changeType: "RangeEdited", source: "Local", worksheetId: sheet.id, type: "WorksheetChanged" });
  }
}

/** The cells of a fake sheet as a grid (values), rows r0..r1 and columns c0..c1, 0-based inclusive. */
export function gridOf(sheet: SheetModel, r0: number, c0: number, r1: number, c1: number): Value[][] {
  return Array.from({ length: r1 - r0 + 1 }, (_, i) => Array.from({ length: c1 - c0 + 1 }, (_, j) => sheet.cell(r0 + i, c0 + j)?.value ?? ""));
}
