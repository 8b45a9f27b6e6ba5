// Local models' memory with fake agents and the Ollama STAND-IN (test/support/ollama-stand-in.ts: a small real HTTP
// server in Ollama's shapes, standing in for the external model server): a loaded model shared among the tracks
// using it and counted with the agents, Orange's swap to the cloud model (restart with the cloud model, the local
// one unloaded with keep_alive 0), and an unreachable or slow server that is said once and never holds a sample up.
import { afterEach, describe, expect, it } from "vitest";
import { type OllamaStandIn, startOllamaStandIn } from "../../../test/support/ollama-stand-in";
import { createOllamaClient } from "../../models/ollama";
import { createHarness, type Harness, settle, until } from "./harness";

const MB = 1e6;
let h: Harness | null = null;
let standIn: OllamaStandIn | null = null;
afterEach(async () => {
  await h?.dispose();
  await standIn?.close();
  h = null;
  standIn = null;
});

async function started(yaml: string, host: string): Promise<Harness> {
  h = await createHarness({ ollama: createOllamaClient({ host }), modelPollMs: 30 });
  await h.start(yaml);
  await settle();
  await h.tick();
  return h;
}

/** Ticks (one second of the fake clock each) until `check` holds; the model loop runs in real time meanwhile. */
async function tickUntil(run: Harness, check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await run.tick();
  }
}

describe("local models' memory (Ollama stand-in)", () => {
  it("shares a loaded model's RAM among the tracks using it and counts it with the agents", async () => {
    const llama = { name: "llama3:8b", sizeBytes: 400 * MB, vramBytes: 100 * MB };
    standIn = await startOllamaStandIn({ installed: [llama], loaded: [llama] });
    const run = await started(
      `name: models
ram:
  budget: 4GB
tracks:
  - key: A
    ram: 100MB
    model: { local: llama3:8b, cloud: claude-sonnet-4-5 }
    command: a
  - key: B
    ram: 100MB
    model: { local: "llama3:8b" }
    command: b
  - key: C
    ram: 100MB
    command: c
`,
      standIn.host,
    );
    expect(run.statuses()).toEqual({ A: "running", B: "running", C: "running" });
    for (const key of ["A", "B", "C"]) run.launcher.latest(key).bytes = 10 * MB;
    await tickUntil(run, () => run.track("A").modelMemory !== null);
    // 400 MB of which 100 MB sit in VRAM: 300 MB of system RAM, split between A and B.
    expect(run.track("A").modelMemory).toEqual({
      ramBytes: 150 * MB,
      models: [{ model: "llama3:8b", shareBytes: 150 * MB, sharedWith: 2 }],
    });
    expect(run.track("B").modelMemory?.ramBytes).toBe(150 * MB);
    expect(run.track("C").modelMemory).toBeNull();
    expect(run.controller.measureAgents()).toBe(30 * MB + 300 * MB);
    await run.tick();
    expect(run.monitor.latest()?.budget?.usedBytes).toBe(330 * MB);

    // B finishes: A alone holds the model.
    run.launcher.latest("B").exit(0);
    await settle();
    await run.tick();
    expect(run.track("A").modelMemory?.ramBytes).toBe(300 * MB);
    expect(run.track("B").modelMemory).toBeNull();
  });

  it("swaps to the cloud model in Orange: restarted with the cloud model, the local one unloaded (keep_alive 0)", async () => {
    const llama = { name: "llama3:8b", sizeBytes: 800 * MB };
    const other = { name: "someone-elses:7b", sizeBytes: 10 * MB };
    standIn = await startOllamaStandIn({ installed: [llama, other], loaded: [llama, other] });
    const run = await started(
      `name: swap
ram:
  budget: 1GB
tracks:
  - key: L
    ram: 100MB
    priority: critical
    model: { local: llama3:8b, cloud: claude-sonnet-4-5 }
    command: l
`,
      standIn.host,
    );
    const first = run.launcher.latest("L");
    first.bytes = 20 * MB;
    expect(first.launchedWith.model).toBe("llama3:8b");
    // The model's 800 MB and the agent's 20 MB: 82 % of the budget, Orange.
    await tickUntil(run, () => run.launcher.agents.length === 2);
    const second = run.launcher.latest("L");
    expect(first.calls).toContain("stop");
    expect(second.launchedWith.model).toBe("claude-sonnet-4-5");
    expect(run.track("L")).toMatchObject({
      status: "running",
      modelInForce: "claude-sonnet-4-5",
      attempts: 2,
    });
    await tickUntil(run, () => run.events().some((e) => e.kind === "models:unloaded"));
    expect(standIn.requests).toContainEqual({
      method: "POST",
      path: "/api/generate",
      body: { model: "llama3:8b", keep_alive: 0 },
    });
    // Only the plan's model: a model the plan does not name belongs to someone else.
    expect(standIn.loaded.map((m) => m.name)).toEqual(["someone-elses:7b"]);
    await tickUntil(run, () => run.track("L").modelMemory === null);
    expect(run.events().find((e) => e.kind === "governor:swap-model")?.message).toMatch(
      /swapping .* from local model llama3:8b to cloud model claude-sonnet-4-5/,
    );
  });

  it("says once that an unreachable model server is off, and counts no model memory", async () => {
    // A port nothing listens on: connection refused.
    const run = await started(
      `name: off
ram:
  budget: 1GB
tracks:
  - key: A
    ram: 100MB
    model: { local: llama3:8b }
    command: a
`,
      "127.0.0.1:9",
    );
    await tickUntil(run, () => run.events().some((e) => e.kind === "models:unavailable"));
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 40));
      await run.tick();
    }
    expect(
      run
        .events()
        .filter((e) => e.kind.startsWith("models:"))
        .map((e) => e.kind),
    ).toEqual(["models:unavailable"]);
    expect(run.track("A").modelMemory).toBeNull();
    expect(run.controller.measureAgents()).toBe(0);
  });

  it("never holds a sample up for a slow model server (its calls give up within a second)", async () => {
    standIn = await startOllamaStandIn({ loaded: [{ name: "llama3:8b", sizeBytes: 400 * MB }] });
    standIn.delayMs = 5_000;
    const run = await started(
      `name: slow
ram:
  budget: 1GB
tracks:
  - key: A
    ram: 100MB
    model: { local: llama3:8b }
    command: a
`,
      standIn.host,
    );
    const slow = standIn;
    await until(() => slow.requests.length > 0);
    // The server holds its answer for 5 s; samples and governor passes go on meanwhile.
    const started_ = Date.now();
    for (let i = 0; i < 5; i++) await run.tick();
    expect(Date.now() - started_).toBeLessThan(slow.delayMs);
    await tickUntil(run, () => run.events().some((e) => e.kind === "models:unavailable"), 4_000);
    expect(run.events().find((e) => e.kind === "models:unavailable")?.message).toMatch(/\(timeout\)/);
  });
});
