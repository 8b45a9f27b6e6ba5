// What the engine needs to start agents: lib/agents' supervisor, passed in so tests and benchmarks can wrap it.
import type { AgentProcess, CreateAgentProcessOptions } from "../agents/supervisor";

export type { AgentExit, AgentProcess, SignalCheck } from "../agents/supervisor";

export type AgentLauncher = (options: CreateAgentProcessOptions) => Promise<AgentProcess>;
export type AgentMeasurer = (
  agents: readonly AgentProcess[],
) => Array<{ bytes: number; method: "pss" | "rss" | "mixed"; processes: number; pids: number[] }>;
