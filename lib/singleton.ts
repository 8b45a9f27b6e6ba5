// Next.js bundles route handlers apart from server.ts, so a module-level instance can exist twice in one
// process. Keeping it on globalThis under a registered symbol makes both module graphs share one.

type Registry = Record<symbol, unknown>;

/** The process-wide instance called `name`, created by `factory` on first use. */
export function singleton<T>(name: string, factory: () => T): T {
  const registry = globalThis as unknown as Registry;
  const key = Symbol.for(`paratrack.${name}`);
  if (!(key in registry)) registry[key] = factory();
  return registry[key] as T;
}

/** The instance called `name` if one was created, without creating it. */
export function peekSingleton<T>(name: string): T | undefined {
  return (globalThis as unknown as Registry)[Symbol.for(`paratrack.${name}`)] as T | undefined;
}

/** Forgets the instance called `name` (close it first), so the next `singleton` call creates a new one. */
export function forgetSingleton(name: string): void {
  delete (globalThis as unknown as Registry)[Symbol.for(`paratrack.${name}`)];
}
