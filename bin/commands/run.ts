// `paratrack run <plan>`: the dashboard with the plan started (server.ts --plan), or with --headless the engine
// alone with progress in the terminal. Headless: exit 0 when every track completed, 1 otherwise. Dashboard: the
// server's exit code. Either way, stopped by Ctrl-C (or SIGTERM, SIGHUP): 128 + the signal's number, 130 for Ctrl-C.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { constants } from "node:os";
import path from "node:path";
import { Command } from "commander";
import { type Config, ConfigError, loadConfig } from "../../lib/config";
import { formatSummaryText } from "../../lib/domain/reporting/run-summary-text";
import { parsePositiveSize } from "../../lib/domain/units";
import { runHeadless } from "../../lib/engine/headless";
import { precheckPlanFile } from "../../lib/engine/plan-precheck";
import { onStopSignals, type StopSignal } from "../../lib/stop-signals";
import { TSX_LOADER_URL } from "./tsx-loader";

const REPO_ROOT = path.resolve(__dirname, "../..");

export type RunCommandOptions = {
  budget?: string;
  port?: string;
  headless?: boolean;
  json?: boolean;
  dataDir?: string;
  force?: boolean;
  reason?: string;
};

export type RunSettings = {
  planPath: string;
  /** --budget in bytes; null = the plan's ram.budget (or RAM_BUDGET when the plan says auto). */
  budgetBytes: number | null;
  /** The text given to --budget, passed on as RAM_BUDGET to the server. */
  budgetText: string | null;
  port: number | null;
  headless: boolean;
  json: boolean;
  dataDir: string | null;
  /** --force --reason: start despite failed pre-flight checks, for this reason (recorded). */
  override: string | null;
};

/** Checks run's flags; returns the settings or the usage error to print (exit 2). */
export function parseRunOptions(
  planPath: string,
  options: RunCommandOptions,
): RunSettings | { error: string } {
  let budgetBytes: number | null = null;
  if (options.budget !== undefined) {
    const budget = parsePositiveSize(options.budget);
    if ("problem" in budget) return { error: `--budget: ${budget.problem}` };
    budgetBytes = budget.bytes;
  }
  let port: number | null = null;
  if (options.port !== undefined) {
    port = Number(options.port);
    if (!/^\d+$/.test(options.port) || port > 65535)
      return { error: `--port: expected a port number from 0 to 65535, got "${options.port}"` };
  }
  if (options.json && !options.headless)
    return { error: "--json needs --headless (the dashboard shows the run instead)" };
  if (port !== null && options.headless)
    return { error: "--port is the dashboard's: --headless runs without a web server" };
  if (options.dataDir !== undefined && options.dataDir.trim() === "")
    return { error: "--data-dir: expected a directory" };
  const reason = options.reason?.trim() ?? "";
  if (options.force && reason === "")
    return {
      error:
        '--force needs --reason "<why>": the reason to start despite failed pre-flight checks is recorded',
    };
  if (!options.force && options.reason !== undefined) return { error: "--reason goes with --force" };
  return {
    planPath,
    budgetBytes,
    budgetText: options.budget ?? null,
    port,
    headless: options.headless === true,
    json: options.json === true,
    dataDir: options.dataDir ?? null,
    override: options.force ? reason : null,
  };
}

/** The environment the engine or server reads its configuration from, with run's flags applied. */
export function runEnvironment(
  settings: RunSettings,
  env: Record<string, string | undefined>,
): Record<string, string | undefined> {
  const out = { ...env };
  if (settings.port !== null) out.PORT = String(settings.port);
  if (settings.budgetText !== null) out.RAM_BUDGET = settings.budgetText;
  if (settings.dataDir !== null) {
    out.DATA_DIR = settings.dataDir;
    // The database follows --data-dir; a DATABASE_URL from the environment would point elsewhere.
    delete out.DATABASE_URL;
  }
  return out;
}

export function createRunCommand(): Command {
  return new Command("run")
    .description("run a plan: the dashboard with the plan started, or --headless in this terminal")
    .argument("<plan>", "plan file (YAML)")
    .option("--budget <size>", 'RAM budget for the agents, e.g. "8GB" (overrides the plan\'s ram.budget)')
    .option("--port <n>", "the dashboard's port (default PORT or 3000)")
    .option("--headless", "no web server: progress bars in the terminal, exit status from the run")
    .option("--json", "with --headless: print the run's summary as JSON on stdout (progress goes to stderr)")
    .option("--data-dir <dir>", "database and logs directory (default DATA_DIR or ./data)")
    .option("--force", "start even when pre-flight checks fail (see paratrack check); needs --reason")
    .option("--reason <text>", "with --force: why, recorded as an event")
    .action(async (planPath: string, options: RunCommandOptions) => {
      const settings = parseRunOptions(planPath, options);
      if ("error" in settings) {
        console.error(`paratrack run: ${settings.error}`);
        process.exitCode = 2;
        return;
      }
      let config: Config;
      try {
        config = loadConfig(runEnvironment(settings, process.env));
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        console.error(`paratrack: ${error.message}`);
        process.exitCode = 2;
        return;
      }
      const code = settings.headless
        ? await runHeadlessCommand(settings, config)
        : await runServer(settings, runEnvironment(settings, process.env));
      // Agents' timers and the database may keep the event loop alive a moment; the run is over.
      process.exit(code);
    });
}

