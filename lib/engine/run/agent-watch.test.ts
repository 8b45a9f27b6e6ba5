// What agents say, spend and need, with fake agents on a real SQLite file: usage from their lines onto the track
// and the agent's row (the session at once), prices and unknown prices, budgets (alert, pause, hold, the lead's
// way out), attention (prompts, idle, acknowledge), and lines the adapters cannot read.
import { afterEach, describe, expect, it } from "vitest";
import { readTranscript } from "../../../test/support/transcripts";
import { startWebhookReceiver } from "../../../test/support/webhook-receiver";
import { createHarness, type Harness, settle, until } from "./harness";

let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

async function started(yaml: string): Promise<Harness> {
  h = await createHarness();
  await h.start(yaml);
  await settle();
  await h.tick();
  return h;
}

const header = (extra = "") => `name: watch
ram:
  budget: 1GB
maxConcurrent: 4
${extra}tracks:
`;

/** Waits (in real time, briefly) until an asynchronous check holds: for rows written in the background. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const storedAgent = async (run: Harness, key: string) => {
  const rows = await run.db.agent.findMany({ where: { track: { key } }, orderBy: { attempt: "desc" } });
  return rows[0];
};

describe("usage", () => {
  it("puts an agent's tokens, dollars and session on the track and its row, the session at once", async () => {
    const run = await started(`${header()}  - key: G
    ram: 100MB
    command: generic-agent
`);
    const g = run.launcher.latest("G");
    g.say("::session docs-run-7f3a");
    // Stored before any sample: a resume command may need it at any moment.
    await eventually(async () => (await storedAgent(run, "G"))?.sessionId === "docs-run-7f3a");
    g.say("::tokens 5400 1250");
    g.say("::cost 0.21");
    await until(() => run.track("G").usage.costUsd !== null);
    expect(run.track("G").usage).toMatchObject({
      tokens: { inputTokens: 5400, outputTokens: 1250, cachedInputTokens: 0, cacheWriteTokens: 0 },
      costUsd: 0.21,
      unknownCostParts: 0,
    });
    await run.tick();
    expect(await storedAgent(run, "G")).toMatchObject({
      kind: "generic",
      inputTokens: 5400,
      outputTokens: 1250,
      costUsd: 0.21,
      costSource: "reported",
      sessionId: "docs-run-7f3a",
    });
  });

  it("prices a Codex agent's tokens from the plan, and a model without a price costs unknown, not $0", async () => {
    const run = await started(`${header(`prices:
  gpt-5-codex: { inputPerMTok: 1.25, outputPerMTok: 10, cachedInputPerMTok: 0.125 }
`)}  - key: P
    ram: 100MB
    model: { cloud: gpt-5-codex }
    kind: codex
    command: codex-agent
  - key: U
    ram: 100MB
    model: { cloud: some-unpriced-model }
    kind: codex
    command: codex-agent
`);
    for (const key of ["P", "U"])
      for (const line of readTranscript("codex-exec-json.jsonl")) run.launcher.latest(key).say(line);
    await until(() => run.track("P").usage.tokens !== null && run.track("U").usage.tokens !== null);
    // 7250 input of which 40960 cached? Codex counts cached inside input: 7250 fresh, 40960 cached, 1830 out.
    const p = run.track("P").usage;
    expect(p.costUsd).toBeCloseTo((7250 * 1.25 + 40960 * 0.125 + 1830 * 10) / 1e6, 9);
    expect(run.track("U").usage).toMatchObject({ costUsd: null, unknownCostParts: 1 });
    expect(run.track("U").usage.tokens?.outputTokens).toBe(1830);
    // Its to-do list (3 of 3 done) is its progress, and the last message is on the card.
    await until(() => run.track("P").progress === 100);
    expect(run.track("P").activity).toMatch(/^parseConfig accepts ISO dates now/);
    await run.tick();
    expect(await storedAgent(run, "U")).toMatchObject({
      costUsd: null,
      costSource: "unknown",
      kind: "codex",
    });
    expect((await storedAgent(run, "P"))?.sessionId).toBe("0199b7e2-4c1a-7d30-9f61-8e2b5a7c3d14");
  });

  it("keeps earlier attempts in the track's total", async () => {
    const run = await started(`${header()}  - key: R
    ram: 100MB
    command: generic-agent
`);
    run.launcher.latest("R").say("::cost 0.5");
    await until(() => run.track("R").usage.costUsd === 0.5);
    await run.controller.leadAction("R", "restart");
    run.launcher.latest("R").say("::cost 0.25");
    await until(() => run.track("R").usage.costUsd === 0.75);
    await run.tick();
    const rows = await run.db.agent.findMany({ where: { track: { key: "R" } }, orderBy: { attempt: "asc" } });
    expect(rows.map((r) => r.costUsd)).toEqual([0.5, 0.25]);
  });
});

describe("budgets", () => {
  it("alerts at 80 %, pauses at 100 % with the reason, and the governor does not resume it", async () => {
    const run = await started(`${header()}  - key: B
    ram: 100MB
    maxCostUsd: 1
    command: generic-agent
`);
    const b = run.launcher.latest("B");
    b.say("::cost 0.85");
    await until(() => run.events().some((e) => e.kind === "budget:alert"));
    expect(run.track("B")).toMatchObject({
      status: "running",
      usage: { budgetLevel: "alert", maxCostUsd: 1 },
    });
    b.say("::cost 1.02");
    await until(() => run.track("B").status === "paused");
    expect(run.track("B")).toMatchObject({ pausedBy: "budget", usage: { budgetLevel: "exceeded" } });
    expect(run.track("B").pauseReason).toMatch(
      /Track B spent \$1\.02 of its \$1\.00 budget \(102 %\): budget reached; paused/,
    );
    expect(b.calls).toEqual(["pause"]);
    expect(
      run
        .events()
        .filter((e) => e.kind.startsWith("budget:"))
        .map((e) => e.kind),
    ).toEqual(["budget:alert", "budget:exceeded"]);
    for (let i = 0; i < 5; i++) await run.tick();
    expect(run.track("B").status).toBe("paused");

    // The lead resumes it explicitly: it runs on, and more spending does not pause it again.
    await run.controller.leadAction("B", "resume");
    b.say("::cost 1.10");
    await run.tick();
    expect(run.track("B")).toMatchObject({ status: "running", budgetHold: null });
    expect(b.calls).toEqual(["pause", "resume"]);
  });

  it("holds the tracks when the run's budget is spent until the lead raises it", async () => {
    const run =
      await started(`${header("maxCostUsd: 2\n").replace("maxConcurrent: 4", "maxConcurrent: 1")}  - key: A
    ram: 100MB
    command: a
  - key: B
    ram: 100MB
    command: b
`);
    expect(run.statuses()).toEqual({ A: "running", B: "ready" });
    run.launcher.latest("A").say("::cost 2.5");
    await until(() => run.track("A").status === "paused");
    expect(run.events().find((e) => e.kind === "budget:exceeded")?.message).toMatch(
      /The run spent \$2\.50 of its \$2\.00 budget \(125 %\): budget reached; paused A/,
    );
    // A finishes (the lead stops it): B would be admitted, but the run's budget holds it.
    await run.controller.leadAction("A", "stop");
    await run.tick();
    await run.tick();
    expect(run.track("B")).toMatchObject({ status: "ready" });
    expect(run.track("B").waitReason).toMatch(
      /budget reached.*raise the budget, or resume or restart the track/,
    );
    await run.controller.setBudget(null, 5);
    await run.tick();
    expect(run.track("B")).toMatchObject({ status: "running", budgetHold: null });
    expect(run.events().some((e) => e.kind === "budget:changed" && /\$2 → \$5/.test(e.message))).toBe(true);
  });

  it("refuses a budget change without a run, and for an unknown track", async () => {
    const run = await started(`${header()}  - key: A
    ram: 100MB
    command: a
`);
    await expect(run.controller.setBudget("Z", 1)).rejects.toThrow(/no track "Z"/);
    await run.controller.setBudget("A", 3);
    expect(run.track("A").usage.maxCostUsd).toBe(3);
  });
});

describe("attention", () => {
  it("shows a waiting prompt on the card at once, tells the browsers, and clears when the lead acknowledges", async () => {
    const run = await started(`${header()}  - key: W
    ram: 100MB
    command: w
`);
    run.launcher.latest("W").say("Do you want to proceed? [y/N]");
    expect(run.track("W").attention).toMatchObject({
      reason: "permission-prompt",
      message: "Do you want to proceed? [y/N]",
      agent: "W",
    });
    const pushed = run.emitter.sent.filter((s) => s.event === "track:attention").map((s) => s.payload);
    expect(pushed).toEqual([
      expect.objectContaining({ event: "track.attention", reason: "permission-prompt" }),
    ]);
    await until(() => run.events().some((e) => e.kind === "attention:raised"));
    const view = await run.controller.acknowledgeAttention("W");
    expect(view.attention).toBeNull();
    expect(run.events().some((e) => e.kind === "attention:acknowledged")).toBe(true);
  });

  it("checks stderr for prompts too, and raises attention when a running agent has been quiet for idleMinutes", async () => {
    const run = await started(`${header("idleMinutes: 2\n")}  - key: Q
    ram: 100MB
    command: q
  - key: S
    ram: 100MB
    command: s
`);
    run.launcher.latest("S").say("[sudo] password for lead:", "stderr");
    expect(run.track("S").attention?.reason).toBe("permission-prompt");
    await run.tick(60_000);
    expect(run.track("Q").attention).toBeNull();
    await run.tick(61_000);
    expect(run.track("Q").attention).toMatchObject({ reason: "idle", message: "no output for 2 min" });
    // Output clears an idle attention.
    run.launcher.latest("Q").say("working again");
    expect(run.track("Q").attention).toBeNull();
  });

  it("posts the notice to the plan's webhook, and a failed post is an event that never shows the URL", async () => {
    const receiver = await startWebhookReceiver();
    const { received } = receiver;
    try {
      const run = await started(`${header(`notify:
  webhook: ${receiver.url("/hooks/secret-path-token")}
`)}  - key: W
    ram: 100MB
    command: w
`);
      run.launcher.latest("W").say("Are you sure you want to overwrite it?");
      await until(() => received.length === 1);
      expect(received[0]).toMatchObject({
        event: "track.attention",
        track: { key: "W" },
        reason: "permission-prompt",
        message: "Are you sure you want to overwrite it?",
      });
      await run.controller.acknowledgeAttention("W");
      receiver.answerWith(500);
      run.launcher.latest("W").say("Do you want to continue? (y/n)");
      await until(() => run.events().some((e) => e.kind === "notify:failed"));
      const failed = run.events().find((e) => e.kind === "notify:failed");
      expect(failed?.message).toMatch(/answered 500/);
      expect(JSON.stringify(run.emitter.sent)).not.toContain("secret-path-token");
    } finally {
      await receiver.close();
    }
  });

  it("restarts the idle clock when a paused track resumes", async () => {
    const run = await started(`${header("idleMinutes: 1\n")}  - key: Q
    ram: 100MB
    command: q
`);
    await run.controller.leadAction("Q", "pause");
    await run.tick(10 * 60_000);
    expect(run.track("Q").attention).toBeNull();
    await run.controller.leadAction("Q", "resume");
    await run.tick(30_000);
    expect(run.track("Q").attention).toBeNull();
    await run.tick(31_000);
    expect(run.track("Q").attention?.reason).toBe("idle");
  });
});

describe("lines the adapters cannot read", () => {
  it("logs a malformed line and an unknown event type once, keeps counting, and reports the counts at exit", async () => {
    const run = await started(`${header()}  - key: C
    ram: 100MB
    kind: claude
    command: claude-agent
`);
    const c = run.launcher.latest("C");
    for (const line of readTranscript("claude-stream-json-drift.jsonl")) c.say(line);
    c.say('{"type":"assistant","message":{"id":"m9","content":[{"type":"text","text":"cut');
    await until(() => run.track("C").usage.costUsd !== null);
    const warnings = run.logs.filter((l) => /further ones are counted/.test(l.msg));
    expect(warnings.map((l) => l.msg)).toEqual([
      expect.stringMatching(/an event of unknown type "session_telemetry"; ignored/),
      expect.stringMatching(/a line is not valid JSON/),
    ]);
    c.exit(0);
    await until(() => run.events().some((e) => e.kind === "agent:unparsed"));
    expect(run.events().find((e) => e.kind === "agent:unparsed")?.message).toMatch(
      /of 10 lines, 2 malformed line\(s\), 3 event\(s\) of unknown type \(session_telemetry ×2, workspace_snapshot ×1\) were not understood/,
    );
    // The rest of the transcript was read: its session, cost and verdict.
    expect(await storedAgent(run, "C")).toMatchObject({
      sessionId: "c0ffee00-1111-4222-8333-444455556666",
      costUsd: 0.00131,
      turns: 1,
      result: "success",
    });
  });
});
