// A handoff between two real track worktrees: the artifacts arrive, the document sits in .paratrack/ (excluded from
// git), and the receiver's change set shows the artifacts without the conflict rules counting them as its own work.
import { readFileSync } from "node:fs";
import nodePath from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { detectChangeConflicts } from "../domain/coordination/change-conflicts";
import type { ConflictTrack } from "../domain/coordination/conflicts";
import { renderHandoffDocument } from "../domain/coordination/handoffs";
import { readChangeSet } from "../git/changes";
import { createGit } from "../git/git-runner";
import { ensureExcluded, inspectRepository } from "../git/repository";
import { createTestRepo, type TestRepo } from "../git/test-repo";
import { addTrackWorktree, defaultWorktreePath, trackBranchName } from "../git/worktrees";
import { sha256File, transferArtifacts, writeHandoffDocument } from "./transfer-artifacts";

const git = createGit();
let repo: TestRepo;
beforeEach(() => {
  repo = createTestRepo();
});
afterEach(() => repo.remove());

function track(key: string, scope: string[]): ConflictTrack {
  return { key, scope, status: "running", tier: "primary", priority: "standard", progressPercent: 0 };
}

describe("handoff between track worktrees", () => {
  it("copies the sender's artifacts into the receiver's worktree with their sha256, the document beside them", async () => {
    const base = repo.git(["rev-parse", "HEAD"]);
    const make = (key: string) =>
      addTrackWorktree(git, {
        repo: repo.root,
        path: defaultWorktreePath(repo.root, "r1", key),
        branch: trackBranchName("r1", key),
        baseCommit: base,
      });
    const api = await make("api");
    const web = await make("web");
    repo.write("api/openapi.yaml", "openapi: 3.1.0\n", api.path);
    repo.commit("spec", api.path);
    await ensureExcluded(await inspectRepository(git, repo.root), "/.paratrack/");

    const transfer = await transferArtifacts({
      fromKey: "api",
      fromRoot: api.path,
      toRoot: web.path,
      globs: ["api/openapi.yaml"],
    });
    const doc = renderHandoffDocument({
      from: { key: "api", name: "API" },
      to: { key: "web", name: "Web" },
      at: "2025-10-07T16:00:00.000Z",
      branch: { name: api.branch, head: repo.git(["rev-parse", "HEAD"], api.path) },
      deliverables: [],
      artifacts: transfer.artifacts,
      unmatchedGlobs: transfer.unmatchedGlobs,
      tests: { command: null, outcome: "no-test", summary: null },
      openBlockers: [],
      lessons: [],
      acknowledge: "auto",
    });
    await writeHandoffDocument(nodePath.join(web.path, ".paratrack/handoffs/api.md"), doc);

    const copied = nodePath.join(web.path, "api/openapi.yaml");
    expect(readFileSync(copied, "utf8")).toBe("openapi: 3.1.0\n");
    expect(transfer.artifacts[0]?.sha256).toBe(await sha256File(copied));
    expect(readFileSync(nodePath.join(web.path, ".paratrack/handoffs/api.md"), "utf8")).toContain(
      transfer.artifacts[0]!.sha256,
    );

    const changes = await readChangeSet(git, web.path, base);
    expect(changes.files.map((f) => [f.path, f.untracked])).toEqual([["api/openapi.yaml", true]]);
    const tracks = [
      { track: track("api", ["api/**"]), files: [] },
      { track: track("web", ["web/**"]), files: changes.files },
    ];
    expect(detectChangeConflicts({ tracks, predictions: [] }).map((c) => c.key)).toEqual([
      "scope-violation:web",
    ]);
    const received = transfer.artifacts.map((a) => a.path);
    expect(
      detectChangeConflicts({ tracks: [tracks[0]!, { ...tracks[1]!, received }], predictions: [] }),
    ).toEqual([]);
  });
});
