// Scope globs that can never match: scopes are anchored at the plan's workdir and a change outside it belongs to no
// scope, so an absolute glob or one climbing out with ".." would make every change of its track a scope violation.
import type { Finding } from "./plan-finding";

/** An error at every scope glob of the plan that is absolute or has a ".." segment. */
export function checkScopeGlobs(raw: Record<string, unknown>): Finding[] {
  const findings: Finding[] = [];
  const tracks = Array.isArray(raw.tracks) ? raw.tracks : [];
  tracks.forEach((track: unknown, index) => {
    const scope = (track as { scope?: unknown } | null)?.scope;
    if (!Array.isArray(scope)) return;
    scope.forEach((glob: unknown, position) => {
      if (typeof glob !== "string") return;
      const body = glob.startsWith("!") && !glob.startsWith("!(") ? glob.slice(1) : glob;
      if (!body.startsWith("/") && !body.split("/").includes("..")) return;
      findings.push({
        path: ["tracks", index, "scope", position],
        message: `scope glob "${glob}" can never match: scopes are relative to the plan's workdir and cannot reach outside it (no absolute path, no "..")`,
        severity: "error",
      });
    });
  });
  return findings;
}
