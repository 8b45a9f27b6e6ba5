// Issue 15, the lead's day, end to end against the real server and real agents: start a run from the Planner
// (the server's refusals shown, nothing started), confirm what cannot be undone (Stop: cancel keeps the agents,
// confirm ends them; manual mode says what will start and does start it), and a finished run: its outcome on
// the overview, in /runs and on its own pages.
import { readFileSync } from "node:fs";
import type { APIRequestContext } from "@playwright/test";
import type { RunView } from "../lib/domain/views";
import { expect, test } from "./support/fixtures";
import type { RunningServer } from "./support/server";
import {
  apiPids,
  getGovernor,
  getTrack,
  readProcStates,
  readTrackStatus,
  taggedPids,
  type WrittenPlan,
  writePlan,
} from "./support/tracks";

async function getRuns(request: APIRequestContext, server: RunningServer): Promise<RunView[]> {
  const response = await request.get(`${server.baseURL}/api/runs`);
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as RunView[];
}

let plan: WrittenPlan | null = null;
test.afterEach(() => plan?.remove());

test("start a run from the Planner: the server's refusals are listed and start nothing; a good plan starts", async ({
  page,
  request,
  launchServer,
}) => {
  test.setTimeout(150_000);
  const server = await launchServer();
  plan = writePlan("short-run");
  // Sent as text, a plan's relative paths resolve against the server's folder: keep the agents in the temp dir.
  const good = `workdir: ${plan.dir}\n${readFileSync(plan.file, "utf8")}`;
  const bad = good.replace("ram: 80MB", "ram: lots").replace("key: B", "key: A");

  await page.goto(`${server.baseURL}/plan`);
  const editor = page.getByRole("textbox", { name: /Plan \(YAML\)/ });
  const start = page.getByRole("button", { name: "Start this plan" });
  await expect(editor).not.toHaveValue("", { timeout: 30_000 });

  // A plan with errors: every problem listed with its place, and no run.
  await editor.fill(bad);
  const posted = page.waitForRequest((r) => r.url().endsWith("/api/runs") && r.method() === "POST");
  await start.click();
  expect((await posted).headers()["content-type"]).toBe("application/json");
  const errors = page.getByTestId("start-errors");
  await expect(errors).toBeVisible();
  await expect(errors).toContainText(/the plan has \d+ error/);
  await expect(errors.getByRole("button")).not.toHaveCount(0);
  await expect(errors).toContainText(/ram/i);
  expect(await getRuns(request, server)).toEqual([]);

  // A good plan with a budget the server cannot read: refused with its reason.
  await editor.fill(good);
  const budget = page.getByRole("textbox", { name: /RAM budget/ });
  await budget.fill("lots");
  await start.click();
  await expect(errors).toContainText(/budget/);
  expect(await getRuns(request, server)).toEqual([]);

  // The good plan starts: the page says so, the server has the run, the overview shows its tracks.
  await budget.fill("");
  await start.click();
  await expect(page.getByTestId("run-started")).toContainText("The run has started.");
  const runs = await getRuns(request, server);
  expect(runs.map((r) => r.name)).toEqual(["E2E short run"]);
  await page.getByRole("link", { name: "Follow it on the overview →" }).click();
  await expect(page.getByRole("article", { name: "Quick Alpha" })).toBeVisible();
  await expect(page.getByRole("article", { name: "Quick Bravo" })).toBeVisible();
});

