// One engine per process, reachable from server.ts and from Next's separately bundled route handlers.
// Module-level variables would exist once per bundle; globalThis exists once per process.
import type { Engine } from "./engine";

const ENGINE_KEY = Symbol.for("paratrack.engine");
type Registry = { [ENGINE_KEY]?: Engine };

export function registerEngine(engine: Engine | undefined): void {
  (globalThis as Registry)[ENGINE_KEY] = engine;
}

export function getEngine(): Engine | undefined {
  return (globalThis as Registry)[ENGINE_KEY];
}
