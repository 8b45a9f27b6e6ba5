// Issue #5 end to end, on one real short run of three tracks (e2e/plans/plan-vs-actual.yaml): the Gantt shows
// planned and actual bars, the lead's pause as a paused span (live, then closed); phase 1's gate blocks the
// advance until its manual items are ticked; the retrospective shows the metrics and downloads as Markdown.
import { readFile } from "node:fs/promises";
import type { Locator } from "@playwright/test";
import type { RunView } from "../lib/domain/views";
import { expect, test } from "./support/fixtures";
import {
  getTrack,
  getTracks,
  readProcStates,
  readTrackStatus,
  type WrittenPlan,
  writePlan,
} from "./support/tracks";

const RUN_NAME = "E2E plan versus actual";

/** "Track A actual paused by lead 0:05–0:10 (…)" → its length in seconds (m:ss offsets). */
function spanSeconds(label: string): number {
  const match = /(\d+):(\d\d)–(\d+):(\d\d)/.exec(label);
  if (!match) throw new Error(`no m:ss–m:ss span in "${label}"`);
  const [, m1, s1, m2, s2] = match.map(Number) as [number, number, number, number, number];
  return m2 * 60 + s2 - (m1 * 60 + s1);
}

async function labelsOf(locator: Locator): Promise<string[]> {
  return locator.evaluateAll((els) => els.map((el) => el.getAttribute("aria-label") ?? ""));
}

let plan: WrittenPlan;
test.beforeEach(() => {
  plan = writePlan("plan-vs-actual");
});
test.afterEach(() => plan.remove());

