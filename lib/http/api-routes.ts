// Which methods each API path takes, from the contracts: a wrong method gets a 405 that says which ones it takes
// (Next.js answers a method a route does not export with an empty 405). A path with a route's shape but not its
// parameters (an unknown action) gets that route's 404 for any method. Unknown paths are left to the catch-all
// route (app/api/[...unknown]), but for /api itself, which it does not match (Next.js would answer with its HTML
// page). Pure: a method and a path in, a refusal or null out.
import type { z } from "zod";
import type { Endpoint } from "../contracts/endpoint";
import { describeIssues, noSuchApiRouteMessage } from "./respond";

export type RouteRefusal = { status: 405; error: string; allow: string } | { status: 404; error: string };

/** The paths that are the API's; anything else is a page (Next.js answers GET and HEAD only). */
const API_PATH = /^\/(api(\/|$)|metrics$)/;

/** A checker over these endpoints (built once: it splits every path into segments). */
export function apiRouteChecker(
  endpoints: readonly Endpoint[],
): (method: string, path: string) => RouteRefusal | null {
  const routes = endpoints.map((endpoint) => ({
    method: endpoint.method,
    segments: endpoint.path.split("/"),
    params: endpoint.params,
  }));
  return (method, path) => {
    if (!API_PATH.test(path)) return null;
    const segments = path.replace(/\/$/, "").split("/");
    if (segments.length === 2 && segments[1] === "api")
      return { status: 404, error: noSuchApiRouteMessage("/api") };
    const shaped = routes.filter((route) => matches(route.segments, segments));
    if (shaped.length === 0) return null;
    // /api/tracks/A/logs has the shape of …/{key}/{action} too, but "logs" is no action: only …/{key}/logs fits.
    const fitting = shaped.filter((route) => paramsIssues(route, segments) === null);
    const asked = method.toUpperCase();
    if (fitting.length === 0) {
      // A route that takes this method answers for itself (the token first, then its own 404); where none does,
      // Next.js would send an empty 405: the route's 404 says what is wrong instead.
      const route = shaped.find((r) => r.method === asked || (asked === "HEAD" && r.method === "GET"));
      if (route !== undefined || asked === "OPTIONS") return null;
      return { status: 404, error: describeIssues(paramsIssues(shaped[0]!, segments)!) };
    }
    const methods = new Set(fitting.map((route) => route.method));
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

/** Why the path's segments are not the route's parameters (its params schema), or null when they are. */
function paramsIssues(
  route: { segments: readonly string[]; params?: z.ZodType },
  segments: readonly string[],
): z.ZodError | null {
  if (!route.params) return null;
  const values: Record<string, string> = {};
  route.segments.forEach((part, i) => {
    if (part.startsWith("{") && part.endsWith("}")) values[part.slice(1, -1)] = decoded(segments[i]!);
  });
  const parsed = route.params.safeParse(values);
  return parsed.success ? null : parsed.error;
}

/** A segment as Next.js hands it to the route (the request guard already refused malformed encoding). */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
