// One request from a CLI command to a running Paratrack server, with its failures told apart.

export type ServerAnswer =
  | { kind: "ok"; text: string }
  /** No connection at all: say what failed (ECONNREFUSED, a timeout…). */
  | { kind: "unreachable"; reason: string }
  /** The server answered with an error: its `{ error }` message, or the raw text. */
  | { kind: "refused"; status: number; message: string };

/** undici's and Node's codes in words; the code itself follows, for a search. */
const CONNECTION_ERRORS: Record<string, string> = {
  ECONNREFUSED: "nothing listens there (is the server running? PARATRACK_URL or --url names another?)",
  UND_ERR_SOCKET: "the connection closed before an answer (the server stopped or crashed while answering?)",
  ECONNRESET: "the connection was reset before an answer (the server stopped or crashed while answering?)",
  ENOTFOUND: "no such host",
  EHOSTUNREACH: "the host cannot be reached",
};

/** How long a question waits for its answer by default. */
export const ANSWER_TIMEOUT_MS = 10_000;

export async function askServer(
  url: string,
  init: RequestInit = {},
  timeoutMs = ANSWER_TIMEOUT_MS,
): Promise<ServerAnswer> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    if (error instanceof Error && error.name === "TimeoutError")
      return {
        kind: "unreachable",
        reason:
          `no answer within ${timeoutMs / 1000} s` +
          (init.method && init.method !== "GET"
            ? " (the server may still carry it out: see paratrack status)"
            : ""),
      };
    const code = (error as { cause?: { code?: string } }).cause?.code;
    const said = code === undefined ? undefined : CONNECTION_ERRORS[code];
    return {
      kind: "unreachable",
      reason: said ? `${said} (${code})` : (code ?? (error instanceof Error ? error.message : String(error))),
    };
  }
  const text = await response.text();
  // Paratrack answers JSON; anything else (a dev server's HTML page on port 3000) is no Paratrack to talk to.
  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("json")) {
    const what = type.split(";")[0]?.trim() || "no content type";
    return {
      kind: "unreachable",
      reason: `${new URL(url).origin} answered HTTP ${response.status} with ${what}, not Paratrack's JSON: another program on that port, or a Paratrack without this route`,
    };
  }
  if (response.ok) return { kind: "ok", text };
  let message = text;
  try {
    message = (JSON.parse(text) as { error?: string }).error ?? text;
  } catch {}
  if (response.status === 401) message = `${message}; ${tokenHint(init.headers)}`;
  return { kind: "refused", status: response.status, message };
}

/** What to do about a 401, in the CLI's terms: the server speaks of headers, the lead sets a variable. */
function tokenHint(headers: RequestInit["headers"]): string {
  return new Headers(headers).has("authorization")
    ? "the token sent (PARATRACK_TOKEN, or an agent's PARATRACK_REPORT_TOKEN) is not this server's"
    : "this server needs its token: set PARATRACK_TOKEN to the token it was started with";
}
