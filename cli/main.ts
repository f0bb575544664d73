import { runCheck } from "./commands/check";
import { UsageError } from "./args";

const USAGE = `usage: npm run cli -- <command> …
  check FILE.xlsx [--json] [--lang fr|en] [--admin CODE] [--meeting ID]   check a workbook
`;

const commands: Record<string, (argv: string[]) => Promise<number>> = {
  check: runCheck,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(USAGE);
    return 2;
  }
  try {
    return await command(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));
