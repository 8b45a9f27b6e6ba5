// Command-line flags of server.ts: which plan to start once the dashboard listens.

import { ConfigError } from "./config";

export type ServerArgs = { plan: string | null; demo: boolean };

export function parseServerArgs(argv: string[]): ServerArgs {
  const args: ServerArgs = { plan: null, demo: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--demo") args.demo = true;
    else if (arg === "--plan") {
      const value = argv[++i];
      if (!value) throw new ConfigError("--plan needs a plan file path");
      args.plan = value;
    } else throw new ConfigError(`unknown argument "${arg}" (expected --demo or --plan <file>)`);
  }
  return args;
}
