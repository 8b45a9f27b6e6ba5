// Issue 13 end to end, in Chromium, with a git repository the test creates and scripted agents (e2e/agents) that
// really edit and commit in their worktrees: the conflict protocol, a scope violation, a handoff acknowledged by the
// lead, and the integration phase. Bad input too: a plan whose repo is not a repository is refused, clearly.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import type {
  ConflictRecord,
  HandoffView,
  IntegrationView,
} from "../lib/domain/coordination/coordination-views";
import type { PtEvent } from "../lib/domain/types";
import type { TrackView } from "../lib/domain/views";
import { expect, test } from "./support/fixtures";
import { createGitFixture, type GitFixture, numberedLines } from "./support/git-fixture";
import type { RunningServer } from "./support/server";
import { getTrack, readProcStates } from "./support/tracks";

let fx: GitFixture | null = null;
test.afterEach(() => {
  fx?.remove();
  fx = null;
});

async function api<T>(request: APIRequestContext, server: RunningServer, url: string): Promise<T> {
  const response = await request.get(`${server.baseURL}${url}`);
  if (!response.ok()) throw new Error(`GET ${url}: ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

const tracks = (request: APIRequestContext, server: RunningServer) =>
  api<TrackView[]>(request, server, "/api/tracks");

async function startPlan(request: APIRequestContext, server: RunningServer, plan: string) {
  const response = await request.post(`${server.baseURL}/api/runs`, { data: { path: plan } });
  expect(response.ok(), await response.text()).toBe(true);
}

function header(f: GitFixture, name: string): string {
  return `name: ${name}
maxConcurrent: 4
ram: { budget: 2GB }
workdir: ${f.repo}
repo: ${f.repo}
`;
}

test("two tracks edit the same file: both paused within 3 s, the lead rules on the Conflicts page, the run goes on, the retrospective counts it", async ({
  page,
  request,
  launchServer,
}) => {
  test.setTimeout(180_000);
  fx = createGitFixture({ "src/shared.txt": numberedLines(10) });
  const f = fx;
  const server = await launchServer();

  // Bad input: a repo that is not a git repository is refused with the problem named, and nothing starts.
  const notRepo = f.writePlan(
    "not-a-repo",
    `name: bad\nrepo: ${f.marks}\ntracks:\n  - key: X\n    ram: 10MB\n    command: "true"\n`,
  );
  const refused = await request.post(`${server.baseURL}/api/runs`, { data: { path: notRepo } });
  expect(refused.status()).toBe(400);
  // A plan named by path: its problem and line, without its text (the repo path it holds).
  const answer = (await refused.json()) as {
    details: { errors: { path: string; line: number; message: string }[] };
  };
  expect(answer.details.errors).toEqual([
    expect.objectContaining({
      path: "repo",
      line: 2,
      message: expect.stringContaining("is not a git repository"),
    }),
  ]);
  expect(JSON.stringify(answer)).not.toContain(f.marks);

  const env = `    env: { E2E_MARK_DIR: ${f.marks} }\n`;
  await startPlan(
    request,
    server,
    f.writePlan(
      "conflict",
      `${header(f, "E2E conflicts")}tracks:
  - key: A
    priority: critical
    ram: 50MB
    scope: ["src/**"]
${env}    command: "${f.agent("edit:src/shared.txt:3:A-was-here", "mark:A-edited", "progress:50", "wait:B-edited", "sleep:4000", "progress:100")}"
  - key: B
    ram: 50MB
    scope: ["src/**"]
${env}    command: "${f.agent("wait:A-edited", "sleep:2500", "edit:src/shared.txt:3:B-was-here", "mark:B-edited", "sleep:3000", "progress:100")}"
  - key: C
    priority: low
    ram: 50MB
    scope: ["docs/**"]
${env}    command: "${f.agent("sleep:1500", "write:tools/oops.sh:echo", "sleep:3000", "progress:100")}"
`,
    ),
  );

  // Both tracks are paused (their processes stopped in /proc) within 3 s of B's edit.
  await expect.poll(() => f.mark("B-edited"), { timeout: 60_000 }).not.toBeNull();
  const editedAt = f.mark("B-edited")!;
  await expect
    .poll(
      async () =>
        (await tracks(request, server))
          .filter((t) => t.pausedBy === "conflict")
          .map((t) => t.key)
          .sort(),
      {
        timeout: 10_000,
        intervals: [100],
      },
    )
    .toEqual(expect.arrayContaining(["A", "B"]));
  const events = await api<PtEvent[]>(request, server, "/api/events?limit=200");
  for (const key of ["A", "B"]) {
    const paused = events.find((e) => e.kind === "track:paused" && e.trackKey === key);
    expect(paused, `track ${key} paused`).toBeDefined();
    expect(
      Date.parse(paused!.at) - editedAt,
      `track ${key} paused within 3 s of the second edit`,
    ).toBeLessThan(3_000);
    const pids = (await getTrack(request, server, key)).agents.flatMap((a) => a.processes.map((p) => p.pid));
    expect(Object.values(await readProcStates(pids)).every((s) => s === "T" || s === null)).toBe(true);
  }

  // The conflict card shows the file and the recommended resolution with its reason.
  await page.goto(`${server.baseURL}/conflicts`);
  const card = page.getByRole("article", { name: "Conflict predicted-conflict:A+B" });
  await expect(card.getByTestId("conflict-files")).toContainText("src/shared.txt");
  await expect(card.getByTestId("conflict-recommendation")).toContainText(
    "Recommended: Resume A, keep B paused until it rebases",
  );
  await expect(card.getByTestId("conflict-reason")).toContainText("A wins by priority");

  // C changed a file outside its scope: a violation naming the file.
  const violation = page.getByRole("article", { name: "Conflict scope-violation:C" });
  await expect(violation.getByTestId("conflict-files")).toContainText("tools/oops.sh");

  // The lead accepts the recommendation: A goes on, B stays paused until it rebases.
  await card.getByRole("button", { name: "Accept: Resume A, keep B paused until it rebases" }).click();
  await expect(card.getByTestId("conflict-state")).toHaveText("Resolved");
  await expect(card.getByTestId("conflict-resolution")).toContainText("B held until it rebases");
  // Settled, it still reads in words: no option or conflict id.
  await expect(card.getByTestId("conflict-recommendation")).toContainText(
    "Recommended: Resume A, keep B paused until it rebases",
  );
  await expect(card.getByTestId("conflict-resolution")).toContainText(
    "Ruling: A goes on, B waits until it rebases",
  );
  await violation.getByRole("button", { name: "Accept: Widen C's scope to tools/oops.sh" }).click();
  await expect(violation.getByTestId("conflict-state")).toHaveText("Resolved");
  await expect.poll(async () => (await getTrack(request, server, "A")).status).not.toBe("paused");
  expect((await getTrack(request, server, "B")).status).toBe("paused");

  // The run goes on: the lead resumes B from the overview once A is done; every track completes.
  await expect
    .poll(async () => (await getTrack(request, server, "A")).status, { timeout: 30_000 })
    .toBe("completed");
  await page.goto(server.baseURL);
  // B's card says why it waits, in words, and what the lead can do.
  const cardB = page.getByTestId("track-B");
  await expect(cardB.getByTestId("track-pause-reason")).toHaveText("Conflict: held until it rebases onto A");
  await expect(cardB.getByTestId("track-held-advice")).toContainText("Resume goes on now anyway");
  await page.getByRole("button", { name: "Resume track B" }).click();
  await expect
    .poll(async () => (await tracks(request, server)).map((t) => t.status), { timeout: 30_000 })
    .toEqual(["completed", "completed", "completed"]);
  const conflicts = await api<ConflictRecord[]>(request, server, "/api/conflicts");
  expect(conflicts.find((c) => c.key === "predicted-conflict:A+B")?.held).toEqual([]);

  // The retrospective counts the critical conflict (the seed's target: at most 2).
  await page.goto(`${server.baseURL}/retrospective`);
  const metric = page.getByTestId("metric-criticalConflicts");
  await expect(metric.getByTestId("metric-value")).toHaveText("1");
  // The A+B conflict and C's violation; a detection pass that sees both edits before git's merge prediction for
  // the pair is ready logs an overlap of A and B first, cleared when the prediction names the conflict (seen in
  // CI under load): 2 or 3 logged, 1 critical either way.
  await expect(metric).toContainText(/1 critical of [23] conflicts logged/);
  const logged = await api<ConflictRecord[]>(request, server, "/api/conflicts");
  for (const extra of logged.filter(
    (c) => !["predicted-conflict:A+B", "scope-violation:C"].includes(c.key ?? ""),
  ))
    expect(extra).toMatchObject({ key: "overlap:A+B", state: "cleared" });
});

test("a handoff: checksums in the document, artifacts in the receiver's worktree, the receiver starts only after the lead acknowledges", async ({
  page,
  request,
  launchServer,
}) => {
  test.setTimeout(150_000);
  fx = createGitFixture({});
  const f = fx;
  const server = await launchServer();
  await startPlan(
    request,
    server,
    f.writePlan(
      "handoff",
      `${header(f, "E2E handoff")}tracks:
  - key: API
    ram: 50MB
    scope: ["api/**"]
    test: "test -f api/openapi.yaml"
    command: "${f.agent("commit-new:api/openapi.yaml:openapi-3.1", "progress:100")}"
  - key: WEB
    ram: 50MB
    scope: ["web/**"]
    dependsOn: [API]
    command: "${f.agent("expect:api/openapi.yaml", "progress:100")}"
handoffs:
  - { from: API, to: WEB, artifacts: ["api/**"], acknowledge: lead }
`,
    ),
  );
  const delivered = async () =>
    (await api<HandoffView[]>(request, server, "/api/handoffs")).find(
      (h) => h.from === "API" && h.to === "WEB",
    );
  await expect.poll(async () => (await delivered())?.state, { timeout: 60_000 }).toBe("delivered");
  const handoff = (await delivered())!;
  const sha = createHash("sha256").update("openapi-3.1\n").digest("hex");
  expect(handoff.artifacts).toEqual([
    expect.objectContaining({ path: "api/openapi.yaml", sha256: sha, outcome: "copied" }),
  ]);
  expect(readFileSync(handoff.documentPath!, "utf8")).toContain(`\`${sha}\``);
  const web = (await getTrack(request, server, "WEB")).git!.worktree;
  expect(readFileSync(path.join(web, "api/openapi.yaml"), "utf8")).toBe("openapi-3.1\n");

  // Not started while the handoff waits for the lead (several governor passes later).
  await page.goto(`${server.baseURL}/phases`);
  const acknowledge = page.getByRole("button", { name: "Acknowledge handoff API → WEB" });
  await expect(acknowledge).toBeVisible();
  await page.waitForTimeout(3_000);
  const waiting = await getTrack(request, server, "WEB");
  expect(waiting).toMatchObject({ status: "pending", attempts: 0 });
  expect(waiting.waitReason).toContain("waiting for the lead to acknowledge the handoff from API");

  await acknowledge.click();
  await expect(
    page.getByRole("article", { name: "Handoff API to WEB" }).getByTestId("handoff-state"),
  ).toHaveText("acknowledged");
  // The receiver starts, finds the artifact (its agent exits 3 without it) and completes.
  await expect
    .poll(async () => (await getTrack(request, server, "WEB")).status, { timeout: 30_000 })
    .toBe("completed");
});