test("a real run: Gantt with planned, actual and paused bars; a gate that waits for its manual items; the retrospective and its Markdown", async ({
  page,
  request,
  launchServer,
}) => {
  test.setTimeout(240_000);
  const server = await launchServer({ args: ["--plan", plan.file] });
  for (const key of ["A", "B", "C"])
    await expect
      .poll(() => readTrackStatus(request, server, key), { timeout: 30_000, message: `track ${key} starts` })
      .toBe("running");

  // --- Gantt, live: planned and actual bars, then the lead's pause as an ongoing paused span.
  await page.goto(`${server.baseURL}/gantt`);
  const chart = page.getByTestId("gantt-chart");
  await expect(chart).toBeVisible({ timeout: 30_000 });
  for (const key of ["A", "B", "C"]) {
    await expect(page.getByRole("img", { name: new RegExp(`^Track ${key} planned `) })).toBeVisible();
    await expect(page.getByRole("img", { name: new RegExp(`^Track ${key} actual running `) })).toBeVisible();
  }
  await expect(page.getByTestId("gantt-planned-A")).toHaveCount(1);
  // The RAM line is the plan's admission line, named as such beside the budget it comes from (1 GB here).
  await expect(page.getByText("Planned within (admission line)")).toBeVisible();
  await expect(page.getByText("75 % of the 1.00 GB budget")).toBeVisible();
  await expect(page.getByTestId("gantt-ram-band")).toHaveAttribute("aria-label", /admission line 750 MB$/);

  const pausedAt = Date.now();
  const pause = await request.post(`${server.baseURL}/api/tracks/A/pause`, { data: {} });
  expect(pause.status(), await pause.text()).toBe(200);
  const pausedBar = page.getByRole("img", { name: /^Track A actual paused by lead / });
  await expect(pausedBar).toBeVisible({ timeout: 10_000 });
  await expect(pausedBar).toHaveAttribute("aria-label", /\(ongoing\)$/);
  await expect(pausedBar).toHaveAttribute("data-kind", "paused");
  await expect(pausedBar).toHaveAttribute("data-paused-by", "lead");
  // The pause is real: A's processes are stopped.
  await expect(async () => {
    const a = await getTrack(request, server, "A");
    const pids = a.agents.flatMap((agent) => agent.processes.map((p) => p.pid));
    expect(pids.length).toBeGreaterThan(0);
    const states = await readProcStates(pids);
    for (const pid of pids) expect(states[pid], `process ${pid}`).toBe("T");
  }).toPass({ timeout: 5_000 });

  // --- Phases, meanwhile: phase 1's gate passes its automatic items but waits for the lead's two ticks.
  const phases = await page.context().newPage();
  await phases.goto(`${server.baseURL}/phases`);
  const phase1 = phases.getByTestId("phase-1");
  await expect(phase1).toHaveAttribute("data-state", "current", { timeout: 30_000 });
  const advance = phase1.getByRole("button", { name: "Advance to phase 2" });
  const coordination = phase1.getByTestId("gate-item-coordination-protocol-documented");
  const risks = phase1.getByTestId("gate-item-risk-mitigation-defined");
  for (const auto of ["tracks-identified", "resource-plan-validated"])
    await expect(phase1.getByTestId(`gate-item-${auto}`)).toHaveAttribute("data-status", "pass");
  await expect(coordination).toHaveAttribute("data-status", "manual");
  await expect(risks).toHaveAttribute("data-status", "manual");
  await expect(advance).toBeDisabled();

  await phases
    .getByRole("textbox", { name: "Note for Coordination protocol documented" })
    .fill("e2e: in the README");
  // click(), not check(): the box is controlled by the tick mutation, which settles a moment after the click.
  const coordinationBox = phases.getByRole("checkbox", { name: "Coordination protocol documented" });
  const risksBox = phases.getByRole("checkbox", { name: "Risk mitigation strategies defined" });
  await expect(coordinationBox).not.toBeChecked();
  await coordinationBox.click();
  await expect(coordinationBox).toBeChecked();
  await expect(coordination).toHaveAttribute("data-status", "pass");
  await expect(coordination.getByTestId("gate-evidence")).toContainText("e2e: in the README");
  // One manual item still open: the gate still blocks.
  await expect(risks).toHaveAttribute("data-status", "manual");
  await expect(advance).toBeDisabled();
  await expect(phase1.getByTestId("advance-blocked")).toContainText("Risk mitigation strategies defined");

  await risksBox.click();
  await expect(risks).toHaveAttribute("data-status", "pass");
  await expect(risksBox).toBeChecked();
  await expect(advance).toBeEnabled();
  // Unticking blocks it again: the button follows the gate, not the click history.
  await risksBox.click();
  await expect(risks).toHaveAttribute("data-status", "manual");
  await expect(risksBox).not.toBeChecked();
  await expect(advance).toBeDisabled();
  await risksBox.click();
  await expect(risks).toHaveAttribute("data-status", "pass");
  await expect(advance).toBeEnabled();
  // The page says who advances phases, and advancing asks first: Cancel keeps phase 1 current.
  await expect(phases.getByTestId("phases-who-advances")).toContainText(
    "the lead advances the current phase",
  );
  const dialog = phases.getByTestId("advance-dialog");
  await advance.click();
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("Phase 1 (");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(phase1).toHaveAttribute("data-state", "current");
  await advance.click();
  await dialog.getByRole("button", { name: "Advance to phase 2" }).click();
  await expect(phase1).toHaveAttribute("data-state", "passed");
  await expect(phases.getByTestId("phase-2")).toHaveAttribute("data-state", "current");
  const run = (await (await request.get(`${server.baseURL}/api/runs/current`)).json()) as RunView;
  expect(run.phase).toBe(2);
  await phases.close();

  // --- Resume A after about 5 s of pause: the paused span closes and a new running span follows.
  const pausedFor = Date.now() - pausedAt;
  if (pausedFor < 5_000) await page.waitForTimeout(5_000 - pausedFor); // the pause the lead wants, no longer
  const resume = await request.post(`${server.baseURL}/api/tracks/A/resume`, { data: {} });
  expect(resume.status(), await resume.text()).toBe(200);
  await expect(pausedBar).not.toHaveAttribute("aria-label", /ongoing/, { timeout: 10_000 });
  const running = page.getByRole("img", { name: /^Track A actual running / });
  await expect.poll(() => running.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);

  // --- The run completes; the Gantt keeps both bars and the closed pause.
  await expect
    .poll(async () => (await getTracks(request, server)).map((t) => t.status).join(","), {
      timeout: 120_000,
      intervals: [1_000],
      message: "every track completes",
    })
    .toBe("completed,completed,completed");
  await expect(page.getByTestId("gantt-run-status")).toContainText(/completed/i, { timeout: 10_000 });
  await expect(page.getByRole("img", { name: /^Track A planned / })).toBeVisible();
  const pausedLabels = await labelsOf(page.getByRole("img", { name: /^Track A actual paused by lead / }));
  expect(pausedLabels).toHaveLength(1);
  const pausedSeconds = spanSeconds(pausedLabels[0] ?? "");
  expect(pausedSeconds, pausedLabels[0]).toBeGreaterThanOrEqual(4);
  expect(pausedSeconds, pausedLabels[0]).toBeLessThanOrEqual(30);
  const actualKinds = await page
    .getByTestId("gantt-actual-A")
    .evaluateAll((els) => els.map((el) => el.getAttribute("data-kind")));
  expect(actualKinds).toEqual(["running", "paused", "running"]);
  for (const key of ["B", "C"]) {
    await expect(page.getByTestId(`gantt-actual-${key}`)).toHaveCount(1);
    await expect(page.getByTestId(`gantt-actual-${key}`)).toHaveAttribute("data-kind", "running");
  }

  // --- Retrospective: the seed's metrics with their status, and the Markdown download.
  await page.goto(`${server.baseURL}/retrospective`);
  await expect(page.getByRole("heading", { name: `Retrospective: ${RUN_NAME}` })).toBeVisible({
    timeout: 30_000,
  });
  const metrics = page.getByRole("list", { name: "Success metrics" });
  for (const key of ["timeSaved", "averageRam", "peakRam", "qualityPassRate", "criticalConflicts"]) {
    const metric = metrics.getByTestId(`metric-${key}`);
    await expect(metric).toBeVisible();
    await expect(metric).toHaveAttribute("data-status", /^(met|warn|fail)$/);
    await expect(metric.getByTestId("metric-value")).not.toBeEmpty();
  }
  // Three tracks side by side: the run took about a third of their summed time, so the time saved is met;
  // every quality gate passed; no scope conflict was logged; agents stayed far below the budget's Red line.
  await expect(metrics.getByTestId("metric-timeSaved")).toHaveAttribute("data-status", "met");
  await expect(metrics.getByTestId("metric-qualityPassRate")).toHaveAttribute("data-status", "met");
  await expect(metrics.getByTestId("metric-qualityPassRate").getByTestId("metric-value")).toHaveText(/^100/);
  await expect(metrics.getByTestId("metric-criticalConflicts")).toHaveAttribute("data-status", "met");
  await expect(metrics.getByTestId("metric-peakRam")).toHaveAttribute("data-status", "met");
  await expect(page.getByTestId("retro-pauses")).toContainText(/Track A paused by lead for \d+s/);

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download Markdown" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.md$/);
  const markdown = await readFile(await download.path(), "utf8");
  expect(markdown).toContain(`# Retrospective: ${RUN_NAME}`);
  expect(markdown).toContain("## Success metrics");
  expect(markdown).toMatch(/\| Time saved vs sequential \| \d+(\.\d)? % \|.*\| met \|/);
  expect(markdown).toMatch(/\| Quality gate pass rate \| 100(\.0)? % \|/);
  expect(markdown).toContain("## Pauses");
  expect(markdown).toMatch(/A — Api Gateway/);
});
