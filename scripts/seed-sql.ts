// Writes the reference data's seed (worker/db/seed.ts) as SQL for `wrangler d1 execute DB --file`:
//   tsx scripts/seed-sql.ts .wrangler/seed.sql
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { loadReferenceData } from "../shared/reference";
import { seedSql } from "../worker/db/seed";

const out = process.argv[2] ?? ".wrangler/seed.sql";
const ref = loadReferenceData();
await mkdir(dirname(out), { recursive: true });
await writeFile(out, `${seedSql(ref)}\n`);
console.error(
  `${out}: ${ref.actors.length} actors, ${ref.meetings.length} meetings, ${ref.recommendations.length} recommendations, ${ref.indicators.length} indicators`,
);
