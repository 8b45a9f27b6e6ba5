// The environment an agent runs with: the server's, minus its secret and the names Paratrack sets itself, plus
// the track's variables and PARATRACK_TRACK/AGENT/URL/MODEL.

/** Set by Paratrack for each agent; never inherited from the server's own environment. */
const RESERVED_ENV = [
  "PARATRACK_TRACK",
  "PARATRACK_AGENT",
  "PARATRACK_URL",
  "PARATRACK_MODEL",
  "PARATRACK_RUN",
];

export type AgentEnvOptions = {
  trackKey: string;
  agentName: string;
  /** The track's variables (may carry a PARATRACK_TOKEN meant for the agent, e.g. a report-only one). */
  env: Record<string, string>;
  url?: string | null;
  model?: string | null;
  /** Keep the server's PARATRACK_TOKEN; default false: an agent must not get the lead's full token. */
  inheritToken?: boolean;
};

/** Builds the agent's environment from the server's (serverEnv) and the options. */
export function buildAgentEnv(
  options: AgentEnvOptions,
  serverEnv: Record<string, string | undefined>,
): Record<string, string | undefined> {
  const inherited: Record<string, string | undefined> = { ...serverEnv };
  for (const key of RESERVED_ENV) delete inherited[key];
  if (!options.inheritToken) delete inherited.PARATRACK_TOKEN;
  // The server's database URL (PostgreSQL's carries its password) is never an agent's, however it was started
  // (the dashboard server also drops it from its own environment; a headless run or a test need not).
  delete inherited.DATABASE_URL;
  const env: Record<string, string | undefined> = { ...inherited, ...options.env };
  for (const key of ["PARATRACK_TRACK", "PARATRACK_AGENT", "PARATRACK_URL", "PARATRACK_MODEL"])
    delete env[key];
  env.PARATRACK_TRACK = options.trackKey;
  env.PARATRACK_AGENT = options.agentName;
  if (options.url) env.PARATRACK_URL = options.url;
  if (options.model) env.PARATRACK_MODEL = options.model;
  return env;
}
