// One engine per process, reachable from server.ts and from Next's separately bundled route handlers: it is kept
// in the same globalThis store as the Prisma client (lib/singleton.ts).
import { forgetSingleton, peekSingleton, singleton } from "../singleton";
import type { Engine } from "./engine";

const ENGINE = "engine";

/** Makes `engine` the process's engine (undefined forgets it, e.g. at shutdown). */
export function registerEngine(engine: Engine | undefined): void {
  forgetSingleton(ENGINE);
  if (engine) singleton(ENGINE, () => engine);
}

/** The process's engine, if server.ts registered one. */
export function getEngine(): Engine | undefined {
  return peekSingleton<Engine>(ENGINE);
}

const SERVER_STOP = "server-stop";

/** How the server stops itself on request (server.ts registers it; POST /api/server/stop calls it). */
export type ServerStop = (agents: "stop" | "detach") => void;

export function registerServerStop(stop: ServerStop | undefined): void {
  forgetSingleton(SERVER_STOP);
  if (stop) singleton(SERVER_STOP, () => stop);
}

/** The server's stop, when this process is the server (not a headless run or a test). */
export function getServerStop(): ServerStop | undefined {
  return peekSingleton<ServerStop>(SERVER_STOP);
}
