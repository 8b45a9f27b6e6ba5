// Command-line flags of server.ts: which plan to start once the dashboard listens, and with what budget.
import { ConfigError } from "./config";
import { parsePositiveSize } from "./domain/units";

export type ServerArgs = {
  plan: string | null;
  demo: boolean;
  budgetBytes: number | null;
  /** --override <reason>: start the plan despite failed pre-flight checks (paratrack run --force --reason). */
  override?: string;
};

const USAGE = "expected --demo, --plan <file>, --budget <size> and --override <reason>";

export function parseServerArgs(argv: string[]): ServerArgs {
  const args: ServerArgs = { plan: null, demo: false, budgetBytes: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--demo") args.demo = true;
    else if (arg === "--plan") {
      const value = argv[++i];
      if (!value) throw new ConfigError("--plan needs a plan file path");
      args.plan = value;
    } else if (arg === "--budget") {
      const budget = parsePositiveSize(argv[++i] ?? "");
      if ("problem" in budget) throw new ConfigError(`--budget ${budget.problem}`);
      args.budgetBytes = budget.bytes;
    } else if (arg === "--override") {
      const value = (argv[++i] ?? "").trim();
      if (!value)
        throw new ConfigError("--override needs the reason to start despite failed pre-flight checks");
      args.override = value;
    } else throw new ConfigError(`unknown argument "${arg}" (${USAGE})`);
  }
  return args;
}
