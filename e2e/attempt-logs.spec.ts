// Issue 15, every attempt's log: a track fails twice (a restart in between); on its page the lead picks the first
// attempt, sees its lines and its file's path, and downloads that attempt's whole log. Then a running track
// restarted from its page: its first attempt says how it ended.
import { readFileSync } from "node:fs";
import { expect, test } from "./support/fixtures";
import { getTrack, readTrackStatus, type WrittenPlan, writePlan } from "./support/tracks";

let plan: WrittenPlan;
test.beforeEach(() => {
  plan = writePlan("attempt-logs");
});
test.afterEach(() => plan.remove());

test("pick an earlier attempt on the track page, see its log file and download it whole", async ({
  page,
  request,
  launchServer,
}) => {
  test.setTimeout(120_000);
  const server = await launchServer({ args: ["--plan", plan.file] });
  await expect.poll(() => readTrackStatus(request, server, "F"), { timeout: 30_000 }).toBe("failed");
  const restart = await request.post(`${server.baseURL}/api/tracks/F/restart`, { data: {} });
  expect(restart.status(), await restart.text()).toBe(200);
  await expect
    .poll(
      async () => {
        const t = await getTrack(request, server, "F");
        return `${t.status} ${t.attempts}`;
      },
      { timeout: 30_000 },
    )
    .toBe("failed 2");
  const detail = await getTrack(request, server, "F");
  const firstLog = detail.agents.find((a) => a.attempt === 1)!.logPath;

  await page.goto(`${server.baseURL}/tracks/F`);
  const picker = page.getByRole("combobox", { name: "Attempt" });
  await expect(picker).toHaveValue("2");
  await expect(page.getByTestId("track-log")).toContainText("boom 2");

  await picker.selectOption("1");
  await expect(page.getByTestId("log-status")).toHaveAttribute("data-status", "past");
  await expect(page.getByTestId("track-log")).toContainText("attempt 1 says hi");
  await expect(page.getByTestId("track-log")).toContainText("boom 1");
  await expect(page.getByTestId("track-log")).not.toContainText("boom 2");
  await expect(page.getByTestId("attempt-log-paths")).toHaveText(firstLog);

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download attempt 1's log" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("F-F-1.log");
  const text = readFileSync(await download.path(), "utf8");
  expect(text).toBe(readFileSync(firstLog, "utf8"));
  expect(text).toMatch(/ err boom 1\n/);

  // Back to the latest attempt: the live tail again.
  await picker.selectOption("2");
  await expect(page.getByTestId("log-status")).toHaveAttribute("data-status", /live|loading|offline/);
  await expect(page.getByTestId("track-log")).toContainText("boom 2");

  // The lead restarts L, still running, from its page: its first attempt reads as stopped for a restart (the
  // signal is how the stop was carried out), not as a crash ("killed by SIGTERM", in red).
  await page.goto(`${server.baseURL}/tracks/L`);
  await page.getByRole("button", { name: "Restart track L" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Restart track L" }).click();
  const earlier = page.getByTestId("earlier-attempt");
  await expect(earlier).toContainText("Attempt 1", { timeout: 30_000 });
  await expect(earlier).toContainText(/stopped for a restart \((SIGTERM|exit code \d+)\)/);
  await expect(earlier).not.toContainText("killed by");
  await earlier.locator("summary").click();
  await expect(earlier.getByTestId("agent-exit")).toHaveClass(/text-amber/);
});
