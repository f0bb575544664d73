import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { OfficeAddinManifest } from "office-addin-manifest";
import { describe, expect, it } from "vitest";

/**
 * The manifest, checked offline: Microsoft's parser (office-addin-manifest; its `validate` needs a network
 * service and runs as `npm run manifest:validate`), then our own rules: every resid resolves to a resource
 * of the right kind, every URL is HTTPS, the icons exist at their sizes, and French overrides every string.
 */
const root = resolve(import.meta.dirname, "..");
const MANIFEST = join(root, "manifest.xml");
const LOCAL = "https://localhost:8787";

function parse(path: string): Document {
  const doc = new DOMParser().parseFromString(readFileSync(path, "utf8"), "application/xml");
  expect(doc.getElementsByTagName("parsererror")).toHaveLength(0);
  return doc;
}

const all = (doc: Document, tag: string) => [...doc.getElementsByTagName(tag)];

/** Which resource collection each resid-bearing element must point into. */
function expectedKind(el: Element): string {
  const tag = el.nodeName;
  if (tag === "bt:Image") return "bt:Images";
  if (["SourceLocation", "FunctionFile", "LearnMoreUrl"].includes(tag)) return "bt:Urls";
  if (tag === "Label" || tag === "Title") return "bt:ShortStrings";
  if (tag === "Description") return "bt:LongStrings";
  throw new Error(`unexpected resid on ${tag}`);
}

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(path: string): [number, number] {
  const bytes = readFileSync(path);
  expect(bytes.subarray(1, 4).toString("ascii")).toBe("PNG");
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

function urls(doc: Document): string[] {
  const out = all(doc, "AppDomain").map((e) => e.textContent!.trim());
  for (const tag of ["IconUrl", "HighResolutionIconUrl", "SupportUrl", "SourceLocation", "bt:Image", "bt:Url"]) {
    for (const el of all(doc, tag)) {
      const v = el.getAttribute("DefaultValue");
      if (v) out.push(v);
    }
  }
  return out;
}

function checkManifest(path: string, origin: string) {
  const doc = parse(path);
  // Every resid resolves, in the collection its element needs.
  const resources = new Map<string, string>();
  for (const kind of ["bt:Images", "bt:Urls", "bt:ShortStrings", "bt:LongStrings"]) {
    for (const container of all(doc, kind)) for (const item of [...container.children]) resources.set(item.getAttribute("id")!, kind);
  }
  const residElements = all(doc, "*").filter((e) => e.hasAttribute("resid"));
  expect(residElements.length).toBeGreaterThan(10);
  for (const el of residElements) expect(resources.get(el.getAttribute("resid")!), `${el.nodeName} resid=${el.getAttribute("resid")}`).toBe(expectedKind(el));
  // And every resource is used.
  const used = new Set(residElements.map((e) => e.getAttribute("resid")));
  expect([...resources.keys()].filter((id) => !used.has(id))).toEqual([]);

  // Every URL is HTTPS, on the pane's origin.
  const found = urls(doc);
  expect(found.length).toBeGreaterThan(8);
  for (const url of found) {
    expect(url.startsWith("https://") || /^http:\/\/localhost[:/]/.test(url), url).toBe(true);
    expect(new URL(url).origin, url).toBe(origin);
  }

  // The icons exist, at the size the manifest says.
  for (const image of all(doc, "bt:Images").flatMap((c) => [...c.children])) {
    const id = image.getAttribute("id")!;
    const file = join(root, "addin", "assets", new URL(image.getAttribute("DefaultValue")!).pathname.replace(/^\/assets\//, ""));
    expect(existsSync(file), file).toBe(true);
    const size = Number(/(\d+)x\1$/.exec(id)?.[1]);
    const usedAs = residElements.find((e) => e.getAttribute("resid") === id)?.getAttribute("size");
    expect(pngSize(file)).toEqual([size, size]);
    expect(usedAs).toBe(String(size));
  }
  for (const tag of ["IconUrl", "HighResolutionIconUrl"]) {
    const url = new URL(all(doc, tag)[0]!.getAttribute("DefaultValue")!);
    expect(existsSync(join(root, "addin", url.pathname))).toBe(true);
  }

  // English by default, French for every string the user sees.
  expect(all(doc, "DefaultLocale")[0]?.textContent).toBe("en-US");
  for (const el of [...all(doc, "DisplayName"), ...all(doc, "Description").filter((d) => d.hasAttribute("DefaultValue")), ...all(doc, "bt:String")]) {
    const fr = [...el.children].find((c) => c.getAttribute("Locale") === "fr-FR");
    expect(fr?.getAttribute("Value"), `${el.nodeName} ${el.getAttribute("id") ?? ""}`).toBeTruthy();
  }
  return doc;
}

describe("manifest.xml", () => {
  it("parses with office-addin-manifest: an Excel task pane with the least permission that works", async () => {
    const info = await OfficeAddinManifest.readManifestFile(MANIFEST);
    expect(info.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(info.officeAppType).toBe("TaskPaneApp");
    expect(info.hosts).toEqual(["Workbook"]);
    expect(info.permissions).toBe("ReadWriteDocument");
    expect(info.defaultLocale).toBe("en-US");
    expect(info.defaultSettings?.sourceLocation).toBe(`${LOCAL}/`);
    expect(info.appDomains).toEqual([LOCAL]);
  });

  it("has a ribbon button (VersionOverrides) that opens the pane, and asks for ExcelApi 1.7", () => {
    const doc = checkManifest(MANIFEST, LOCAL);
    const overrides = all(doc, "VersionOverrides")[0]!;
    expect(overrides.getAttribute("xsi:type")).toBe("VersionOverridesV1_0");
    const action = all(doc, "Action")[0]!;
    expect(action.getAttribute("xsi:type")).toBe("ShowTaskpane");
    expect(all(doc, "OfficeTab")[0]?.getAttribute("id")).toBe("TabHome");
    const sets = all(doc, "Set").map((s) => [s.getAttribute("Name"), s.getAttribute("MinVersion")]);
    expect(sets).toEqual([["ExcelApi", "1.7"]]);
  });

  it("is rewritten for a deployed origin by scripts/write-manifest.mjs", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "manifest-")), "manifest.xml");
    execFileSync(process.execPath, [join(root, "scripts", "write-manifest.mjs"), "--origin", "https://omd-aoc.example.org", "--out", out]);
    checkManifest(out, "https://omd-aoc.example.org");
    const info = await OfficeAddinManifest.readManifestFile(out);
    expect(info.defaultSettings?.sourceLocation).toBe("https://omd-aoc.example.org/");
    expect(() => execFileSync(process.execPath, [join(root, "scripts", "write-manifest.mjs"), "--origin", "http://insecure.example.org", "--out", out], { stdio: "pipe" })).toThrow();
  });
});
