// Several dashboards on one run: every server on a PostgreSQL database tries to own its engine (an advisory lock,
// lib/engine/roles/ownership.ts); the one that gets it runs the engine, the others become viewers that serve pages and
// the read API from the database and hand the lead's actions to the owner over Socket.IO's PostgreSQL adapter
// (serverSideEmit "lead:action"). The owner's pushes reach the browsers of every server through the same adapter.
//
// When the owner's lock is lost (its connection to PostgreSQL ended: the database restarted, the network failed), the
// engine keeps running — its governor still protects this machine — and claims the lock again every few seconds.
// Its writes wait meanwhile (the write-behind queue, fenced: nothing is written while the lock is not held, and the
// queue only once the lock is confirmed on its own connection). Held again: the waiting writes are made. Taken by
// another engine meanwhile: the run and its agents are the other's now (it re-attaches agents on its machine), so
// this one drops its waiting writes, writes and pushes nothing more, leaves the agents running (detached, never
// ended) and becomes a viewer of the other's run.
import type { Logger } from "pino";
import type { Config } from "../../config";
import { isPostgresUrl } from "../../db/client";
import { findPostgresOwner } from "../../db/postgres-owner-lock";
import type { GovernorView } from "../../domain/views";
import type { RealtimeServer } from "../../realtime/server";
import { socketEmitter } from "../../realtime/server";
import type { Emitter } from "../emitter";
import type { Engine } from "../engine";
import { EngineError } from "../errors";
import { registerEngine } from "../registry";
import { joinCommandChannel } from "./command-channel";
import { carryOutLeadCommand } from "./lead-commands";
import { isDatabaseOwned } from "./ownership";
import { createViewerEngine, type ViewerEngine } from "./viewer-engine";

export type Role = "owner" | "viewer";

export type EngineRole = {
  role(): Role;
  /** The engine route handlers use (also registered in lib/engine/registry). */
  engine(): Engine;
  /** Stops this server's engine (a viewer's has no agents); answers how many agents were ended or left running. */
  stop(options?: Parameters<Engine["stop"]>[0]): Promise<number>;
};

export type EngineRoleOptions = {
  config: Config;
  io: RealtimeServer;
  logger: Logger;
  /** Builds an engine (not started) that pushes through `emitter`. */
  build: (emitter: Emitter) => Engine;
  /** Whether io reaches the other servers (the PostgreSQL adapter is attached): only then can a server be a viewer. */
  crossServer: boolean;
  /** How often a lost lock is claimed again; default 2 s. */
  reclaimEveryMs?: number;
  /** Told when the role changes after the start (lost to another engine). */
  onRoleChange?: (role: Role, engine: Engine) => void;
};

const GOVERNOR_RESEND_MS = 5_000;

