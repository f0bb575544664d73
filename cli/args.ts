/** A small argument parser: positional words, --flag, and --option value / --option=value. */
export interface ParsedArgs {
  positional: string[];
  flags: Record<string, boolean>;
  options: Record<string, string | undefined>;
}

export function parseArgs(argv: readonly string[], spec: { flags?: string[]; options?: string[] }): ParsedArgs {
  const out: ParsedArgs = { positional: [], flags: {}, options: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (!arg.startsWith("--")) {
      out.positional.push(arg);
      continue;
    }
    const [name = "", inline] = arg.slice(2).split("=", 2);
    if (spec.flags?.includes(name)) out.flags[name] = true;
    else if (spec.options?.includes(name)) out.options[name] = inline ?? argv[++i];
    else throw new UsageError(`unknown option --${name}`);
  }
  return out;
}

export class UsageError extends Error {}
