// Build the task pane into dist/addin, which the Worker serves as static assets (same origin as the API).
//
//   node scripts/build-addin.mjs [--office-js=local|cdn] [--no-minify]
//
// office.js: `local` (default) serves the copy from @microsoft/office-js under /office/, so that tests and
// offline work need no network; `cdn` loads it from Microsoft's CDN, as Office requires of deployed add-ins
// (`npm run deploy` builds with it). OFFICE_JS=cdn in the environment does the same.
import { build } from "esbuild";
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist", "addin");
const args = process.argv.slice(2);
const flag = (name) => args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const officeJs = flag("office-js") ?? process.env.OFFICE_JS ?? "local";
const minify = !args.includes("--no-minify");
const OFFICE_CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

if (officeJs !== "local" && officeJs !== "cdn") {
  console.error(`--office-js must be local or cdn, not ${officeJs}`);
  process.exit(2);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const result = await build({
  absWorkingDir: root,
  entryPoints: { app: "addin/main.ts" },
  outdir: out,
  bundle: true,
  splitting: true, // exceljs (browser mode only) goes to its own chunk, loaded on demand
  format: "esm",
  platform: "browser",
  target: ["es2022", "chrome100", "safari15", "edge100"],
  chunkNames: "chunks/[name]-[hash]",
  minify,
  sourcemap: true,
  metafile: true,
  legalComments: "linked",
  logLevel: "warning",
});

cpSync(join(root, "addin", "pane", "pane.css"), join(out, "pane.css"));
cpSync(join(root, "addin", "assets"), join(out, "assets"), { recursive: true });

// A subset of office.js: the loader, Excel's host scripts, the strings of every locale, telemetry.
if (officeJs === "local") {
  const src = join(root, "node_modules", "@microsoft", "office-js", "dist");
  const dst = join(out, "office");
  mkdirSync(dst, { recursive: true });
  const otherHosts = /^(access|onenote|outlook|powerpoint|project|word|custom-functions|office-vsdoc)/;
  for (const name of readdirSync(src)) {
    const path = join(src, name);
    if (statSync(path).isDirectory()) {
      const strings = join(path, "office_strings.js");
      if (existsSync(strings)) {
        mkdirSync(join(dst, name), { recursive: true });
        cpSync(strings, join(dst, name, "office_strings.js"));
      } else if (["telemetry", "ariatelemetry", "agaveerrorux"].includes(name)) {
        cpSync(path, join(dst, name), { recursive: true, filter: (p) => !p.endsWith(".debug.js") });
      }
    } else if (name.endsWith(".js") && !name.endsWith(".debug.js") && !otherHosts.test(name)) {
      cpSync(path, join(dst, name));
    }
  }
}

const officeSrc = officeJs === "cdn" ? OFFICE_CDN : "office/office.js";
const head = `<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>OMD-AOC</title>
<script src="${officeSrc}"></script>`;
writeFileSync(
  join(out, "index.html"),
  `<!doctype html>
<html lang="fr">
<head>
${head}
<link rel="stylesheet" href="pane.css">
<link rel="icon" type="image/png" href="assets/icon-32.png">
<script type="module" src="app.js"></script>
</head>
<body>
<div id="app" class="app"><p class="loading">Chargement… / Loading…</p></div>
<noscript>Activez JavaScript pour utiliser ce volet. / Turn on JavaScript to use this pane.</noscript>
</body>
</html>
`,
);
// The ribbon's FunctionFile: the add-in has no function commands, but the manifest must name a page.
writeFileSync(join(out, "commands.html"), `<!doctype html>\n<html lang="fr">\n<head>\n${head}\n</head>\n<body></body>\n</html>\n`);
cpSync(join(root, "manifest.xml"), join(out, "manifest.xml"));

const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(`dist/addin built (office.js: ${officeJs}, ${Math.round(bytes / 1024)} kB of JavaScript)`);
