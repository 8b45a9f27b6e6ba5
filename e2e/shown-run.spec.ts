// What the dashboard shows is the run it says it shows, and what it offers can be done: once a run has ended its
// track buttons are disabled with the reason (the server refuses them all); the overview's decisions and events
// are the shown run's, not an earlier run's; a run id that matches no run says so beside the run picker.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import type { RunView } from "../lib/domain/views";
import { expect, test } from "./support/fixtures";
import type { RunningServer } from "./support/server";
import { AGENT_COMMAND } from "./support/tracks";

let workdir: string | null = null;
test.afterEach(() => {
  if (workdir) rmSync(workdir, { recursive: true, force: true });
  workdir = null;
});

/** A plan's YAML text whose agents run in `dir`: A fails at once, B completes, D waits for A for ever. */
function failingPlan(dir: string): string {
  return [
    "name: E2E ended run",
    `workdir: ${dir}`,
    "maxConcurrent: 3",
    "ram: { budget: 1GB }",
    "tracks:",
    "  - key: A",
    "    name: Failing Alpha",
    "    ram: 80MB",
    "    duration: 1m",
    `    command: "${AGENT_COMMAND} --mb 10 --seconds 4 --steps 2 --fail-at 50"`,
    "  - key: B",
    "    name: Completing Bravo",
    "    ram: 80MB",
    "    duration: 1m",
    `    command: "${AGENT_COMMAND} --mb 10 --seconds 2 --steps 2"`,
    "  - key: D",
    "    name: Dependent Delta",
    "    ram: 80MB",
    "    duration: 1m",
    "    dependsOn: [A]",
    `    command: "${AGENT_COMMAND} --mb 10 --seconds 2 --steps 2"`,
  ].join("\n");
}

/** A second run with other track keys, still running while the test looks at it. */
function secondPlan(dir: string): string {
  return [
    "name: E2E second run",
    `workdir: ${dir}`,
    "ram: { budget: 1GB }",
    "tracks:",
    "  - key: X",
    "    name: Second Xray",
    "    ram: 80MB",
    "    duration: 1m",
    `    command: "${AGENT_COMMAND} --mb 10 --seconds 60 --steps 2"`,
  ].join("\n");
}

async function startRun(request: APIRequestContext, server: RunningServer, plan: string): Promise<string> {
  const response = await request.post(`${server.baseURL}/api/runs`, { data: { plan } });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { runId: string }).runId;
}

async function runStatus(request: APIRequestContext, server: RunningServer, id: string) {
  const runs = (await (await request.get(`${server.baseURL}/api/runs`)).json()) as RunView[];
  return runs.find((r) => r.id === id)?.status;
}

test("an ended run's track buttons are disabled with the reason, also beside a track still pending", async ({
  page,
  request,
  launchServer,
}) => {
  test.setTimeout(120_000);
  workdir = mkdtempSync(path.join(os.tmpdir(), "paratrack-shown-run-"));
  const server = await launchServer();

  // The run ends failed with D still pending behind the failed A: not every track is finished.
  const first = await startRun(request, server, failingPlan(workdir));
  await expect.poll(() => runStatus(request, server, first), { timeout: 60_000 }).toBe("failed");

  await page.goto(server.baseURL);
  const bravo = page.getByRole("article", { name: "Completing Bravo" });
  const delta = page.getByRole("article", { name: "Dependent Delta" });
  await expect(bravo).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("run-headline")).toContainText("run failed");
  const restartB = bravo.getByRole("button", { name: "Restart track B" });
  await expect(restartB).toHaveAttribute("aria-disabled", "true");
  await expect(restartB).toHaveAttribute("title", /run has ended/);
  const stopD = delta.getByRole("button", { name: "Stop track D" });
  await expect(stopD).toHaveAttribute("aria-disabled", "true");
  await expect(stopD).toHaveAttribute("title", /run has ended/);
  // A disabled button does nothing: no dialog, no refusal under the card (forced: Playwright waits for enabled).
  await restartB.click({ force: true });
  await expect(page.getByRole("alertdialog")).toHaveCount(0);
  await expect(bravo.getByRole("alert")).toHaveCount(0);
});

test("the overview's decisions and events are the shown run's, not an earlier run's", async ({
  page,
  request,
  launchServer,
}) => {
  test.setTimeout(120_000);
  workdir = mkdtempSync(path.join(os.tmpdir(), "paratrack-shown-run-"));
  const server = await launchServer();
  const first = await startRun(request, server, failingPlan(workdir));
  await expect.poll(() => runStatus(request, server, first), { timeout: 60_000 }).toBe("failed");
  await startRun(request, server, secondPlan(workdir));

  await page.goto(server.baseURL);
  await expect(page.getByRole("article", { name: "Second Xray" })).toBeVisible({ timeout: 30_000 });
  const feed = page.getByTestId("decisions-feed");
  await expect(feed.locator('[data-track-key="X"]').first()).toBeVisible({ timeout: 30_000 });
  for (const key of ["A", "B", "D"]) await expect(feed.locator(`[data-track-key="${key}"]`)).toHaveCount(0);
  const events = page.getByTestId("events-feed");
  await expect(events).toContainText("track X");
  await expect(events).not.toContainText("E2E ended run");
  await expect(events).not.toContainText("track A");
});

test("a run id that matches no run says so beside the run picker, on the Gantt, the phases and the retrospective", async ({
  page,
  request,
  launchServer,
}) => {
  test.setTimeout(120_000);
  workdir = mkdtempSync(path.join(os.tmpdir(), "paratrack-shown-run-"));
  const server = await launchServer();
  await startRun(request, server, secondPlan(workdir));

  for (const base of ["/gantt", "/phases", "/retrospective"]) {
    await page.goto(`${server.baseURL}${base}?run=nonexistent-id`);
    await expect(page.getByText(/No run with id “nonexistent-id”/)).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText("No run has started yet.")).toHaveCount(0);
    const picker = page.getByRole("combobox", { name: "Run" });
    await expect(picker.locator("option", { hasText: "E2E second run" })).toHaveCount(1);
  }
});
