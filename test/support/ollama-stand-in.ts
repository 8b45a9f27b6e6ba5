// A STAND-IN for the external Ollama model server, for tests only: a small real HTTP server answering the three
// endpoints Paratrack uses — GET /api/ps, GET /api/tags, POST /api/generate (load/unload via keep_alive) — in
// Ollama's response shapes. It holds no models; tests tell it what is installed and loaded. A slow mode delays
// every answer (to prove the client's timeout), a garbage mode answers with something that is not Ollama's JSON.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type StandInModel = { name: string; sizeBytes: number; vramBytes?: number };

export type OllamaStandIn = {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** host:port, as OLLAMA_HOST would give it. */
  host: string;
  installed: StandInModel[];
  loaded: StandInModel[];
  /** Milliseconds every answer waits; 0 answers at once. */
  delayMs: number;
  mode: "normal" | "garbage";
  /** Every request received, in order. */
  requests: { method: string; path: string; body: unknown }[];
  close(): Promise<void>;
};

/** Starts the stand-in on a free loopback port. */
export async function startOllamaStandIn(
  initial: { installed?: StandInModel[]; loaded?: StandInModel[] } = {},
): Promise<OllamaStandIn> {
  const timers = new Set<NodeJS.Timeout>();
  const state: Omit<OllamaStandIn, "url" | "host" | "close"> = {
    installed: [...(initial.installed ?? [])],
    loaded: [...(initial.loaded ?? [])],
    delayMs: 0,
    mode: "normal",
    requests: [],
  };

  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      state.requests.push({ method: request.method ?? "", path: request.url ?? "", body });
      const timer = setTimeout(() => {
        timers.delete(timer);
        answer(request, response, body);
      }, state.delayMs);
      timers.add(timer);
    });
  });

  const answer = (request: IncomingMessage, response: ServerResponse, body: unknown) => {
    if (response.destroyed) return;
    if (state.mode === "garbage") return send(response, 200, "<html>not ollama</html>", "text/html");
    const path = (request.url ?? "").split("?")[0];
    if (request.method === "GET" && path === "/api/ps") {
      return sendJson(response, 200, {
        models: state.loaded.map((model) => ({
          name: model.name,
          model: model.name,
          size: model.sizeBytes,
          digest: "0".repeat(64),
          details: { format: "gguf", family: "llama", parameter_size: "8B", quantization_level: "Q4_0" },
          expires_at: "2026-11-30T10:05:00.000000000Z",
          size_vram: model.vramBytes ?? 0,
          context_length: 4096,
        })),
      });
    }
    if (request.method === "GET" && path === "/api/tags") {
      return sendJson(response, 200, {
        models: state.installed.map((model) => ({
          name: model.name,
          model: model.name,
          modified_at: "2026-11-01T08:00:00.000000000Z",
          size: model.sizeBytes,
          digest: "0".repeat(64),
          details: { format: "gguf", family: "llama" },
        })),
      });
    }
    if (request.method === "POST" && path === "/api/generate") return generate(response, body);
    return send(response, 404, "404 page not found", "text/plain");
  };

  const generate = (response: ServerResponse, body: unknown) => {
    const request = (typeof body === "object" && body !== null ? body : {}) as {
      model?: unknown;
      keep_alive?: unknown;
      prompt?: unknown;
    };
    if (typeof request.model !== "string" || request.model === "") {
      return sendJson(response, 400, { error: "model is required" });
    }
    const model = state.installed.find((m) => m.name === request.model);
    if (!model) return sendJson(response, 404, { error: `model '${request.model}' not found` });
    const unload = request.keep_alive === 0 || request.keep_alive === "0" || request.keep_alive === "0s";
    if (unload) state.loaded = state.loaded.filter((m) => m.name !== model.name);
    else if (!state.loaded.some((m) => m.name === model.name)) state.loaded.push(model);
    return sendJson(response, 200, {
      model: model.name,
      created_at: new Date().toISOString(),
      response: "",
      done: true,
      done_reason: unload ? "unload" : "load",
    });
  };

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const standIn = state as OllamaStandIn;
  standIn.url = `http://127.0.0.1:${port}`;
  standIn.host = `127.0.0.1:${port}`;
  standIn.close = async () => {
    for (const timer of timers) clearTimeout(timer);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return standIn;
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (text === "") return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown) {
  send(response, status, JSON.stringify(body), "application/json; charset=utf-8");
}

function send(response: ServerResponse, status: number, text: string, type: string) {
  response.writeHead(status, { "content-type": type }).end(text);
}