/** A second stop signal this soon after the first is the same one passed on by a wrapper (npx, tsx), not a new one. */
export const RELAYED_SIGNAL_MS = 1_000;

/** The shell's exit codes for a process ended by a signal (128 + its number). */
const SIGNAL_EXIT: Record<StopSignal, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

async function runHeadlessCommand(settings: RunSettings, config: Config): Promise<number> {
  const progress = settings.json ? process.stderr : process.stdout;
  const live = progress.isTTY === true;
  const controller = new AbortController();
  let received: StopSignal | null = null;
  let receivedAt = 0;
  const onSignal = (signal: StopSignal) => {
    if (received !== null) {
      // npx and tsx pass the terminal's Ctrl-C on to this process, which the terminal signalled too: one press
      // arrives twice. Only a later one is the lead's second Ctrl-C.
      if (Date.now() - receivedAt < RELAYED_SIGNAL_MS) return;
      // A second Ctrl-C: give up waiting for the agents to stop (they got SIGTERM already).
      if (live) progress.write("\x1b[?25h\n");
      process.exit(SIGNAL_EXIT[signal]);
    }
    received = signal;
    receivedAt = Date.now();
    controller.abort(signal);
  };
  // SIGHUP (the terminal closed) too: the run's agents end with it, as on Ctrl-C.
  onStopSignals(onSignal);
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const result = await runHeadless({
    planPath: settings.planPath,
    budgetBytes: settings.budgetBytes,
    override: settings.override,
    config,
    progress,
    errors: process.stderr,
    live,
    colour: live && !process.env.NO_COLOR,
    logFile: path.join(config.dataDir, "logs", `headless-${stamp}.log`),
    signal: controller.signal,
  });
  if (result.summary) {
    if (settings.json) await write(process.stdout, `${JSON.stringify(result.summary, null, 2)}\n`);
    else await write(progress, `${formatSummaryText(result.summary).join("\n")}\n`);
  }
  if (result.exitCode === 130 && received !== null) return SIGNAL_EXIT[received];
  return result.exitCode;
}

function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve) => stream.write(text, () => resolve()));
}

/** The Next.js production build the server needs, per NEXT_DIST_DIR like next.config.js. */
export function nextBuildDir(env: Record<string, string | undefined>): string {
  return path.resolve(REPO_ROOT, env.NEXT_DIST_DIR || ".next");
}

/** `node --import tsx server.ts --plan <file>` in production mode; forwards Ctrl-C; exit code: serverRunExitCode. */
async function runServer(settings: RunSettings, env: Record<string, string | undefined>): Promise<number> {
  // The server would only log a plan it cannot start and serve an empty dashboard: refuse it here, as --headless does.
  const precheck = precheckPlanFile(settings.planPath, (line) => console.error(line));
  if (!precheck.ok) return precheck.exitCode;
  const buildDir = nextBuildDir(env);
  if (!existsSync(path.join(buildDir, "BUILD_ID"))) {
    console.error(
      `paratrack run: no production build in ${buildDir}; run \`npm run build\` first, or use --headless to run without the dashboard`,
    );
    return 2;
  }
  const planPath = path.resolve(settings.planPath);
  // One process (no tsx parent that SIGKILLs a server slow to confirm Ctrl-C; see tsx-loader.ts).
  const child = spawn(
    process.execPath,
    [
      "--import",
      TSX_LOADER_URL,
      path.join(REPO_ROOT, "server.ts"),
      "--plan",
      planPath,
      ...(settings.budgetText ? ["--budget", settings.budgetText] : []),
      ...(settings.override !== null ? ["--override", settings.override] : []),
    ],
    { stdio: "inherit", env: { ...env, NODE_ENV: "production" } },
  );
  // The server shuts down gracefully on SIGINT/SIGTERM; this process waits for it rather than dying first.
  let received: StopSignal | null = null;
  onStopSignals((signal) => {
    received ??= signal;
    child.kill(signal);
  });
  return new Promise((resolve) => {
    child.on("error", (error) => {
      console.error(`paratrack run: could not start the server: ${error.message}`);
      resolve(2);
    });
    child.on("exit", (code, signal) => resolve(serverRunExitCode(code, signal, received)));
  });
}

/**
 * run's exit code once the server has ended. The server exits 0 after a clean shutdown (systemd's "stopped", not
 * "failed"), but to a shell a run the lead stopped with Ctrl-C is interrupted, not done: 128 + the signal, as
 * --headless gives. A failed shutdown keeps the server's own code; a server killed by a signal gives 128 + its number.
 */
export function serverRunExitCode(
  code: number | null,
  signal: NodeJS.Signals | null,
  received: StopSignal | null,
): number {
  if (code === null) return 128 + (signal ? constants.signals[signal] : constants.signals.SIGTERM);
  if (code === 0 && received !== null) return SIGNAL_EXIT[received];
  return code;
}
