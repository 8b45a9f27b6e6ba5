// Which methods each API path takes, from the contracts: a wrong method gets a 405 that says which ones it takes
// (Next.js answers a method a route does not export with an empty 405). Unknown paths are left to the catch-all
// route (app/api/[...unknown]). Pure: a method and a path in, a refusal or null out.
import type { Endpoint } from "../contracts/endpoint";

export type RouteRefusal = { status: 405; error: string; allow: string };

/** The paths that are the API's; anything else is a page (Next.js answers GET and HEAD only). */
const API_PATH = /^\/(api(\/|$)|metrics$)/;

/** A checker over these endpoints (built once: it splits every path into segments). */
export function apiRouteChecker(
  endpoints: readonly Endpoint[],
): (method: string, path: string) => RouteRefusal | null {
  const routes = endpoints.map((endpoint) => ({
    method: endpoint.method,
    segments: endpoint.path.split("/"),
  }));
  return (method, path) => {
    if (!API_PATH.test(path)) return null;
    const segments = path.replace(/\/$/, "").split("/");
    const methods = new Set(
      routes.filter((route) => matches(route.segments, segments)).map((route) => route.method),
    );
    if (methods.size === 0) return null;
    const asked = method.toUpperCase();
    // Next.js answers HEAD like GET and OPTIONS with the methods it has.
    if (methods.has(asked as Endpoint["method"]) || asked === "OPTIONS") return null;
    if (asked === "HEAD" && methods.has("GET")) return null;
    const allow = [...methods].sort().join(", ");
    return { status: 405, error: `${asked} is not a method of ${path}; it takes ${allow}`, allow };
  };
}

/** Whether a path's segments fit a contract path's ("{key}" takes any one non-empty segment). */
function matches(pattern: readonly string[], segments: readonly string[]): boolean {
  if (pattern.length !== segments.length) return false;
  return pattern.every((part, i) =>
    part.startsWith("{") && part.endsWith("}") ? segments[i] !== "" : part === segments[i],
  );
}