test("Stop asks first: Cancel (or Escape) keeps the agents running, confirming ends them", async ({
  page,
  request,
  launchServer,
}) => {
  test.setTimeout(150_000);
  plan = writePlan("lead-day");
  const server = await launchServer({ args: ["--plan", plan.file] });
  await expect.poll(() => readTrackStatus(request, server, "A"), { timeout: 30_000 }).toBe("running");
  await expect.poll(() => taggedPids(server, "A").length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
  // Every process of the track: what the API lists and what carries the track in its environment.
  const pids = [...new Set([...apiPids(await getTrack(request, server, "A")), ...taggedPids(server, "A")])];
  expect(pids.length).toBeGreaterThanOrEqual(2);
  const attempts = (await getTrack(request, server, "A")).attempts;

  await page.goto(server.baseURL);
  const card = page.getByRole("article", { name: "Alpha Worker" });
  const stop = card.getByRole("button", { name: "Stop track A" });
  const dialog = page.getByRole("alertdialog", { name: "Stop track A?" });
  // On a busy machine the first render can take a while; the clicks below must not spend their time on it.
  await expect(card).toBeVisible({ timeout: 30_000 });

  await stop.click();
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(
    `Stop kills the agents; the next start is attempt ${attempts + 1} from 0 % unless the agent can resume`,
  );
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(stop).toBeFocused();

  await stop.click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  // Nothing was stopped: the track runs and its processes are alive and not stopped.
  await page.waitForTimeout(1_500);
  expect(await readTrackStatus(request, server, "A")).toBe("running");
  const states = await readProcStates(pids);
  for (const pid of pids) expect(states[pid], `process ${pid}`).toMatch(/^[RSD]$/);

  await stop.click();
  await dialog.getByRole("button", { name: "Stop track A" }).click();
  await expect(dialog).toBeHidden();
  await expect(card.getByTestId("track-status")).toHaveAttribute("data-status", "stopped", {
    timeout: 30_000,
  });
  await expect.poll(() => readTrackStatus(request, server, "A"), { timeout: 30_000 }).toBe("stopped");
  await expect.poll(() => taggedPids(server, "A"), { timeout: 30_000 }).toEqual([]);
  // Gone, or dead and only waiting for its parent to reap it.
  const after = await readProcStates(pids);
  for (const pid of pids) expect([null, "Z"], `process ${pid} after Stop`).toContain(after[pid] ?? null);
});

test("switching to manual mode says what will start, Cancel changes nothing, confirming starts it", async ({
  page,
  request,
  launchServer,
}) => {
  test.setTimeout(150_000);
  plan = writePlan("lead-day");
  const server = await launchServer({ args: ["--plan", plan.file] });
  await expect.poll(() => readTrackStatus(request, server, "A"), { timeout: 30_000 }).toBe("running");
  // B is held back by the governor: it does not fit beside A under the budget.
  await expect.poll(() => readTrackStatus(request, server, "B"), { timeout: 15_000 }).toBe("ready");

  await page.goto(server.baseURL);
  const governor = page.getByRole("switch", { name: "Governor" });
  await expect(governor).toBeVisible({ timeout: 30_000 });
  await expect(governor).toHaveAttribute("aria-checked", "true");
  const dialog = page.getByRole("alertdialog", { name: "Switch the governor to manual mode?" });

  await governor.click();
  await expect(dialog).toBeVisible();
  // The server says its limit (the plan's 3), so the dialog can say what starts now.
  await expect(dialog).toContainText("ready tracks start in plan order within the concurrency limit of 3");
  await expect(dialog).toContainText("B (250 MB) will start now.");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(governor).toBeFocused();
  expect((await getGovernor(request, server)).enabled).toBe(true);
  expect(await readTrackStatus(request, server, "B")).toBe("ready");

  await governor.click();
  await dialog.getByRole("button", { name: "Switch to manual mode" }).click();
  await expect(governor).toHaveAttribute("aria-checked", "false");
  await expect(page.getByTestId("governor-state")).toHaveText("Manual mode");
  await expect(page.getByTestId("governor-concurrency")).toHaveText(
    "Up to 3 tracks at once: the plan's maxConcurrent.",
  );
  expect((await getGovernor(request, server)).enabled).toBe(false);
  // What the dialog announced happens: B starts within the concurrency limit.
  await expect.poll(() => readTrackStatus(request, server, "B"), { timeout: 15_000 }).toBe("running");
  await expect(
    page.getByRole("article", { name: "Bravo Builder" }).getByTestId("track-status"),
  ).toHaveAttribute("data-status", "running");
});

test("a finished run: its outcome on the overview, in /runs, its own Gantt, phases and retrospective, its last day's status", async ({
  page,
  request,
  launchServer,
}) => {
  test.setTimeout(150_000);
  plan = writePlan("short-run");
  const server = await launchServer({ args: ["--plan", plan.file] });
  await expect.poll(() => readTrackStatus(request, server, "A"), { timeout: 30_000 }).toBe("running");

  // Opened while the run goes: the finished state arrives live.
  await page.goto(server.baseURL);
  await expect(page.getByTestId("run-headline")).toContainText("· running ·");
  const finished = page.getByTestId("run-finished");
  await expect(finished).toBeVisible({ timeout: 60_000 });
  await expect(finished).toHaveAttribute("data-outcome", "completed");
  await expect(finished.getByRole("heading", { name: "Run finished: every track completed" })).toBeVisible();
  await expect(finished).toContainText("2 completed");
  await expect(page.getByTestId("run-time-saved")).toHaveText(/^-?\d+\.\d %$/, { timeout: 15_000 });
  // The figure is held to its target, as the retrospective does; green only once gates, blockers and handoffs are in.
  await expect(page.getByTestId("run-time-saved-verdict")).toHaveText(
    /target met|beats the target|near the target|misses the target/,
  );
  await expect(finished).toHaveAttribute("data-tone", "success");
  await expect(finished.getByTestId("run-problems")).toHaveCount(0);
  const [run] = await getRuns(request, server);
  expect(run?.status).toBe("completed");
  const runId = run?.id ?? "";

  await finished.getByRole("link", { name: "Open the retrospective →" }).click();
  await expect(page).toHaveURL(`${server.baseURL}/retrospective?run=${runId}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Retrospective: E2E short run");

  await page.goto(`${server.baseURL}/runs`);
  const row = page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);
  await expect(row.getByTestId("run-outcome")).toHaveText("completed");
  await row.getByRole("link", { name: "Gantt" }).click();
  await expect(page).toHaveURL(`${server.baseURL}/gantt?run=${runId}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Gantt: E2E short run");
  await expect(page.getByTestId("gantt-run-status")).toHaveText(/completed/);

  await page.goto(`${server.baseURL}/runs`);
  await row.getByRole("link", { name: "Phases" }).click();
  await expect(page).toHaveURL(`${server.baseURL}/phases?run=${runId}`);
  await expect(page.getByTestId("phases-summary")).toContainText("E2E short run · run completed");

  // The run's last day has its daily status, written at its end, in the seed's fields.
  await page.goto(`${server.baseURL}/status?run=${runId}`);
  // Its page says what it is and whose documents these are, as the Gantt's and the phases' do.
  await expect(page.getByRole("heading", { level: 1, name: "Daily status" })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Run" })).toHaveValue(runId);
  for (const key of ["A", "B"]) {
    const day = page.getByRole("region", { name: new RegExp(`^Status of track ${key} on `) });
    await expect(day).toContainText("at the run's end");
    await expect(day.getByTestId("status-yaml")).toContainText(`track: ${key}`);
    await expect(day.getByTestId("status-yaml")).toContainText("status: on-track");
  }

  // Deleting it: not while it is the server's current run; once the next has started, asked first, then gone.
  await page.goto(`${server.baseURL}/runs`);
  await expect(row.getByTestId("run-outcome")).toHaveText("completed");
  await expect(row.getByRole("button", { name: /^Delete run/ })).toHaveCount(0);
  const next = await request.post(`${server.baseURL}/api/runs`, { data: { path: plan.file } });
  expect(next.status(), await next.text()).toBe(201);
  const { runId: nextId } = (await next.json()) as { runId: string };
  const nextRow = page.locator(`[data-testid="run-row"][data-run-id="${nextId}"]`);
  await expect(nextRow.getByTestId("run-outcome")).toHaveText("running");
  await expect(nextRow.getByRole("button", { name: /^Delete run/ })).toHaveCount(0);
  await row.getByRole("button", { name: "Delete run E2E short run" }).click();
  const confirm = page.getByTestId("delete-run-confirm");
  await expect(confirm).toContainText("This cannot be undone.");
  // The plan has no repo: no branches or worktrees to speak of.
  await expect(confirm).not.toContainText("branches and worktrees");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(row).toBeVisible();
  await row.getByRole("button", { name: "Delete run E2E short run" }).click();
  await confirm.getByRole("button", { name: "Delete run" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Deleted run" })).toContainText(
    /Deleted run “E2E short run” and .+ of its agents’ logs\./,
  );
  await expect(row).toHaveCount(0);
  expect((await request.get(`${server.baseURL}/api/runs/${runId}`)).status()).toBe(404);
  await expect(nextRow).toBeVisible();
});
