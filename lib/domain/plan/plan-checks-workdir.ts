// A track that works in its own git worktree should have its workdir inside the plan's repo: the worktree holds the
// repository's files only, so a workdir elsewhere leaves the agent in the outside directory, where its branch,
// scope and conflict tracking see none of its work. A warning, not an error: \`repo\` may name a folder inside a
// larger repository, and symbolic links are not followed here, so the engine has the last word.
import type { Plan } from "../types";
import type { Finding } from "./plan-finding";
import { isRecord } from "./plan-raw";

/** A warning per worktree track whose (resolved) workdir is outside the repo, at the workdir it took. */
export function checkWorkdirsInRepo(plan: Plan, raw: unknown): Finding[] {
  if (!plan.repo) return [];
  const repo = plan.repo.path;
  const rawTracks = isRecord(raw) && Array.isArray(raw.tracks) ? raw.tracks : [];
  const findings: Finding[] = [];
  plan.tracks.forEach((track, index) => {
    if (!track.worktree || isInside(track.workdir, repo)) return;
    const ownWorkdir = isRecord(rawTracks[index]) && rawTracks[index].workdir !== undefined;
    const which = ownWorkdir
      ? "its workdir"
      : "the plan's workdir (the plan file's folder unless workdir says)";
    findings.push({
      path: ownWorkdir ? ["tracks", index, "workdir"] : ["workdir"],
      message:
        `track "${track.key}" works in its own worktree of the repo ${repo}, but ${which} ${track.workdir} is ` +
        "outside the repo, so its agents would work outside the worktree; move the workdir into the repo, or give " +
        "the track worktree: false",
      severity: "warning",
    });
  });
  return findings;
}

function isInside(directory: string, root: string): boolean {
  return root === "/" || directory === root || directory.startsWith(`${root}/`);
}
