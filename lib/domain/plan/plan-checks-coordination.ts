// Cross-field checks of the git coordination fields (repo, base, worktree, handoffs, integration), on the raw YAML
// data so they still report when other parts fail the schema.
import type { Finding } from "./plan-finding";
import { type DependencyGraph, listDependencies } from "./plan-graph";

/** Findings about repo/base/worktree/handoffs/integration; `suggest` formats a " (did you mean …?)" hint. */
export function checkCoordination(
  raw: Record<string, unknown>,
  tracks: readonly { index: number; data: Record<string, unknown>; key: string | undefined }[],
  graph: DependencyGraph,
  suggest: (word: string, candidates: readonly string[]) => string,
): Finding[] {
  const findings: Finding[] = [];
  const hasRepo = typeof raw.repo === "string";
  const needsRepo = (path: (string | number)[], what: string) =>
    findings.push({
      path,
      at: "key",
      message: `${what} needs the plan's "repo" (a git repository): add repo: <path>`,
      severity: "error",
    });
  if (!hasRepo && raw.base !== undefined) needsRepo(["base"], '"base"');
  if (!hasRepo && raw.integration !== undefined) needsRepo(["integration"], '"integration"');
  for (const { index, data } of tracks) {
    if (!hasRepo && data.worktree === true) needsRepo(["tracks", index, "worktree"], "worktree: true");
  }
  // Phase 5 integrates any plan with a repo (its section only adds the test and the branch), in the worktree
  // <repo>.paratrack/<run8>/integration on paratrack/<run8>/integration unless integration.branch says otherwise.
  const integration = isRecord(raw.integration) ? raw.integration : null;
  const clash = tracks.find((t) => t.key === "integration" && t.data.worktree !== false);
  if (hasRepo && clash) {
    const sharesBranch = integration?.branch === undefined;
    findings.push({
      path: ["tracks", clash.index, "key"],
      message: `track key "integration" is the integration phase's own name: the track's worktree (<repo>.paratrack/<run8>/integration)${sharesBranch ? " and branch (paratrack/<run8>/integration)" : ""} would be the integration's; rename the track`,
      severity: "error",
    });
  }
  if (!Array.isArray(raw.handoffs)) return findings;
  const keys = [...graph.keys()];
  const seen = new Map<string, number>();
  raw.handoffs.forEach((handoff: unknown, index) => {
    if (!isRecord(handoff)) return;
    const { from, to } = handoff;
    for (const [field, value] of [
      ["from", from],
      ["to", to],
    ] as const) {
      if (typeof value === "string" && !graph.has(value)) {
        findings.push({
          path: ["handoffs", index, field],
          message: `unknown track "${value}" in handoffs${suggest(value, keys)}; tracks are: ${keys.join(", ")}`,
          severity: "error",
        });
      }
    }
    if (Array.isArray(handoff.artifacts)) {
      handoff.artifacts.forEach((glob: unknown, position) => {
        if (typeof glob !== "string") return;
        const body = glob.startsWith("!") ? glob.slice(1) : glob;
        if (body.startsWith("/") || body.split("/").includes("..")) {
          findings.push({
            path: ["handoffs", index, "artifacts", position],
            message: `artifact glob "${glob}" must stay inside the sender's worktree (no absolute path, no "..")`,
            severity: "error",
          });
        }
      });
    }
    if (typeof from !== "string" || typeof to !== "string" || !graph.has(from) || !graph.has(to)) return;
    if (from === to) {
      findings.push({
        path: ["handoffs", index, "to"],
        message: `a handoff goes from one track to another: "from" and "to" are both "${from}"`,
        severity: "error",
      });
      return;
    }
    const pair = `${from}→${to}`;
    const first = seen.get(pair);
    if (first !== undefined) {
      findings.push({
        path: ["handoffs", index],
        message: `duplicate handoff ${from} → ${to} (also handoffs[${first}]); list its artifacts once`,
        severity: "error",
      });
      return;
    }
    seen.set(pair, index);
    if (!listDependencies(graph, to).has(from)) {
      findings.push({
        path: ["handoffs", index, "to"],
        message: `track "${to}" does not depend on "${from}": it may start before the handoff arrives; add "${from}" to its dependsOn`,
        severity: "warning",
      });
    }
  });
  return findings;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