/** Starts this server's engine as the owner, or as a viewer when another engine owns the database. */
export async function startEngineRole(options: EngineRoleOptions): Promise<EngineRole> {
  const { io, logger } = options;
  let role: Role = "owner";
  let current: Engine;
  let reclaimTimer: NodeJS.Timeout | null = null;
  let stopped = false;

  // The owner's governor view goes to the viewers when it changes (and every few seconds, for viewers that join).
  let lastGovernor = "";
  let lastGovernorAt = 0;
  // An engine that lost the database to another pushes nothing more (what it would say contradicts the other's run).
  let lostToAnother = false;
  const ownerEmitter = (): Emitter => {
    const base = socketEmitter(io);
    if (!options.crossServer) return base;
    // Built before the loss (the old owner's engine): muted from then on; built after (the viewer's): never.
    const muted = lostToAnother ? () => false : () => lostToAnother;
    return {
      emitTo: (room) => ({
        emit: (event, ...args) => {
          if (!muted()) base.emitTo(room).emit(event, ...args);
        },
      }),
      emit(event, ...args) {
        if (muted()) return;
        base.emit(event, ...args);
        if (event !== "governor:updated" || role !== "owner") return;
        const text = JSON.stringify(args[0]);
        if (text === lastGovernor && Date.now() - lastGovernorAt < GOVERNOR_RESEND_MS) return;
        lastGovernor = text;
        lastGovernorAt = Date.now();
        io.serverSideEmit("engine:governor", args[0]);
      },
    };
  };

  const becomeViewer = (idle: Engine): ViewerEngine => {
    role = "viewer";
    const viewer = createViewerEngine(idle, (command) => channel.forward(command));
    current = viewer;
    registerEngine(viewer);
    return viewer;
  };

  /** The database is another engine's: nothing more is written or pushed, the agents are left, a viewer follows. */
  const yieldTo = async (owner: Engine, claimError: Error) => {
    lostToAnother = true;
    role = "viewer"; // from now on the other servers' actions are the other engine's to carry out
    const dropped = owner.writes.discard();
    logger.error(
      { err: claimError, droppedWrites: dropped },
      `another engine took the database while this one's lock was lost: ${dropped} waiting write(s) dropped (the run ` +
        "is the other engine's now); the agents are left running (detached, never ended) and this server becomes a viewer",
    );
    await owner
      .stop({ agents: "detach", reason: "another engine took the database" })
      .catch((stopError: unknown) => logger.error({ err: stopError }, "stopping failed"));
    const viewer = becomeViewer(options.build(ownerEmitter()));
    options.onRoleChange?.("viewer", viewer);
  };

  const watchOwnership = (owner: Engine) => {
    if (owner.ownership.kind !== "postgresql") return;
    // While the lock is not held nothing is written; the queue is written only once the lock is confirmed held.
    owner.writes.fence({ isOwner: () => owner.ownership.isHeld(), confirm: () => owner.ownership.confirm() });
    owner.ownership.onLost((error) => {
      if (stopped || current !== owner) return;
      logger.error(
        { err: error, waitingWrites: owner.writes.pending() },
        "lost the database's owner lock: claiming it again; the engine goes on and its writes wait",
      );
      const reclaim = async () => {
        reclaimTimer = null;
        if (stopped || current !== owner) return;
        try {
          await owner.ownership.claim();
          logger.warn(
            { waitingWrites: owner.writes.pending() },
            "the database's owner lock is held again: this server still runs the engine; the waiting writes are made",
          );
          void owner.writes.flush();
        } catch (claimError) {
          if (!isDatabaseOwned(claimError)) {
            // Still unreachable: the engine goes on; try again.
            reclaimTimer = setTimeout(() => void reclaim(), options.reclaimEveryMs ?? 2_000);
            return;
          }
          await yieldTo(owner, claimError);
        }
      };
      void reclaim();
    });
  };

  // Every server answers forwarded commands (serverSideEmit waits for each); only the owner carries them out.
  const channel = options.crossServer
    ? joinCommandChannel(
        io,
        () => (role === "owner" ? (command) => carryOutLeadCommand(current, command) : null),
        {
          findOwner: async () =>
            (await findPostgresOwner(options.config.databaseUrl, { connectTimeoutSeconds: 2 }))?.name ?? null,
        },
      )
    : { forward: async () => Promise.reject(new EngineError("no other server to hand the action to", 503)) };
  if (options.crossServer)
    io.on("engine:governor", (view: GovernorView) => {
      if (role === "viewer" && view && typeof view === "object")
        (current as ViewerEngine).setGovernorView(view);
    });

  const engine = options.build(ownerEmitter());
  current = engine;
  try {
    await engine.start();
    registerEngine(options.crossServer ? withOwnerRole(engine) : engine);
    watchOwnership(engine);
  } catch (error) {
    if (!(options.crossServer && isDatabaseOwned(error))) {
      await engine.stop().catch(() => undefined);
      throw error;
    }
    logger.warn(
      { reason: (error as Error).message },
      "another engine owns this database: serving pages only",
    );
    becomeViewer(engine);
  }

  return {
    role: () => role,
    engine: () => current,
    async stop(stopOptions) {
      stopped = true;
      if (reclaimTimer) clearTimeout(reclaimTimer);
      const agents = await current.stop(stopOptions);
      registerEngine(undefined);
      return agents;
    },
  };
}

/** The owner's engine, its health saying so (viewers' say "viewer"). */
function withOwnerRole(engine: Engine): Engine {
  return { ...engine, health: () => ({ ...engine.health(), role: "owner" as const }) };
}

/** Whether servers on this database can share one run (Socket.IO across servers needs PostgreSQL). */
export function canShareRun(config: Pick<Config, "databaseUrl">): boolean {
  return isPostgresUrl(config.databaseUrl);
}
