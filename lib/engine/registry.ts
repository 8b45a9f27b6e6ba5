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
