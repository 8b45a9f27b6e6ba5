import { afterEach, describe, expect, it, vi } from "vitest";

const NAME = "singleton-test";

async function importFresh() {
  vi.resetModules();
  return import("./singleton");
}

describe("singleton", () => {
  afterEach(async () => (await import("./singleton")).forgetSingleton(NAME));

  it("returns the same object from two separately loaded copies of the module", async () => {
    const first = await importFresh();
    const second = await importFresh();
    expect(first).not.toBe(second); // really two module instances, as in Next's separate bundles

    const a = first.singleton(NAME, () => ({ created: "first" }));
    const b = second.singleton(NAME, () => ({ created: "second" }));
    expect(b).toBe(a);
    expect(b.created).toBe("first");
  });

  it("calls the factory once", async () => {
    const { singleton } = await importFresh();
    const factory = vi.fn(() => ({}));
    singleton(NAME, factory);
    singleton(NAME, factory);
    expect(factory).toHaveBeenCalledTimes(1);
  });

  it("keeps different names apart and creates anew after forgetSingleton", async () => {
    const { singleton, forgetSingleton, peekSingleton } = await importFresh();
    expect(peekSingleton(NAME)).toBeUndefined();
    const a = singleton(NAME, () => ({}));
    expect(peekSingleton(NAME)).toBe(a);
    expect(singleton(`${NAME}-other`, () => ({}))).not.toBe(a);
    forgetSingleton(`${NAME}-other`);
    forgetSingleton(NAME);
    expect(singleton(NAME, () => ({}))).not.toBe(a);
  });
});
