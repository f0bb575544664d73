import { UsageError } from "./args";
import { runCheck } from "./commands/check";
import { runPush } from "./commands/push";
import { runToken } from "./commands/token";

const USAGE = `usage: npm run cli -- <command> …
  check FILE.xlsx [--json] [--lang fr|en] [--admin CODE] [--meeting ID]
        check a workbook: exit 0 no errors, 1 errors, 2 unreadable
  push FILE.xlsx --server URL --token TOKEN [--dry-run] [--json] [--lang fr|en] [--admin CODE] [--meeting ID]
        check a workbook and send its valid records to the regional API
  token create --role administration|brrc|gtr|admin [--admin CODE] [--label TEXT] [--remote]
  token revoke ID [--remote]
  token list [--remote]
        manage API tokens in the local D1 that \`npm start\` uses (--remote: the deployed database)
`;

const commands: Record<string, (argv: string[]) => Promise<number>> = {
  check: runCheck,
  push: runPush,
  token: (argv) => runToken(argv),
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
