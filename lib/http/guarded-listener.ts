// The HTTP server's request listener: every answer carries headers that keep other sites from framing or
// embedding the dashboard, and the request guard refuses before Next.js sees anything.
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { PeerUserCheck } from "../security/peer-user";
import type { RouteRefusal } from "./api-routes";
import { checkRequest, type GuardPolicy, type Refusal } from "./request-guard";

/**
 * On every response, pages and API alike. A foreign page could otherwise load the dashboard in a hidden frame
 * and have the lead click Stop or Pause through it (its requests are then same-origin), or load an answer as a
 * script or image in a browser that sends neither Origin nor Sec-Fetch-Site.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Frame-Options": "DENY",
  "Content-Security-Policy": "frame-ancestors 'none'",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Cross-Origin-Opener-Policy": "same-origin",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
};

/** What the listener checks besides the request guard. */
export type ListenerChecks = {
  /** Who opened the connection, asked first (a server without token answers only its own user). */
  peerUser?: PeerUserCheck | null;
  /** A wrong method on an API path (see api-routes.ts), asked last. */
  apiRoutes?: ((method: string, path: string) => RouteRefusal | null) | null;
};

/** Wraps Next's handler: the security headers, then the first refusal of the checks, or the handler. */
export function guardedListener(
  guard: GuardPolicy,
  next: (req: IncomingMessage, res: ServerResponse) => unknown,
  checks: ListenerChecks = {},
): RequestListener {
  const peerUser = checks.peerUser ?? null;
  const apiRoutes = checks.apiRoutes ?? null;
  const refuse = (res: ServerResponse, refusal: Refusal | RouteRefusal) =>
    res
      .writeHead(refusal.status, {
        "content-type": "application/json",
        ...("allow" in refusal ? { allow: refusal.allow } : {}),
      })
      .end(JSON.stringify({ error: refusal.error }));
  const guarded = (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? "GET";
    const url = req.url ?? "/";
    // Host, Origin, Content-Type and the path's encoding, for pages and API alike.
    const refusal = checkRequest({ method, url, headers: req.headers }, guard);
    // A wrong method is told as such, not as a wrong Content-Type; only once Host and Origin passed.
    const wrongMethod =
      refusal === null || refusal.status === 415
        ? (apiRoutes?.(method, url.split("?")[0] ?? "") ?? null)
        : null;
    const answer = wrongMethod ?? refusal;
    if (answer) refuse(res, answer);
    else next(req, res);
  };
  return (req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    // The API's answers hold plan text, commands and logs: no cache keeps them (a route may say otherwise).
    if (isDataPath(req.url ?? "/")) res.setHeader("Cache-Control", "no-store");
    if (peerUser === null) return guarded(req, res);
    void peerUser(req.socket).then((refusal) => (refusal ? refuse(res, refusal) : guarded(req, res)));
  };
}

/** /api/… and /metrics: the answers made of the server's data, not the dashboard's pages and assets. */
function isDataPath(url: string): boolean {
  const path = url.split("?")[0] ?? "";
  return path === "/api" || path.startsWith("/api/") || path === "/metrics";
}
