// The checks every request passes before anything answers it: DNS rebinding (Host), cross-site requests
// (Origin, Sec-Fetch-Site), form posts (Content-Type), malformed paths. Plain data in, a refusal or null out, so
// server.ts (pages, API), Socket.IO's handshake and the route wrapper all apply the same rules.

/** The request facts the guard reads; header names in lower case, as Node gives them. */
export type GuardedRequest = {
  method: string;
  /** The request target as sent: path and query (e.g. "/api/runs?x=1"). */
  url: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
};

export type GuardPolicy = {
  /** Host names (no port) this server answers to; compared case-insensitively. */
  allowedHosts: ReadonlySet<string>;
};

export type Refusal = { status: 400 | 403 | 415; error: string };

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Paths that answer with data (the API, the socket, Prometheus); pages and static files are public by design. */
const DATA_PATH = /^\/(api|socket\.io|metrics)(\/|$)/;

const header = (request: GuardedRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** The host name of a Host header or an authority, lower case, without port or IPv6 brackets. */
export function hostNameOf(authority: string): string {
  const trimmed = authority.trim().toLowerCase();
  if (trimmed.startsWith("[")) {
    const end = trimmed.indexOf("]");
    return end > 0 ? trimmed.slice(1, end) : trimmed.slice(1);
  }
  const colon = trimmed.lastIndexOf(":");
  return colon >= 0 && trimmed.indexOf(":") === colon ? trimmed.slice(0, colon) : trimmed;
}

/** Whether `host` means "every address" (HOST=0.0.0.0 or ::): where a server listens, not a name to connect to. */
export function isWildcardHost(host: string): boolean {
  const name = hostNameOf(host);
  return name === "0.0.0.0" || name === "::";
}

/** The names a server on `listenHost` answers to: loopback names, the listen address, and the extra names given. */
export function allowedHostsFor(listenHost: string, extra: readonly string[]): Set<string> {
  const names = new Set(["localhost", "127.0.0.1", "::1"]);
  const listen = hostNameOf(listenHost);
  if (!isWildcardHost(listen) && listen !== "") names.add(listen);
  for (const name of extra) if (name.trim() !== "") names.add(hostNameOf(name));
  return names;
}

/** Null when the request may proceed, else the status and a sentence for the client. */
export function checkRequest(request: GuardedRequest, policy: GuardPolicy): Refusal | null {
  const host = header(request, "host");
  if (!host || !policy.allowedHosts.has(hostNameOf(host))) {
    return {
      status: 403,
      error: `host "${host ?? ""}" is not one this server answers to (set PARATRACK_ALLOWED_HOSTS to add names)`,
    };
  }
  const path = request.url.split("?")[0] ?? "";
  try {
    decodeURIComponent(path);
  } catch {
    return { status: 400, error: "the path has malformed percent-encoding" };
  }
  const method = request.method.toUpperCase();
  const unsafe = UNSAFE_METHODS.has(method);
  if (!unsafe && !DATA_PATH.test(path)) return null;

  const crossOrigin = crossOriginReason(request, host);
  if (crossOrigin) return { status: 403, error: crossOrigin };
  if (unsafe && !isJson(header(request, "content-type"))) {
    return {
      status: 415,
      error: "requests that change state must be sent as Content-Type: application/json",
    };
  }
  return null;
}

/** Why the request comes from another origin (a web page elsewhere), or null when it does not. */
function crossOriginReason(request: GuardedRequest, host: string): string | null {
  const origin = header(request, "origin");
  if (origin !== undefined) {
    return sameHost(origin, host) ? null : `cross-origin requests are refused (Origin ${origin})`;
  }
  // Browsers send Sec-Fetch-Site; a client without it (curl, the CLI, an agent) is not a web page.
  const site = header(request, "sec-fetch-site");
  if (site !== undefined && site !== "same-origin" && site !== "none") {
    return `cross-site requests are refused (Sec-Fetch-Site ${site})`;
  }
  // A browser old enough to send neither (Safari before 16.4 on a no-cors GET) still names the page it came from.
  const referer = header(request, "referer");
  if (site === undefined && referer !== undefined && !sameHost(referer, host)) {
    return "cross-site requests are refused (the Referer is another site)";
  }
  return null;
}

/** Whether `url` is an http(s) URL on the authority `host` (a Host header). */
function sameHost(url: string, host: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      (parsed.protocol === "http:" || parsed.protocol === "https:") &&
      parsed.host.toLowerCase() === host.trim().toLowerCase()
    );
  } catch {
    return false;
  }
}

function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(";")[0]?.trim().toLowerCase();
  return type === "application/json";
}
