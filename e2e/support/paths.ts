import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root, and the sample workbooks beside it (../shared/fixtures, locally and in CI). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const fixturesDir = resolve(repoRoot, "../shared/fixtures");
export const fixture = (name: string) => resolve(fixturesDir, name);
