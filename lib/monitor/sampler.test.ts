import { describe, expect, it } from "vitest";
import { createSampler, type Sampler } from "./sampler";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(2);
  }
}

/** A tick that records how many ticks run at once. */
function trackConcurrency(tickMs: number) {
  const state = { active: 0, maxActive: 0, ticks: 0 };
  const tick = async () => {
    state.active += 1;
    state.maxActive = Math.max(state.maxActive, state.active);
    await sleep(tickMs);
    state.ticks += 1;
    state.active -= 1;
  };
  return { state, tick };
}

describe("createSampler", () => {
  it("never overlaps ticks when a tick is slower than the interval", async () => {
    const { state, tick } = trackConcurrency(25);
    const sampler = createSampler({ intervalMs: () => 1, tick, onError: () => {} });
    sampler.start();
    await waitUntil(() => state.ticks >= 5);
    await sampler.stop();
    expect(state.maxActive).toBe(1);
  });

  it("reports an error from a tick and keeps going", async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const sampler = createSampler({
      intervalMs: () => 1,
      tick: () => {
        calls += 1;
        if (calls === 2) throw new Error("boom");
        if (calls === 3) return Promise.reject(new Error("async boom"));
      },
      onError: (error) => errors.push(error),
    });
    sampler.start();
    await waitUntil(() => calls >= 5);
    await sampler.stop();
    expect(errors.map((e) => (e as Error).message)).toEqual(["boom", "async boom"]);
  });

  it("survives an error handler that throws", async () => {
    let calls = 0;
    const sampler = createSampler({
      intervalMs: () => 1,
      tick: () => {
        calls += 1;
        throw new Error("tick failed");
      },
      onError: () => {
        throw new Error("handler failed too");
      },
    });
    sampler.start();
    await waitUntil(() => calls >= 3);
    await sampler.stop();
  });

  it("stop() stops the loop and waits for the tick in flight", async () => {
    let finished = 0;
    let started = 0;
    const sampler: Sampler = createSampler({
      intervalMs: () => 1,
      tick: async () => {
        started += 1;
        await sleep(20);
        finished += 1;
      },
      onError: () => {},
    });
    sampler.start();
    expect(sampler.isRunning()).toBe(true);
    await waitUntil(() => started >= 2);
    await sampler.stop();
    expect(sampler.isRunning()).toBe(false);
    expect(finished).toBe(started); // the tick in flight completed before stop() resolved
    const after = started;
    await sleep(50);
    expect(started).toBe(after);
  });

  it("reads the interval before every wait", async () => {
    const intervals = [5, 1, 1, 1];
    let reads = 0;
    let ticks = 0;
    const sampler = createSampler({
      intervalMs: () => {
        reads += 1;
        return intervals[reads - 1] ?? 1;
      },
      tick: () => {
        ticks += 1;
      },
      onError: () => {},
    });
    sampler.start();
    await waitUntil(() => ticks >= 4);
    await sampler.stop();
    // The first tick runs at once; each later tick waited for one fresh read of the interval.
    expect(reads).toBeGreaterThanOrEqual(ticks - 1);
    expect(reads).toBeLessThanOrEqual(ticks);
  });

  it("soon() runs the next tick without waiting the interval, also when asked during a tick", async () => {
    let started = 0;
    let ticks = 0;
    let slow = false;
    const sampler = createSampler({
      intervalMs: () => 60_000,
      tick: async () => {
        started += 1;
        if (slow) await sleep(30);
        ticks += 1;
      },
      onError: () => {},
    });
    sampler.start();
    await waitUntil(() => ticks === 1);
    sampler.soon();
    await waitUntil(() => ticks === 2, 2_000);
    // Asked while a tick runs: one more tick follows right after it.
    slow = true;
    sampler.soon();
    await waitUntil(() => started === 3, 2_000);
    sampler.soon();
    await waitUntil(() => ticks === 4, 2_000);
    await sleep(100);
    expect(ticks).toBe(4);
    await sampler.stop();
    sampler.soon();
    await sleep(20);
    expect(ticks).toBe(4);
  });

  it("falls back to a sane interval and reports a bad one", async () => {
    const errors: unknown[] = [];
    let ticks = 0;
    const sampler = createSampler({
      intervalMs: () => Number.NaN,
      tick: () => {
        ticks += 1;
      },
      onError: (e) => errors.push(e),
    });
    sampler.start();
    await waitUntil(() => errors.length >= 1);
    await sampler.stop();
    expect(ticks).toBe(1); // the next tick would come after the 1 s fallback, not at once
    expect(String(errors[0])).toMatch(/non-negative/);
  });

  it("a restart while a tick is in flight does not run a second tick beside it", async () => {
    const { state, tick } = trackConcurrency(30);
    const sampler = createSampler({ intervalMs: () => 1, tick, onError: () => {} });
    sampler.start();
    await waitUntil(() => state.active === 1);
    void sampler.stop();
    sampler.start();
    await waitUntil(() => state.ticks >= 3);
    await sampler.stop();
    expect(state.maxActive).toBe(1);
  });

  it("start() twice runs one loop", async () => {
    const { state, tick } = trackConcurrency(10);
    const sampler = createSampler({ intervalMs: () => 1, tick, onError: () => {} });
    sampler.start();
    sampler.start();
    await waitUntil(() => state.ticks >= 3);
    await sampler.stop();
    expect(state.maxActive).toBe(1);
  });
});
