// `npm start`: the whole product on this machine. Builds the add-in, applies the migrations to the local D1,
// seeds it, makes one local token per role (the same ones at every restart), starts `wrangler dev` (API and
// task pane from one origin) and prints the URL and the tokens. Safe to run again: every step is idempotent.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const PORT = process.env.PORT ?? "8787";
const wrangler = join(dirname(createRequire(import.meta.url).resolve("wrangler/package.json")), "bin", "wrangler.js");

function run(label, command, args, { capture = false } = {}) {
  process.stderr.write(`» ${label}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ["ignore", capture ? "pipe" : "inherit", "inherit"],
      env: { ...process.env, CI: process.env.CI ?? "1" },
    });
    let out = "";
    if (capture) child.stdout.on("data", (d) => (out += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`${label} failed (exit ${code})`))));
  });
}

const node = (label, args, options) => run(label, process.execPath, args, options);
const tsx = (label, script, options) => node(label, ["--import", "tsx", "--input-type=module", "-e", script], options);

try {
  await run("build the add-in", process.platform === "win32" ? "npm.cmd" : "npm", ["run", "build:addin"]);
  await node("apply the migrations to the local D1", [wrangler, "d1", "migrations", "apply", "DB", "--local"]);
  await node("write the seed", ["--import", "tsx", "scripts/seed-sql.ts", ".wrangler/seed.sql"]);
  await node("seed the local D1", [wrangler, "d1", "execute", "DB", "--local", "--file", ".wrangler/seed.sql"]);
  const tokens = JSON.parse(
    (
      await tsx(
        "local tokens",
        "import { runToken } from './cli/commands/token.ts'; process.exitCode = await runToken(['dev']);",
        { capture: true },
      )
    ).trim(),
  );

  const url = `http://localhost:${PORT}`;
  const dev = spawn(process.execPath, [wrangler, "dev", "--local", "--port", PORT], { stdio: ["inherit", "pipe", "inherit"] });
  let announced = false;
  dev.stdout.on("data", (chunk) => {
    process.stdout.write(chunk);
    if (!announced && /Ready on/i.test(chunk.toString())) {
      announced = true;
      console.log(
        [
          "",
          `  API        ${url}/v1/   (OpenAPI: ${url}/openapi.json)`,
          `  Task pane  ${url}/`,
          "  Local tokens (Authorization: Bearer …):",
          ...Object.entries(tokens).map(([name, token]) => `    ${name.padEnd(6)} ${token}`),
          `  e.g. npm run cli -- push ../shared/fixtures/suivi-recommandations-civ-2021.xlsx --server ${url} --token ${tokens.CI}`,
          "",
        ].join("\n"),
      );
    }
  });
  const stop = () => dev.kill("SIGINT");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  dev.on("close", (code) => process.exit(code ?? 0));
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
