// Phase 4 handoffs on real worktrees: the sender completes and passes its gate → artifacts copied into the receiver's
// worktree with correct sha256, the document written there, and the receiver starts only after acknowledgement.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { until } from "../run/harness";
import { type CoordinationFixture, startTracks, startWithRepo } from "./test-fixture";

let f: CoordinationFixture | null = null;
afterEach(async () => {
  await f?.dispose();
  f = null;
});

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

function plan(acknowledge: "auto" | "lead", test = "test -f api/openapi.yaml") {
  return `  - key: API
    ram: 100MB
    scope: ["api/**"]
    command: api
    test: ${test}
  - key: WEB
    ram: 100MB
    scope: ["web/**"]
    dependsOn: [API]
    command: web
handoffs:
  - { from: API, to: WEB, artifacts: ["api/openapi.yaml", "api/missing/**"], acknowledge: ${acknowledge} }
`;
}

const SPEC = "openapi: 3.1.0\ninfo: { title: x }\n";

async function senderDone(acknowledge: "auto" | "lead", test?: string): Promise<CoordinationFixture> {
  f = await startWithRepo(plan(acknowledge, test));
  await startTracks(f, ["API"]);
  f.write("API", "api/openapi.yaml", SPEC);
  f.commit("API", "the API's spec");
  const agent = f.h.launcher.latest("API");
  agent.say("::done the API's spec");
  agent.say("::lesson write the spec before the handlers");
  await expect.poll(() => f!.h.db.report.count()).toBe(2);
  agent.exit(0);
  return f;
}

describe("handoffs", () => {
  it("hands the artifacts over with checksums and a document; a lead-acknowledged receiver waits for the lead", async () => {
    const fx = await senderDone("lead");
    const harness = fx.h;
    await until(() => harness.track("API").testStatus === "passed", 10_000);
    await until(() => (harness.track("WEB").waitReason ?? "").includes("acknowledge"), 10_000);
    const [row] = await fx.h.db.handoff.findMany();
    expect(row).toMatchObject({ fromKey: "API", toKey: "WEB", state: "delivered", acknowledge: "lead" });
    const artifacts = JSON.parse(row!.artifacts!);
    expect(artifacts).toEqual([
      {
        path: "api/openapi.yaml",
        bytes: SPEC.length,
        sha256: sha256(SPEC),
        outcome: "copied",
        incomingPath: null,
      },
    ]);
    // The receiver's worktree exists already and holds the artifact, byte for byte.
    const web = fx.h.track("WEB").git!.worktree;
    expect(readFileSync(path.join(web, "api/openapi.yaml"), "utf8")).toBe(SPEC);
    const document = readFileSync(row!.documentPath!, "utf8");
    expect(row!.documentPath).toBe(path.join(web, ".paratrack/handoffs/API.md"));
    expect(document).toContain(`| \`api/openapi.yaml\` | ${SPEC.length} | \`${sha256(SPEC)}\` | copied |`);
    expect(document).toContain("`test -f api/openapi.yaml`: passed");
    expect(document).toContain("Globs that matched no file: `api/missing/**`");
    // What the sender reported done and learned, and who acknowledges it.
    expect(document).toContain("## Deliverables\n\n- the API's spec\n");
    expect(document).toContain("## Lessons\n\n- write the spec before the handlers\n");
    expect(document).toContain(
      "- WEB counts as ready once this handoff is acknowledged (by the lead, on the Phases page).",
    );

    // Not started before the acknowledgement, however often the governor looks.
    await fx.h.tick();
    await fx.h.tick();
    expect(fx.h.track("WEB").status).toBe("pending");
    expect(fx.h.launcher.agents.filter((a) => a.trackKey === "WEB")).toHaveLength(0);

    const acked = await fx.h.controller.coordination.acknowledgeHandoff("API", "WEB");
    expect(acked).toMatchObject({ state: "acknowledged", acknowledgedBy: "lead" });
    await fx.h.tick();
    await until(() => harness.track("WEB").status === "running");
    // The handed-over file is not WEB's own work: no scope violation for it, and not on its card.
    await fx.poll();
    expect(await fx.h.db.conflict.count()).toBe(0);
    expect(fx.h.track("WEB").git?.changes?.paths.map((p) => p.path) ?? []).toEqual([]);
    // Once WEB changes it, it is its change.
    fx.write("WEB", "api/openapi.yaml", `${SPEC}paths: {}\n`);
    await fx.poll();
    expect(fx.h.track("WEB").git?.changes?.paths.map((p) => p.path)).toEqual(["api/openapi.yaml"]);
  });

  it("acknowledges automatically when the receiver's agent starts", async () => {
    const fx = await senderDone("auto");
    const harness = fx.h;
    await until(() => harness.track("WEB").status === "ready", 10_000);
    await fx.h.tick();
    await until(() => harness.track("WEB").status === "running");
    const [row] = await fx.h.db.handoff.findMany();
    expect(row).toMatchObject({ state: "acknowledged", acknowledgedBy: "agent" });
    expect(existsSync(path.join(fx.h.track("WEB").git!.worktree, "api/openapi.yaml"))).toBe(true);
  });

  it("hands nothing over when the sender's gate fails, and says why", async () => {
    const fx = await senderDone("auto", "exit 3");
    const harness = fx.h;
    await until(() => harness.track("API").testStatus === "failed", 10_000);
    await until(() => harness.events().some((e) => e.kind === "handoff:skipped"), 10_000);
    const [row] = await fx.h.db.handoff.findMany();
    expect(row).toMatchObject({ state: "skipped" });
    expect(row!.reason).toMatch(/quality gate failed/);
  });

  it("refuses to acknowledge a handoff that has not been delivered", async () => {
    f = await startWithRepo(plan("lead"));
    await expect(f.h.controller.coordination.acknowledgeHandoff("API", "WEB")).rejects.toThrow(
      /is pending; only a delivered handoff can be acknowledged/,
    );
    await expect(f.h.controller.coordination.acknowledgeHandoff("WEB", "API")).rejects.toThrow(/no handoff/);
  });
});
