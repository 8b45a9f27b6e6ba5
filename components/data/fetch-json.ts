// fetch() for Paratrack's API: the lead's token, JSON both ways, and the API's { error, details } thrown as an
// ApiError so React Query and mutations can show it. In development builds an answer is also parsed with its
// endpoint's response schema (lib/contracts), so a server and a client that drifted apart fail loudly.
import type { ContractName } from "@/lib/contracts";

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

/** A development build's answer did not match its endpoint's response schema (lib/contracts). */
export class ContractMismatchError extends ApiError {
  constructor(
    readonly path: string,
    readonly contract: ContractName,
    status: number,
    issues: readonly { path: readonly PropertyKey[]; message: string }[],
  ) {
    const listed = issues
      .slice(0, 5)
      .map((i) => `${i.path.map(String).join(".") || "(answer)"}: ${i.message}`)
      .join("; ");
    super(`the answer of ${path} does not match its contract ${contract}: ${listed}`, status, issues);
    this.name = "ContractMismatchError";
  }
}

/** What fetchJson takes beyond fetch's options: the endpoint whose response schema checks the answer (dev only). */
export type FetchJsonInit = RequestInit & { contract?: ContractName };

/** Where the browser keeps PARATRACK_TOKEN when the server asks for one. */
export const TOKEN_STORAGE_KEY = "paratrack.token";

/** The lead's token for the API and the socket, when this browser has one. */
export function readToken(): string | null {
  if (typeof window === "undefined") return null;
  adoptTokenFromUrl();
  return window.localStorage.getItem(TOKEN_STORAGE_KEY);
}

/** Keeps the token for this browser (the sign-in form); null forgets it. */
export function saveToken(token: string | null): void {
  if (token) window.localStorage.setItem(TOKEN_STORAGE_KEY, token);
  else window.localStorage.removeItem(TOKEN_STORAGE_KEY);
}

/**
 * A link of the form `<dashboard>/#token=<PARATRACK_TOKEN>` signs this browser in: the fragment never reaches the
 * server or its logs, and it is removed from the address bar (and history) once kept.
 */
function adoptTokenFromUrl(): void {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (!match?.[1]) return;
  saveToken(decodeURIComponent(match[1]));
  window.history.replaceState(null, "", window.location.pathname + window.location.search);
}

/**
 * Every request that may change state says it is JSON, with `{}` when it has no body: the server refuses
 * state-changing requests without it (a cross-site form cannot send that header).
 */
export async function fetchJson<T>(url: string, options: FetchJsonInit = {}): Promise<T> {
  const { contract, ...init } = options;
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
  // The bundler replaces NODE_ENV, so production builds drop this branch and never load the schemas.
  if (process.env.NODE_ENV !== "production" && contract)
    await checkAnswer(url, contract, response.status, answer);
  return answer as T;
}

/** Development only: parses `answer` with the contract's response schema; throws ContractMismatchError if it differs. */
async function checkAnswer(
  url: string,
  contract: ContractName,
  status: number,
  answer: unknown,
): Promise<void> {
  const { CONTRACTS } = await import("@/lib/contracts");
  const endpoint = CONTRACTS[contract];
  if (!("response" in endpoint)) return;
  const parsed = endpoint.response.safeParse(answer);
  if (!parsed.success) {
    const path = `${endpoint.method} ${url.replace(/^https?:\/\/[^/]+/, "").split("?")[0]}`;
    throw new ContractMismatchError(path, contract, status, parsed.error.issues);
  }
}
