// The HTTP server's request listener: every answer carries headers that keep other sites from framing or
// embedding the dashboard, and the request guard refuses before Next.js sees anything.
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { PeerUserCheck } from "../security/peer-user";
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

/**
 * Wraps Next's handler: the security headers, then the guard's refusal or the handler. `peerUser`, when given,
 * first asks who opened the connection (a server without token answers only its own user).
 */
export function guardedListener(
  guard: GuardPolicy,
  next: (req: IncomingMessage, res: ServerResponse) => unknown,
  peerUser: PeerUserCheck | null = null,
): RequestListener {
  const refuse = (res: ServerResponse, refusal: Refusal) =>
    res
      .writeHead(refusal.status, { "content-type": "application/json" })
      .end(JSON.stringify({ error: refusal.error }));
  const guarded = (req: IncomingMessage, res: ServerResponse) => {
    // Host, Origin, Content-Type and the path's encoding, for pages and API alike.
    const refusal = checkRequest(
      { method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers },
      guard,
    );
    if (refusal) refuse(res, refusal);
    else next(req, res);
  };
  return (req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (peerUser === null) return guarded(req, res);
    void peerUser(req.socket).then((refusal) => (refusal ? refuse(res, refusal) : guarded(req, res)));
  };
}
