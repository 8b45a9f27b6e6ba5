// Every push a run sends matches its contract (lib/contracts/pushes.ts), which the browser relies on: a run with
// fake agents goes through start, memory, output lines, a blocker, a governor pause and the lead's pause and
// resume, to its end, and each recorded push is parsed with its event's schema.
import { afterEach, expect, it } from "vitest";
import { checkPush } from "../../contracts/pushes";
import { createHarness, type Harness, settle } from "./harness";

let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

it("sends only pushes that match their contracts, through a whole run", async () => {
  h = await createHarness();
  await h.start(`name: pushes
ram:
  budget: 1GB
tracks:
  - key: A
    ram: 300MB
    command: a
  - key: B
    ram: 300MB
    priority: low
    command: b
`);
  await h.tick();
  const a = h.launcher.latest("A");
  const b = h.launcher.latest("B");
  a.say("::progress 40 first half done");
  a.say("::blocker high the staging database is down");
  b.say("plain output");
  a.bytes = 500 * 1024 ** 2;
  b.bytes = 400 * 1024 ** 2;
  // 900 MB of a 1 GB budget: Red, the governor pauses the low-priority track.
  await h.tick();
  await h.tick();
  await h.controller.leadAction("A", "pause");
  await h.controller.leadAction("A", "resume");
  a.bytes = 100 * 1024 ** 2;
  b.bytes = 100 * 1024 ** 2;
  await h.tick();
  a.exit(0);
  b.exit(0);
  await settle();
  await h.tick();

  const sent = h.emitter.sent;
  const mismatches = sent.flatMap((push) => {
    const mismatch = checkPush(push.event, push.payload);
    return mismatch === null ? [] : [`${push.event}: ${mismatch}`];
  });
  expect(mismatches).toEqual([]);
  // The run went through what it was meant to: the check saw each kind of push the engine sends in a run.
  expect(new Set(sent.map((push) => push.event))).toEqual(
    new Set([
      "event:created",
      "track:updated",
      "run:updated",
      "governor:updated",
      "tracks:memory",
      "log:line",
    ]),
  );
  expect(
    sent.some(
      (p) => p.event === "event:created" && (p.payload as { kind: string }).kind === "governor:pause",
    ),
  ).toBe(true);
});
