import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OllamaStandIn, startOllamaStandIn } from "../../test/support/ollama-stand-in";
import { listUnneededModels, splitModelMemory } from "../domain/governor/model-memory";
import { createOllamaClient, MAX_OLLAMA_TIMEOUT_MS, resolveOllamaBaseUrl } from "./ollama";

const GiB = 1024 ** 3;

describe("resolveOllamaBaseUrl (Ollama's OLLAMA_HOST rules)", () => {
  it.each([
    [undefined, "http://127.0.0.1:11434"],
    ["", "http://127.0.0.1:11434"],
    ["0.0.0.0", "http://0.0.0.0:11434"],
    ["example.com:8080", "http://example.com:8080"],
    [":11500", "http://127.0.0.1:11500"],
    ["'gpu-box:11434'", "http://gpu-box:11434"],
    ["http://gpu-box", "http://gpu-box:80"],
    ["https://ollama.internal", "https://ollama.internal:443"],
    ["https://ollama.internal:8443/ollama/", "https://ollama.internal:8443/ollama"],
    ["[::1]:11434", "http://[::1]:11434"],
    ["::1", "http://[::1]:11434"],
    ["gpu-box:99999", "http://gpu-box:11434"],
    ["gpu-box:abc", "http://gpu-box:11434"],
  ])("%j → %s", (value, url) => {
    expect(resolveOllamaBaseUrl(value)).toBe(url);
  });
});

describe("the Ollama client against the stand-in server", () => {
  let standIn: OllamaStandIn;

  beforeAll(async () => {
    standIn = await startOllamaStandIn({
      installed: [
        { name: "codellama:34b", sizeBytes: 19 * GiB },
        { name: "llama3:latest", sizeBytes: 5 * GiB },
      ],
      loaded: [{ name: "codellama:34b", sizeBytes: 22 * GiB, vramBytes: 6 * GiB }],
    });
  });
  afterAll(async () => {
    await standIn.close();
  });

  it("lists loaded models with their RAM/VRAM split (/api/ps)", async () => {
    const client = createOllamaClient({ host: standIn.host });
    expect(client.baseUrl).toBe(standIn.url);
    const loaded = await client.listLoaded();
    expect(loaded).toEqual({
      ok: true,
      value: [
        {
          name: "codellama:34b",
          sizeBytes: 22 * GiB,
          vramBytes: 6 * GiB,
          expiresAt: "2026-11-30T10:05:00.000000000Z",
        },
      ],
    });
    if (!loaded.ok) return;
    const memory = splitModelMemory(loaded.value, [
      { trackKey: "A", localModel: "codellama:34b", isRunning: true },
      { trackKey: "B", localModel: "codellama:34b", isRunning: true },
    ]);
    expect(memory.ramBytes).toBe(16 * GiB);
    expect(memory.perTrack.A?.ramBytes).toBe(8 * GiB);
  });

  it("lists installed models (/api/tags)", async () => {
    const installed = await createOllamaClient({ host: standIn.url }).listInstalled();
    expect(installed.ok && installed.value.map((model) => model.name)).toEqual([
      "codellama:34b",
      "llama3:latest",
    ]);
  });

  it("unloads a model no running track needs with keep_alive 0, after a swap to the cloud model", async () => {
    const client = createOllamaClient({ host: standIn.host });
    const loaded = await client.listLoaded();
    if (!loaded.ok) throw new Error(loaded.error.message);
    const users = [{ trackKey: "A", localModel: "codellama:34b", isRunning: false }];
    const unneeded = listUnneededModels(loaded.value, users);
    expect(unneeded).toEqual(["codellama:34b"]);
    for (const model of unneeded) expect(await client.unload(model)).toEqual({ ok: true, value: { model } });
    expect(standIn.requests.at(-1)).toEqual({
      method: "POST",
      path: "/api/generate",
      body: { model: "codellama:34b", keep_alive: 0 },
    });
    expect(await client.listLoaded()).toEqual({ ok: true, value: [] });
  });

  it("returns the server's error for an unknown model", async () => {
    const result = await createOllamaClient({ host: standIn.host }).unload("nope:1b");
    expect(result).toEqual({
      ok: false,
      error: {
        kind: "http",
        status: 404,
        message: `${standIn.url}/api/generate: 404 model 'nope:1b' not found`,
      },
    });
  });

  it("answers a slow server with a timeout within the limit, as a value", async () => {
    standIn.delayMs = 10_000;
    try {
      const client = createOllamaClient({ host: standIn.host, timeoutMs: 60_000 });
      const started = performance.now();
      const result = await client.listLoaded();
      const elapsed = performance.now() - started;
      expect(result).toMatchObject({ ok: false, error: { kind: "timeout" } });
      // The asked-for 60 s is clamped to the 1 s limit; generous slack for a loaded machine.
      expect(elapsed).toBeGreaterThanOrEqual(MAX_OLLAMA_TIMEOUT_MS - 50);
      expect(elapsed).toBeLessThan(5_000);
    } finally {
      standIn.delayMs = 0;
    }
  });

  it("reports an answer that is not Ollama's as a bad response", async () => {
    standIn.mode = "garbage";
    try {
      const result = await createOllamaClient({ host: standIn.host }).listInstalled();
      expect(result).toMatchObject({ ok: false, error: { kind: "bad-response" } });
    } finally {
      standIn.mode = "normal";
    }
  });
});

describe("the Ollama client without a server", () => {
  it("says unreachable (a value, not a throw) for a port nobody listens on", async () => {
    const port = await findClosedPort();
    const result = await createOllamaClient({ host: `127.0.0.1:${port}` }).listLoaded();
    expect(result).toMatchObject({ ok: false, error: { kind: "unreachable" } });
    if (!result.ok) expect(result.error.message).toContain("ECONNREFUSED");
  });
});

// A port that was free a moment ago: listen on 0, note the port, close.
async function findClosedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}
