// HTTPS for sideloading the pane in desktop Excel, which only loads add-ins over trusted HTTPS.
//
//   node scripts/dev-certs.mjs install   trust a localhost certificate (office-addin-dev-certs; asks for your
//                                        password or confirmation once, on Windows and macOS)
//   node scripts/dev-certs.mjs serve     build the pane and serve pane + API on https://localhost:8787 with it
//   node scripts/dev-certs.mjs paths     print where the certificate and key are
//
// `npm start` serves plain http://localhost:8787, which is enough for the browser mode and Excel on the web
// with a tunnel; desktop Excel needs `serve`.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
// Where office-addin-dev-certs puts them (its defaults).
const dir = join(homedir(), ".office-addin-dev-certs");
const cert = join(dir, "localhost.crt");
const key = join(dir, "localhost.key");
const bin = (name) => join(root, "node_modules", ".bin", process.platform === "win32" ? `${name}.cmd` : name);
const run = (command, args) => {
  const r = spawnSync(command, args, { cwd: root, stdio: "inherit", shell: process.platform === "win32" });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

const command = process.argv[2] ?? "paths";
if (command === "install") {
  run(bin("office-addin-dev-certs"), ["install"]);
  console.log(`\nCertificate: ${cert}\nKey:         ${key}\nNext: node scripts/dev-certs.mjs serve`);
} else if (command === "serve") {
  if (!existsSync(cert) || !existsSync(key)) {
    console.error(`No localhost certificate in ${dir}: run "node scripts/dev-certs.mjs install" first.`);
    process.exit(2);
  }
  run(process.execPath, [join(root, "scripts", "build-addin.mjs")]);
  run(bin("wrangler"), ["d1", "migrations", "apply", "DB", "--local"]);
  run(bin("wrangler"), ["dev", "--port", "8787", "--local-protocol", "https", "--https-key-path", key, "--https-cert-path", cert]);
} else if (command === "paths") {
  console.log(`Certificate: ${cert}${existsSync(cert) ? "" : " (missing: run install)"}\nKey:         ${key}`);
} else {
  console.error(`Unknown command ${command}: use install, serve or paths.`);
  process.exit(2);
}
