// ::touch scope conflicts with fake agents (tracks without a worktree): two tracks touching the same file outside
// every scope is overlapping work, decided by the seed's order like any other.
import { afterEach, describe, expect, it } from "vitest";
import { createHarness, type Harness, settle, until } from "./harness";

let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

async function running(priorityOfA = "standard"): Promise<Harness> {
  h = await createHarness();
  await h.start(`name: touches
ram:
  budget: 1GB
tracks:
  - key: ta
    priority: ${priorityOfA}
    ram: 100MB
    scope: ["src/a/**"]
    command: a
  - key: tb
    ram: 100MB
    scope: ["src/b/**"]
    command: b
`);
  await h.tick();
  expect(h.statuses()).toEqual({ ta: "running", tb: "running" });
  return h;
}

describe("::touch of a file outside both scopes", () => {
  it("is an overlap when a second track touches it: a tie pauses both and stays open for the lead", async () => {
    const run = await running();
    run.launcher.latest("ta").say("::touch src/shared/x.ts");
    await until(() => run.events().some((e) => e.kind === "conflict:detected"));
    await settle();
    // Alone, it is the older out-of-scope record: nothing to pause.
    expect(run.track("ta").status).toBe("running");
    run.launcher.latest("tb").say("::touch src/shared/x.ts");
    await until(() => run.track("ta").status === "paused" && run.track("tb").status === "paused");
    expect([run.track("ta").pausedBy, run.track("tb").pausedBy]).toEqual(["conflict", "conflict"]);
    const rows = await run.db.conflict.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.kind, r.trackKeys, r.status])).toEqual([
      ["out-of-scope", "ta", "resolved"],
      ["overlapping-work", "tb,ta", "open"],
    ]);
    expect(rows[1]!.description).toContain("ta (running) touched it before");
    // The earlier toucher's next touch of the file does not raise the same overlap again.
    run.launcher.latest("ta").say("::touch src/shared/x.ts");
    await settle();
    expect(await run.db.conflict.count()).toBe(2);
  });

  it("is decided by priority when the tracks differ: only the loser is paused", async () => {
    const run = await running("critical");
    run.launcher.latest("ta").say("::touch src/shared/x.ts");
    await until(() => run.events().some((e) => e.kind === "conflict:detected"));
    run.launcher.latest("tb").say("::touch ./src/shared/x.ts");
    await until(() => run.track("tb").status === "paused");
    await settle();
    expect(run.track("ta").status).toBe("running");
    const rows = await run.db.conflict.findMany({ orderBy: { id: "asc" } });
    expect(rows[1]).toMatchObject({ kind: "overlapping-work", trackKeys: "tb,ta", status: "resolved" });
    expect(rows[1]!.resolution).toMatch(/^pause tb; ta keeps src\/shared\/x\.ts: ta has critical priority/);
  });

  it("remembers the touches from before a server restart", async () => {
    const run = await running();
    run.launcher.latest("ta").say("::touch src/shared/x.ts");
    await until(() => run.events().some((e) => e.kind === "conflict:detected"));
    await settle();
    await run.restart();
    run.launcher.latest("tb").say("::touch src/shared/x.ts");
    await until(() => run.track("tb").status === "paused");
    const rows = await run.db.conflict.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.kind, r.trackKeys])).toEqual([
      ["out-of-scope", "ta"],
      ["overlapping-work", "tb,ta"],
    ]);
  });
});