test("integration: three branches merged in the advised order, a conflicting one stops the merge with its file named", async ({
  page,
  request,
  launchServer,
}) => {
  test.setTimeout(180_000);
  fx = createGitFixture({ "src/shared.txt": numberedLines(10) });
  const f = fx;
  const server = await launchServer();
  const track = (key: string, steps: string[]) => `  - key: ${key}
    ram: 50MB
    scope: ["src/**"]
    env: { E2E_MARK_DIR: ${f.marks} }
    command: "${f.agent(...steps)}"
`;
  await startPlan(
    request,
    server,
    f.writePlan(
      "integration",
      `${header(f, "E2E integration")}integration: { test: "test -f src/P.txt && test -f src/Q.txt" }
tracks:
${track("P", ["commit-new:src/P.txt:p", "progress:100"])}${track("Q", ["commit-new:src/Q.txt:q", "progress:100"])}${track("R", ["edit:src/shared.txt:5:R-line", "sleep:4000", "progress:100"])}${track("S", ["edit:src/shared.txt:5:S-line", "sleep:4000", "progress:100"])}`,
    ),
  );
  // R and S conflict while they work; the lead dismisses it (the integration will say where it stops).
  let conflict: ConflictRecord | undefined;
  await expect
    .poll(
      async () => {
        conflict = (await api<ConflictRecord[]>(request, server, "/api/conflicts")).find(
          (c) => c.key === "predicted-conflict:R+S",
        );
        return conflict?.state;
      },
      { timeout: 60_000 },
    )
    .toBe("open");
  const dismissed = await request.post(`${server.baseURL}/api/conflicts/${conflict!.id}/resolve`, {
    data: { option: "dismiss", note: "the integration decides" },
  });
  expect(dismissed.ok(), await dismissed.text()).toBe(true);
  await expect
    .poll(async () => (await tracks(request, server)).every((t) => t.status === "completed"), {
      timeout: 60_000,
    })
    .toBe(true);

  // The lead integrates from the phases page.
  await page.goto(`${server.baseURL}/phases`);
  await page.getByRole("button", { name: "Integrate the track branches" }).click();
  const panel = page.getByTestId("integration-panel");
  await expect(panel.getByTestId("integration-state")).toHaveAttribute("data-state", "conflict", {
    timeout: 60_000,
  });
  const steps = panel.getByTestId("integration-step");
  await expect(steps).toHaveCount(4);
  await expect(steps.nth(0)).toContainText("P: merged");
  await expect(steps.nth(1)).toContainText("Q: merged");
  await expect(steps.nth(2)).toContainText("R: merged");
  await expect(steps.nth(3)).toContainText("S: conflict in src/shared.txt");
  const integration = (
    await api<{ integration: IntegrationView }>(request, server, "/api/runs/current/integration")
  ).integration;
  expect(integration.order.map((e) => e.key)).toEqual(["P", "Q", "R", "S"]);
  expect(integration.result?.stoppedAt).toBe("S");
  expect(integration.report).toContain("Integration stopped merging **S**: conflicts in `src/shared.txt`");
  // Nothing of the lead's branch changed.
  expect(f.git(["log", "--format=%s", "main"])).toBe("initial");
});

