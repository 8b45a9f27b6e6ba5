// `paratrack service`: prints a systemd user unit that keeps the dashboard running (restarted when it crashes,
// started at boot) while its agents outlive every stop and restart of it (KillMode=process: see systemd-unit.ts).
import { existsSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Command, Option } from "commander";
import { ConfigError, loadConfig } from "../../lib/config";
import { formatServiceUnit } from "../../lib/service/systemd-unit";
import { TSX_LOADER_PATH, TSX_LOADER_URL } from "./tsx-loader";

export type ServiceOptions = {
  dataDir?: string;
  port?: string;
  host?: string;
  env: string[];
  environmentFile?: string;
  /** The old name of environmentFile (Node 20 reads --env-file itself, anywhere on the command line). */
  envFile?: string;
  output?: string;
};

/** The checkout this CLI runs from: the unit starts server.ts from here. */
const REPO_ROOT = path.resolve(import.meta.dirname, "../..");

export function createServiceCommand(): Command {
  return (
    new Command("service")
      .description(
        "print a systemd user unit that restarts the dashboard when it crashes and starts it at boot; stopping or restarting it leaves the agents running",
      )
      .option("--data-dir <dir>", "the data directory (default $DATA_DIR, else ./data), made absolute")
      .option("--port <port>", "listen port (default $PORT, else 3000)")
      .option(
        "--host <address>",
        "listen address (default $HOST, else 127.0.0.1); beyond loopback needs --environment-file",
      )
      .addOption(
        new Option("--env <KEY=VALUE>", "another server variable, e.g. RAM_BUDGET=8GB (repeatable)")
          .argParser((value: string, list: string[]) => [...list, value])
          .default([]),
      )
      .option(
        "--environment-file <file>",
        "KEY=value lines for secrets (PARATRACK_TOKEN), the unit's EnvironmentFile; must be readable by you alone",
      )
      // The old name: Node 20 takes --env-file for itself wherever it stands (a missing file stops node before
      // Paratrack runs), so it is kept only for the commands that already use it.
      .addOption(new Option("--env-file <file>").hideHelp())
      .option("-o, --output <file>", "write the unit to this file instead of stdout")
      .action((options: ServiceOptions) => {
        process.exitCode = printServiceUnit(options, process.env, process.cwd());
      })
  );
}

/**
 * Builds the unit; returns the exit code: 0 written, 2 refused (with the reason on stderr). Every refusal is about
 * what it was given (flags, environment, the env file), so a usage error: this command finds nothing of its own.
 */
export function printServiceUnit(
  options: ServiceOptions,
  env: Record<string, string | undefined>,
  cwd: string,
  write: (text: string) => void = (text) => process.stdout.write(text),
): number {
  try {
    const unitEnv = serviceEnv(options, env, cwd);
    checkDataDir(unitEnv.DATA_DIR!);
    const given = options.environmentFile ?? options.envFile;
    const environmentFile = given ? checkEnvFile(path.resolve(cwd, given)) : null;
    // The server's own start-up checks, run now: a unit that could never start is refused here, not in a
    // restart loop. A token in the env file is taken on trust (it is not read).
    loadConfig({ ...unitEnv, ...(environmentFile ? { PARATRACK_TOKEN: "from the env file" } : {}) });
    if (!existsSync(TSX_LOADER_PATH))
      throw new ConfigError(`${TSX_LOADER_PATH} is missing: run npm ci first`);
    const unit = formatServiceUnit({
      workDir: REPO_ROOT,
      nodePath: process.execPath,
      tsxLoaderUrl: TSX_LOADER_URL,
      env: unitEnv,
      environmentFile,
      description: `Paratrack dashboard (${unitEnv.DATA_DIR})`,
    });
    if (options.output === undefined) write(unit);
    else writeFileSync(options.output, unit);
    console.error(installSteps(options.output));
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`paratrack service: ${error.message}`);
    return 2;
  }
}

/** DATA_DIR (absolute), PORT, HOST and the --env pairs. PARATRACK_TOKEN never goes in a unit file. */
function serviceEnv(
  options: ServiceOptions,
  env: Record<string, string | undefined>,
  cwd: string,
): Record<string, string> {
  const unitEnv: Record<string, string> = {
    DATA_DIR: path.resolve(cwd, options.dataDir ?? env.DATA_DIR ?? "data"),
    PORT: options.port ?? env.PORT ?? "3000",
  };
  const host = options.host ?? env.HOST;
  if (host !== undefined) unitEnv.HOST = host;
  for (const pair of options.env) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(pair);
    if (!match)
      throw new ConfigError(`--env ${JSON.stringify(pair)}: expected KEY=VALUE, e.g. RAM_BUDGET=8GB`);
    const [, key = "", value = ""] = match;
    if (key === "PARATRACK_TOKEN")
      throw new ConfigError(
        "--env PARATRACK_TOKEN=…: a unit file is readable by everyone; put the token in a file only you can read and pass --environment-file",
      );
    unitEnv[key] = value;
  }
  return unitEnv;
}

/**
 * The server creates its data directory (and the missing ones above it) at start: a file there, or a file where one
 * of those directories should be, stops every start.
 */
function checkDataDir(dir: string): void {
  for (let at = dir; ; at = path.dirname(at)) {
    if (existsSync(at)) {
      if (statSync(at).isDirectory()) return;
      throw new ConfigError(
        at === dir
          ? `data directory ${dir} is a file, not a directory`
          : `data directory ${dir} cannot be created: ${at} is a file, not a directory`,
      );
    }
    if (path.dirname(at) === at) return;
  }
}

/** The env file holds the token: it must exist and be closed to group and others. */
function checkEnvFile(file: string): string {
  if (!existsSync(file)) throw new ConfigError(`--environment-file ${file} does not exist`);
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0)
    throw new ConfigError(
      `--environment-file ${file} is readable by others (mode ${mode.toString(8)}): chmod 600 it, it holds the token`,
    );
  return file;
}

function installSteps(output: string | undefined): string {
  const unit = output ?? "~/.config/systemd/user/paratrack.service";
  return [
    output ? `Wrote ${output}.` : `Save it as ${unit} (e.g. paratrack service -o ${unit}).`,
    "Then: npm run build (once, and after each upgrade) and",
    "  systemctl --user daemon-reload && systemctl --user enable --now paratrack",
    "  loginctl enable-linger $USER   # keep it running when you log out",
    "An upgrade: git pull && npm ci && npm run build && systemctl --user restart paratrack (the agents keep running).",
  ].join("\n");
}
