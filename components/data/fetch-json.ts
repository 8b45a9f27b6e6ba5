// fetch() for Paratrack's API: the lead's token, JSON both ways, and the API's { error, details } thrown as an
// ApiError so React Query and mutations can show it.

/** The server refused or failed a request: its message, status and (for bad input) the list of problems. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly details: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** Where the browser keeps PARATRACK_TOKEN when the server asks for one. */
export const TOKEN_STORAGE_KEY = "paratrack.token";

/** The lead's token for the API and the socket, when this browser has one. */
export function readToken(): string | null {
  return typeof window !== "undefined" ? window.localStorage.getItem(TOKEN_STORAGE_KEY) : null;
}

/**
 * Every request that may change state says it is JSON, with `{}` when it has no body: the server refuses
 * state-changing requests without it (a cross-site form cannot send that header).
 */
export async function fetchJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  const method = (init.method ?? "GET").toUpperCase();
  const headers = new Headers(init.headers);
  const token = readToken();
  if (token) headers.set("authorization", `Bearer ${token}`);
  let body = init.body;
  if (method !== "GET" && method !== "HEAD") {
    headers.set("content-type", "application/json");
    body ??= "{}";
  }
  const response = await fetch(url, { ...init, method, headers, body });
  const answer = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) {
    const error = answer && typeof answer === "object" && "error" in answer ? answer.error : undefined;
    throw new ApiError(
      typeof error === "string" ? error : `${response.status} ${response.statusText}`,
      response.status,
      answer && typeof answer === "object" && "details" in answer ? answer.details : undefined,
    );
  }
  return answer as T;
}
