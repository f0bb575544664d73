// Write the add-in manifest for a deployed origin (the Worker that serves the pane and the API):
//
//   node scripts/write-manifest.mjs --origin https://omd-aoc.example.workers.dev [--out dist/manifest.xml]
//
// Every https://localhost:8787 URL of manifest.xml (pane, icons, commands, AppDomain, support) becomes the
// origin. The result goes to dist/ (never committed): give it to the Microsoft 365 admin centre
// (Integrated apps) or sideload it.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const LOCAL = "https://localhost:8787";
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return args[i].includes("=") ? args[i].slice(args[i].indexOf("=") + 1) : args[i + 1];
};

const fail = (message) => {
  console.error(message);
  process.exit(2);
};

const raw = option("origin");
if (!raw) fail("Usage: node scripts/write-manifest.mjs --origin https://your-worker.example [--out dist/manifest.xml]");
let origin;
try {
  origin = new URL(raw);
} catch {
  fail(`Not a URL: ${raw}`);
}
if (origin.protocol !== "https:") fail(`Office loads add-ins over HTTPS only: ${raw}`);
if (origin.pathname !== "/" || origin.search || origin.hash) fail(`Give the origin only (scheme, host, port), not a path: ${raw}`);

const source = readFileSync(resolve(root, "manifest.xml"), "utf8");
const manifest = source.split(LOCAL).join(origin.origin);
const out = resolve(root, option("out") ?? "dist/manifest.xml");
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, manifest);
console.log(`${out} written for ${origin.origin}`);