test("a critical blocker: the overview alerts the lead, who resolves it on the blockers board", async ({
  page,
  request,
  launchServer,
}) => {
  test.setTimeout(120_000);
  fx = createGitFixture({});
  const f = fx;
  const server = await launchServer();
  await startPlan(
    request,
    server,
    f.writePlan(
      "blocker",
      `${header(f, "E2E blocker")}tracks:
  - key: X
    ram: 20MB
    command: "sh -c 'echo ::blocker critical the staging database is down; echo ::blocker low a flaky test; exec sleep 120'"
  - key: "Y"
    ram: 20MB
    command: "sh -c 'for i in $(seq 51); do echo ::blocker low lint warning $i; done; exec sleep 120'"
`,
    ),
  );
  await page.goto(server.baseURL);
  const alert = page.getByTestId("critical-blockers");
  await expect(alert).toContainText(/#\d+ track X: the staging database is down/, { timeout: 30_000 });
  await expect(alert).not.toContainText("a flaky test");
  await expect.poll(async () => (await getTrack(request, server, "X")).reportStatus).toBe("blocked");

  // The daily status in the seed's YAML carries the blocker; the day downloads as one YAML file.
  await page.goto(`${server.baseURL}/status`);
  await page.getByRole("button", { name: "Write today's status now" }).click();
  const yaml = page.getByTestId("status-yaml").filter({ hasText: "track: X" });
  await expect(yaml).toContainText("status: blocked");
  await expect(yaml).toContainText("blocker: the staging database is down");
  await expect(yaml).toContainText("severity: critical");
  // Y reports no status: Paratrack's reading, one of the seed's three (its blockers are all low).
  await expect(page.getByTestId("status-yaml").filter({ hasText: "track: Y" })).toContainText(
    "status: on-track",
  );
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: /^Download .*\.yaml$/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^paratrack-status-\d{4}-\d{2}-\d{2}\.yaml$/);
  const file = readFileSync((await download.path())!, "utf8");
  expect(file).toContain("track: X");
  expect(file).toContain("progress_percent:");

  await page.goto(server.baseURL);
  await page.getByRole("link", { name: "Blockers board →" }).click();
  const rows = page.getByTestId("blocker-row");
  // Y's 51st lint warning found the board full: it is said above the board, not kept on it.
  await expect(rows).toHaveCount(52);
  const full = page.getByTestId("board-full");
  await expect(full).toHaveText(
    "Track Y has 50 open low blockers: new low ones are not kept on the board until some are resolved (they stay in its log).",
  );
  await rows
    .filter({ hasText: "lint warning 7" })
    .getByRole("button", { name: /^Resolve blocker/ })
    .click();
  await expect(full).toHaveCount(0);
  const staging = rows.filter({ hasText: "the staging database is down" });
  await staging.getByRole("button", { name: /^Resolve blocker/ }).click();
  await expect(staging).toContainText("(lead)");
  await expect.poll(async () => (await getTrack(request, server, "X")).reportStatus).toBeNull();
  await page.goto(server.baseURL);
  await expect(page.getByTestId("critical-blockers")).toHaveCount(0);
  await request.post(`${server.baseURL}/api/tracks/X/stop`, { data: {} });
  await request.post(`${server.baseURL}/api/tracks/Y/stop`, { data: {} });
});
