// The one place the engine is put together from its real parts (SQLite or PostgreSQL, /proc and
// systeminformation, real agent processes): used by the server, the headless CLI and the tests' real engine.
// Each part can be swapped (tests wrap the launcher, the CLI drives the clock).
import type { Logger } from "pino";
import { adoptAgentProcess } from "../agents/adopt";
import { createAgentProcess, measureAgents } from "../agents/supervisor";
import type { Config } from "../config";
import { getDb } from "../db/client";
import type { PrismaClient } from "../db/generated/client";
import { readMachineMemory } from "../monitor/system-memory";
import type { AgentAdopter, AgentLauncher, AgentMeasurer } from "./agent-port";
import type { Emitter } from "./emitter";
import { createEngine, type Engine, type EngineDeps } from "./engine";
import { createSlurmExecutor, type SlurmExecutor } from "./executors/slurm-executor";

export type AssembleOptions = {
  config: Config;
  emitter: Emitter;
  logger: Logger;
  /** Default: the process's client for config.databaseUrl (for PostgreSQL, await prepareDatabase() first). */
  db?: PrismaClient;
  /** Default: real agent processes (lib/agents' supervisor). */
  launch?: AgentLauncher;
  /** Default: lib/agents' adoption of a recorded agent after a restart. */
  adopt?: AgentAdopter;
  /** Default: one /proc scan for all agents. */
  measure?: AgentMeasurer;
  /** Default: systeminformation, the cgroup and PSI. */
  readMemory?: EngineDeps["readMemory"];
  now?: () => number;
  /** How often the model server (OLLAMA_HOST) is asked what it has loaded; default 5 s. */
  modelPollMs?: number;
  /** Default: Slurm's CLI on SLURM_CONF, used only by tracks with `executor: slurm` (null: none). */
  slurm?: SlurmExecutor | null;
};

export function assembleEngine(options: AssembleOptions): Engine {
  return createEngine({
    config: options.config,
    db: options.db ?? getDb(options.config.databaseUrl),
    emitter: options.emitter,
    logger: options.logger,
    launch: options.launch ?? createAgentProcess,
    adopt: options.adopt ?? adoptAgentProcess,
    measure: options.measure ?? ((agents) => measureAgents(agents)),
    readMemory: options.readMemory ?? readMachineMemory,
    ...(options.now ? { now: options.now } : {}),
    ...(options.modelPollMs ? { modelPollMs: options.modelPollMs } : {}),
    // Issue 16: inert until a track asks for Slurm; its jobs' files go to the data directory.
    slurm:
      options.slurm !== undefined
        ? options.slurm
        : createSlurmExecutor({ dataDir: options.config.dataDir, logger: options.logger }),
  });
}
