// A plan that fails pre-flight can still be started from the Planner, on the lead's word: the refused start lists
// the checks that failed (once each, without the track named twice), and "Start anyway" sends the lead's reason
// as the override the API records.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PtEvent } from "../lib/domain/types";
import type { RunView } from "../lib/domain/views";
import { expect, test } from "./support/fixtures";
import { AGENT_COMMAND } from "./support/tracks";

let workdir: string | null = null;
test.afterEach(() => {
  if (workdir) rmSync(workdir, { recursive: true, force: true });
  workdir = null;
});

test("a start refused by pre-flight lists the failed checks and starts anyway with the lead's reason", async ({
  page,
  request,
  launchServer,
}) => {
  test.setTimeout(120_000);
  workdir = mkdtempSync(path.join(os.tmpdir(), "paratrack-preflight-start-"));
  const server = await launchServer();
  const plan = [
    "name: E2E missing program",
    `workdir: ${workdir}`,
    "ram: { budget: 1GB }",
    "tracks:",
    "  - key: A",
    "    name: Missing Alpha",
    "    ram: 80MB",
    "    duration: 1m",
    "    command: nonexistent-prog-xyz --go",
    "  - key: B",
    "    name: Present Bravo",
    "    ram: 80MB",
    "    duration: 1m",
    `    command: "${AGENT_COMMAND} --mb 10 --seconds 30 --steps 2"`,
  ].join("\n");

  await page.goto(`${server.baseURL}/plan`);
  const editor = page.getByRole("textbox", { name: /Plan \(YAML\)/ });
  await expect(editor).not.toHaveValue("", { timeout: 30_000 });
  await editor.fill(plan);
  await page.getByRole("button", { name: "Start this plan" }).click();

  // Refused: the failed check is listed, with its track named once.
  const refused = page.getByTestId("start-errors");
  await expect(refused).toContainText(/pre-flight checks failed/);
  const failures = page.getByTestId("start-preflight-results");
  await expect(failures).toContainText("A: nonexistent-prog-xyz is not on PATH");
  await expect(failures).not.toContainText("A: A:");
  expect((await (await request.get(`${server.baseURL}/api/runs`)).json()) as RunView[]).toEqual([]);

  // "Start anyway" needs a reason, and sends it as the override.
  const reason = page.getByRole("textbox", { name: /Reason to start anyway/ });
  const anyway = page.getByRole("button", { name: "Start anyway" });
  await expect(anyway).toHaveAttribute("aria-disabled", "true");
  await reason.fill("the track installs its own tool");
  const posted = page.waitForRequest((r) => r.url().endsWith("/api/runs") && r.method() === "POST");
  await anyway.click();
  expect((await posted).postDataJSON()).toMatchObject({ override: "the track installs its own tool" });
  await expect(page.getByTestId("run-started")).toContainText("The run has started.");

  const runs = (await (await request.get(`${server.baseURL}/api/runs`)).json()) as RunView[];
  expect(runs.map((r) => r.name)).toEqual(["E2E missing program"]);
  const events = (await (
    await request.get(`${server.baseURL}/api/events?kind=preflight:&runId=${runs[0]!.id}`)
  ).json()) as PtEvent[];
  expect(events.map((e) => e.message).join("\n")).toContain("overridden by the lead");

  // The track page's "Fill in a template" does not replace a half-written report without a yes.
  await page.goto(`${server.baseURL}/tracks/B`);
  const report = page.getByRole("textbox", { name: /Report \(YAML/ });
  await report.fill("status: at-risk\n");
  await page.getByRole("button", { name: "Fill in a template" }).click();
  const ask = page.getByTestId("confirm-replace-report");
  await ask.getByRole("button", { name: "Cancel" }).click();
  await expect(report).toHaveValue("status: at-risk\n");
  await page.getByRole("button", { name: "Fill in a template" }).click();
  await ask.getByRole("button", { name: "Replace" }).click();
  await expect(report).toHaveValue(/^date: /);
});

test("loading a plan over the lead's edits asks first; a plan pasted over it is not called the loaded plan", async ({
  page,
  context,
  server,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto(`${server.baseURL}/plan`);
  const editor = page.getByRole("textbox", { name: /Plan \(YAML\)/ });
  const ask = page.getByTestId("confirm-replace-plan");
  // Nothing edited yet: loading replaces at once.
  await expect(editor).not.toHaveValue("", { timeout: 30_000 });
  await page.getByRole("button", { name: "Demo plan" }).click();
  await expect(editor).toHaveAccessibleName("Plan (YAML) · Demo plan");
  const demo = await editor.inputValue();

  // Edited by hand: the label says so, and another load asks; Cancel keeps the text.
  await editor.press("End");
  await editor.pressSequentially("# mine");
  await expect(editor).toHaveAccessibleName("Plan (YAML) · Demo plan (edited)");
  await page.getByRole("button", { name: "Workflow example" }).click();
  await ask.getByRole("button", { name: "Cancel" }).click();
  await expect(editor).toHaveValue(`${demo}# mine`);

  // A different plan pasted over all of it is no longer "Demo plan"; replacing it still asks.
  await page.evaluate(() => navigator.clipboard.writeText("name: pasted\ntracks: []\n"));
  await editor.press("ControlOrMeta+a");
  await editor.press("ControlOrMeta+v");
  await expect(editor).toHaveValue("name: pasted\ntracks: []\n");
  await expect(editor).toHaveAccessibleName("Plan (YAML) · pasted");
  await page.getByRole("button", { name: "Workflow example" }).click();
  await ask.getByRole("button", { name: "Replace" }).click();
  await expect(editor).toHaveAccessibleName(/^Plan \(YAML\) · Workflow example/);
});
