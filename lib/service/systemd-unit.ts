// A systemd unit that keeps the dashboard running (restarted when it crashes, started at boot), the way `pm2
// startup` does for Node apps, without breaking the promise that agents outlive the server. Pure text.
//
// The one line that matters: KillMode=process. Agents are the server's descendants, so they live in the
// service's control group, and systemd's default (control-group) kills every process in it when the service
// stops or restarts. With KillMode=process only the server gets the signal; it detaches (PARATRACK_ON_SHUTDOWN)
// and the next start re-attaches the agents.

export type ServiceUnitInput = {
  /** The checkout the server runs from (its WorkingDirectory). */
  workDir: string;
  /** Absolute path of node. */
  nodePath: string;
  /**
   * tsx's loader as a file URL, for `node --import` (as `npm start` runs server.ts): one process, so the stop
   * signal reaches the server itself (tsx's command line would relay it, and SIGKILL a server slow to confirm).
   */
  tsxLoaderUrl: string;
  /** Environment the server starts with: DATA_DIR, PORT, HOST … (secrets belong in environmentFile). */
  env: Readonly<Record<string, string>>;
  /** A file of KEY=value lines (e.g. PARATRACK_TOKEN), readable only by its owner; optional. */
  environmentFile: string | null;
  description: string;
};

/** Seconds systemd waits for the server to detach before it kills it (the server itself needs a few). */
const STOP_TIMEOUT_S = 30;

/** The unit file's text. */
export function formatServiceUnit(input: ServiceUnitInput): string {
  const env = { NODE_ENV: "production", PARATRACK_ON_SHUTDOWN: "detach", ...input.env };
  const lines = [
    "[Unit]",
    `Description=${escapeSpecifiers(input.description)}`,
    "After=network.target",
    "",
    "[Service]",
    "Type=simple",
    `WorkingDirectory=${escapeSpecifiers(input.workDir)}`,
    ...Object.entries(env).map(([key, value]) => `Environment=${quoteWord(`${key}=${value}`)}`),
    ...(input.environmentFile ? [`EnvironmentFile=${escapeSpecifiers(input.environmentFile)}`] : []),
    `ExecStart=${[input.nodePath, "--import", input.tsxLoaderUrl, `${input.workDir}/server.ts`].map(quoteExecArg).join(" ")}`,
    "Restart=on-failure",
    "RestartSec=5",
    "# Stop or restart signals the server alone: agents in this control group keep running and are",
    "# re-attached by the next start (systemd's default, control-group, would kill them all).",
    "KillMode=process",
    "KillSignal=SIGTERM",
    `TimeoutStopSec=${STOP_TIMEOUT_S}`,
    "",
    "[Install]",
    "WantedBy=default.target",
    "",
  ];
  return lines.join("\n");
}

/** `%` starts a specifier in almost every unit setting. */
function escapeSpecifiers(text: string): string {
  assertOneLine(text);
  return text.replaceAll("%", "%%");
}

/** A double-quoted word of a unit setting (Environment=): backslash and quote escaped, specifiers doubled. */
function quoteWord(text: string): string {
  return `"${escapeSpecifiers(text).replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

/** ExecStart also expands `$VAR`, so a literal dollar is doubled. */
function quoteExecArg(arg: string): string {
  return quoteWord(arg).replaceAll("$", "$$$$");
}

function assertOneLine(text: string): void {
  if (/[\n\r]/.test(text))
    throw new Error(`a unit setting cannot hold a line break: ${JSON.stringify(text)}`);
}
