// A lead action's body: only pause takes a mode. Sent with stop, resume or restart it is refused (400) and the track
// is left as it was, rather than acted on as if the mode had not been sent.
import { describe, expect, it } from "vitest";
import { callRoute, type Route, setUpRouteEngine } from "@/test/support/route-engine";
import * as action from "./route";

const real = setUpRouteEngine({
  prefix: "paratrack-track-action-",
  env: { SAMPLE_INTERVAL_MS: "250" },
  plan: "name: track-action\nram:\n  budget: 1GB\ntracks:\n  - key: A\n    ram: 50MB\n    command: sleep 60\n",
});

const post = (name: string, body?: unknown) =>
  callRoute(action.POST as Route, `/api/tracks/A/${name}`, {
    method: "POST",
    params: { key: "A", action: name },
    body,
  });

async function status(): Promise<string | undefined> {
  return real.engine.runs.trackViews().find((t) => t.key === "A")?.status;
}

async function running(): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await status()) !== "running" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(await status()).toBe("running");
}

describe("POST /api/tracks/{key}/{action} with a mode", () => {
  it.each(["stop", "restart", "resume"])(
    "refuses a mode with %s and leaves the track running",
    async (name) => {
      await running();
      const response = await post(name, { mode: "free-memory" });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toBe(
        `"mode" applies to pause only (POST /api/tracks/A/pause); ${name} takes an empty body`,
      );
      expect(await status()).toBe("running");
    },
  );

  it("refuses startOver without the free-memory mode, and a free-memory pause that would start over without it", async () => {
    await running();
    const alone = await post("pause", { startOver: true });
    expect(alone.status).toBe(400);
    expect(((await alone.json()) as { error: string }).error).toBe(
      '"startOver" goes with {"mode":"free-memory"} only',
    );
    const refused = await post("pause", { mode: "free-memory" });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: string }).error).toContain("A has no resume command");
    expect(await status()).toBe("running");
  });

  it("takes a mode with pause", async () => {
    await running();
    const response = await post("pause", { mode: "freeze" });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { status: string }).status).toBe("paused");
    expect((await post("resume", {})).status).toBe(200);
  });
});
