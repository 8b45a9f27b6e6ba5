// What the engine needs to start agents: lib/agents' supervisor, passed in so tests and benchmarks can wrap it.
import type { AdoptOptions, AdoptResult, AgentRecord } from "../agents/adopt";
import type { AgentProcess, CreateAgentProcessOptions } from "../agents/supervisor";

export type { AgentExit, AgentProcess, SignalCheck } from "../agents/supervisor";

export type AgentLauncher = (options: CreateAgentProcessOptions) => Promise<AgentProcess>;
export type AgentMeasurer = (
  agents: readonly AgentProcess[],
) => Array<{ bytes: number; method: "pss" | "rss" | "mixed"; processes: number; pids: number[] }>;

/** Finds a recorded agent again after a restart (lib/agents/adopt.ts), passed in so tests can fake it. */
export type AgentAdopter = (record: AgentRecord, options: AdoptOptions) => Promise<AdoptResult>;
