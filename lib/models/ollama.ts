// The local model server (Ollama) as Paratrack needs it: what is loaded (/api/ps), what is installed (/api/tags),
// and unloading a model (/api/generate with keep_alive 0). Every call gives up within a second and answers with a
// value — an unreachable or slow server is a result, never a throw — so a caller's loop never waits on it.
import { z } from "zod";
import type { LoadedModel } from "../domain/governor/model-memory";

export const DEFAULT_OLLAMA_PORT = "11434";
/** No call waits longer than this, whatever the caller asks. */
export const MAX_OLLAMA_TIMEOUT_MS = 1_000;
const MAX_BODY_CHARS = 4 * 1024 * 1024;

export type OllamaError = {
  kind: "unreachable" | "timeout" | "http" | "bad-response";
  message: string;
  status?: number;
};

export type OllamaResult<T> = { ok: true; value: T } | { ok: false; error: OllamaError };

export type InstalledModel = { name: string; sizeBytes: number; modifiedAt: string | null };

export type OllamaClient = {
  baseUrl: string;
  /** Models loaded in memory now, with their RAM/VRAM split (/api/ps). */
  listLoaded(): Promise<OllamaResult<LoadedModel[]>>;
  /** Models installed on the server (/api/tags). */
  listInstalled(): Promise<OllamaResult<InstalledModel[]>>;
  /** Unloads a model now (keep_alive 0); unloading a model that is not loaded succeeds too. */
  unload(model: string): Promise<OllamaResult<{ model: string }>>;
};

export type OllamaClientOptions = {
  /** OLLAMA_HOST's value, in Ollama's own forms ("host:port", ":port", "http://host:port/path"); default local. */
  host?: string;
  /** Per call; clamped to MAX_OLLAMA_TIMEOUT_MS. */
  timeoutMs?: number;
};

/**
 * The base URL for an OLLAMA_HOST value, read as Ollama reads it: no scheme means http and port 11434, an explicit
 * http/https scheme defaults to port 80/443, an empty host is 127.0.0.1, a bad port falls back to the default.
 */
export function resolveOllamaBaseUrl(hostVar: string | undefined): string {
  const value = (hostVar ?? "")
    .trim()
    .replace(/^["']+|["']+$/g, "")
    .trim();
  let scheme = "http";
  let rest = value;
  let defaultPort = DEFAULT_OLLAMA_PORT;
  const schemeEnd = value.indexOf("://");
  if (schemeEnd !== -1) {
    scheme = value.slice(0, schemeEnd).toLowerCase();
    rest = value.slice(schemeEnd + 3);
    if (scheme === "http") defaultPort = "80";
    else if (scheme === "https") defaultPort = "443";
  }
  const slash = rest.indexOf("/");
  const hostPort = slash === -1 ? rest : rest.slice(0, slash);
  const basePath = slash === -1 ? "" : rest.slice(slash).replace(/\/+$/, "");
  let host = hostPort;
  let port = defaultPort;
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(hostPort);
  if (bracketed) {
    host = bracketed[1] ?? "";
    if (bracketed[2] !== undefined) port = bracketed[2];
  } else if ((hostPort.match(/:/g) ?? []).length === 1) {
    [host = "", port = ""] = hostPort.split(":");
  }
  if (host === "") host = "127.0.0.1";
  const portNumber = Number(port);
  if (!/^\d+$/.test(port) || portNumber > 65_535) port = defaultPort;
  const hostText = host.includes(":") ? `[${host}]` : host;
  return `${scheme}://${hostText}:${port}${basePath}`;
}

const loadedSchema = z.object({
  models: z
    .array(
      z.object({
        name: z.string().optional(),
        model: z.string().optional(),
        size: z.number().nonnegative(),
        size_vram: z.number().nonnegative().optional(),
        expires_at: z.string().optional(),
      }),
    )
    .nullable()
    .optional(),
});

const installedSchema = z.object({
  models: z
    .array(
      z.object({
        name: z.string().optional(),
        model: z.string().optional(),
        size: z.number().nonnegative().optional(),
        modified_at: z.string().optional(),
      }),
    )
    .nullable()
    .optional(),
});

/** A client for the Ollama server at `host` (OLLAMA_HOST's forms). */
export function createOllamaClient(options: OllamaClientOptions = {}): OllamaClient {
  const baseUrl = resolveOllamaBaseUrl(options.host);
  const timeoutMs = Math.min(Math.max(options.timeoutMs ?? MAX_OLLAMA_TIMEOUT_MS, 1), MAX_OLLAMA_TIMEOUT_MS);
  const call = (path: string, init?: RequestInit) => requestJson(`${baseUrl}${path}`, timeoutMs, init);

  return {
    baseUrl,
    async listLoaded() {
      const answer = await call("/api/ps");
      if (!answer.ok) return answer;
      const parsed = loadedSchema.safeParse(answer.value);
      if (!parsed.success) return badResponse("/api/ps", parsed.error);
      return {
        ok: true,
        value: (parsed.data.models ?? []).flatMap((model) => {
          const name = model.name ?? model.model;
          return name === undefined
            ? []
            : [
                {
                  name,
                  sizeBytes: model.size,
                  vramBytes: model.size_vram ?? 0,
                  expiresAt: model.expires_at ?? null,
                },
              ];
        }),
      };
    },
    async listInstalled() {
      const answer = await call("/api/tags");
      if (!answer.ok) return answer;
      const parsed = installedSchema.safeParse(answer.value);
      if (!parsed.success) return badResponse("/api/tags", parsed.error);
      return {
        ok: true,
        value: (parsed.data.models ?? []).flatMap((model) => {
          const name = model.name ?? model.model;
          return name === undefined
            ? []
            : [{ name, sizeBytes: model.size ?? 0, modifiedAt: model.modified_at ?? null }];
        }),
      };
    },
    async unload(model: string) {
      const answer = await call("/api/generate", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model, keep_alive: 0 }),
      });
      return answer.ok ? { ok: true, value: { model } } : answer;
    },
  };
}

async function requestJson(
  url: string,
  timeoutMs: number,
  init?: RequestInit,
): Promise<OllamaResult<unknown>> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, { ...init, signal, redirect: "error" });
    const text = await response.text();
    if (text.length > MAX_BODY_CHARS) {
      return { ok: false, error: { kind: "bad-response", message: `${url}: answer larger than 4 MiB` } };
    }
    if (!response.ok) {
      return {
        ok: false,
        error: {
          kind: "http",
          status: response.status,
          message: `${url}: ${response.status} ${errorText(text)}`,
        },
      };
    }
    try {
      return { ok: true, value: JSON.parse(text) as unknown };
    } catch {
      return { ok: false, error: { kind: "bad-response", message: `${url}: not JSON` } };
    }
  } catch (error) {
    if (signal.aborted) {
      return { ok: false, error: { kind: "timeout", message: `${url}: no answer within ${timeoutMs} ms` } };
    }
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return {
      ok: false,
      error: {
        kind: "unreachable",
        message: `${url}: ${cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))}`,
      },
    };
  }
}

function errorText(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown };
    if (typeof body.error === "string") return body.error;
  } catch {
    // not JSON: use the text itself
  }
  return text.slice(0, 200);
}

function badResponse(path: string, error: z.ZodError): { ok: false; error: OllamaError } {
  const first = error.issues[0];
  return {
    ok: false,
    error: {
      kind: "bad-response",
      message: `${path}: unexpected answer${first ? ` (${first.path.join(".") || "body"}: ${first.message})` : ""}`,
    },
  };
}
