import { describe, expect, it } from "vitest";
import { decideGovernorActions, initialGovernorMemory } from "./governor";
import { applyActions, GB, makeInput, makeRunning, makeTrack, summarise } from "./governor-fixtures";
import type { GovernorInput, GovernorMemory, GovernorTrack } from "./governor-types";

type Case = {
  name: string;
  input: GovernorInput;
  memory?: Partial<GovernorMemory>;
  actions: string[];
  /** Substrings each action's reason must contain, by index. */
  reasons?: string[][];
  /** [track key, substring of its wait reason], in queue order. */
  queue?: [string, string][];
};

function decide(input: GovernorInput, memory: Partial<GovernorMemory> = {}) {
  return decideGovernorActions(input, { ...initialGovernorMemory(), ...memory });
}

function check(c: Case) {
  const decision = decide(c.input, c.memory);
  expect(summarise(decision.actions)).toEqual(c.actions);
  c.reasons?.forEach((parts, index) => {
    for (const part of parts) expect(decision.actions[index]?.reason).toContain(part);
  });
  if (c.queue !== undefined) {
    expect(decision.queue.map((entry) => entry.trackKey)).toEqual(c.queue.map(([key]) => key));
    c.queue.forEach(([, part], index) => {
      expect(decision.queue[index]?.reason).toContain(part);
    });
  }
}

/** At 50 % of 16 GB: A (6 GB) does not fit below the 75 % line, B (1 GB) would. */
const bigHeadSmallNext = () => [
  makeTrack("A", { position: 0, estimateBytes: 6 * GB }),
  makeTrack("B", { position: 1, priority: "low", estimateBytes: 1 * GB }),
];

describe("admission in Green and Yellow", () => {
  const cases: Case[] = [
    {
      name: "starts every ready track that fits, in priority order, accounting for each one",
      input: makeInput(20, [
        makeTrack("C", { position: 0, priority: "low", estimateBytes: 1 * GB }),
        makeTrack("B", { position: 1, estimateBytes: 2 * GB }),
        makeTrack("A", { position: 2, priority: "critical", estimateBytes: 4 * GB }),
      ]),
      // 3.2 GB used + 4 + 2 + 1 = 10.2 GB < 12 GB (75 % of 16 GB).
      actions: ["start:A", "start:B", "start:C"],
      reasons: [
        ["Green zone (20.0 %", "A (critical)", "needs 4.00 GB", "projected 45.0 % < admission line 75 %"],
        ["needs 2.00 GB", "projected 57.5 %"],
        ["needs 1.00 GB", "projected 63.7 %"],
      ],
      queue: [],
    },
    {
      name: "waits when the estimate exceeds the headroom; a smaller track that fits starts past it (backfill)",
      input: makeInput(50, [
        makeTrack("A", { position: 0, estimateBytes: 6 * GB }),
        makeTrack("B", { position: 1, priority: "low", estimateBytes: 1 * GB }),
        makeTrack("C", { position: 2, priority: "low", estimateBytes: 4 * GB }),
      ]),
      // 8 GB used + 6 GB = 14 GB ≥ 12 GB: A waits; 8 + 1 (B) = 9 < 12: B starts; 9 + 4 (C) = 13 GB ≥ 12: C waits.
      actions: ["start:B"],
      reasons: [["needs 1.00 GB", "projected 56.3 %", "ahead of A which does not fit yet (backfill)"]],
      queue: [
        ["A", "needs 6.00 GB, 4.00 GB headroom below the admission line (75 %)"],
        ["C", "needs 4.00 GB; queued behind A (needs 6.00 GB, 4.00 GB headroom"],
      ],
    },
    {
      name: "no backfill once the head has waited backfillSeconds: everything queues behind it",
      input: makeInput(50, bigHeadSmallNext(), { now: 301_000 }),
      memory: { queueHead: { trackKey: "A", since: 0 } },
      actions: [],
      queue: [
        [
          "A",
          "needs 6.00 GB, 4.00 GB headroom below the admission line (75 %); it has waited 5m 1s, so smaller",
        ],
        ["B", "needs 1.00 GB; queued behind A (needs 6.00 GB"],
      ],
    },
    {
      name: "backfillSeconds 0 keeps strict admission order",
      input: makeInput(50, bigHeadSmallNext(), { policy: { backfillSeconds: 0 } }),
      actions: [],
      queue: [
        ["A", "needs 6.00 GB, 4.00 GB headroom"],
        ["B", "needs 1.00 GB; queued behind A"],
      ],
    },
    {
      name: "never backfills a track without an estimate",
      input: makeInput(50, [
        makeTrack("A", { position: 0, estimateBytes: 6 * GB }),
        makeTrack("N", { position: 1, estimateBytes: null }),
      ]),
      actions: [],
      queue: [
        ["A", "needs 6.00 GB, 4.00 GB headroom"],
        ["N", "no RAM estimate; queued behind A"],
      ],
    },
    {
      name: "reserves the unused part of running and paused tracks' estimates; the line itself is not below",
      input: makeInput(25, [
        makeRunning("R", 1, { estimateBytes: 3 * GB }),
        makeRunning("P", 1, { status: "paused", pausedBy: "lead", estimateBytes: 2 * GB }),
        makeTrack("A", { position: 1, estimateBytes: 4 * GB }),
        makeTrack("B", { position: 2, estimateBytes: 1 * GB }),
      ]),
      // 4 GB used + 2 (R) + 1 (P) + 4 (A) = 11 GB < 12; + 1 (B) = 12 GB, not below 12.
      actions: ["start:A"],
      reasons: [["projected 68.8 %"]],
      queue: [["B", "needs 1.00 GB, 1.00 GB headroom below the admission line (75 %)"]],
    },
    {
      name: "uses the learned peak once it is larger than the estimate (starts when it fits)",
      input: makeInput(25, [makeTrack("A", { estimateBytes: 2 * GB, observedPeakBytes: 7 * GB })]),
      actions: ["start:A"],
      reasons: [["needs 7.00 GB (learned peak; plan said 2.00 GB)", "projected 68.8 %"]],
    },
    {
      name: "uses the learned peak once it is larger than the estimate (waits when it does not)",
      input: makeInput(37.5, [makeTrack("A", { estimateBytes: 2 * GB, observedPeakBytes: 7 * GB })]),
      actions: [],
      queue: [["A", "needs 7.00 GB (learned peak; plan said 2.00 GB), 6.00 GB headroom"]],
    },
    {
      name: "starts a track without estimate only as the last start of the decision, holding the others back",
      input: makeInput(25, [
        makeTrack("U", { position: 0, estimateBytes: null }),
        makeTrack("B", { position: 1, estimateBytes: 1 * GB }),
      ]),
      actions: ["start:U"],
      reasons: [
        ["without a RAM estimate", "projected 25.0 % < admission line 75 %", "no other track starts until"],
      ],
      queue: [["B", "holding new starts while the memory of U (no RAM estimate) is learned"]],
    },
    {
      name: "holds new starts while a running track without estimate is still being learned",
      input: makeInput(20, [
        makeRunning("U", 1, { estimateBytes: null, observedPeakBytes: 1 * GB, runningMs: 5_000 }),
        makeTrack("B", { position: 1, estimateBytes: 1 * GB }),
      ]),
      actions: [],
      queue: [["B", "holding new starts while the memory of U (no RAM estimate) is learned"]],
    },
    {
      name: "starts a track without estimate only with a quarter of the capacity free below the line",
      input: makeInput(52, [
        makeRunning("R", 1, { estimateBytes: 1 * GB }),
        makeTrack("U", { position: 0, estimateBytes: null }),
        makeTrack("B", { position: 1, estimateBytes: 1 * GB }),
      ]),
      // 8.32 GB used: 3.68 GB free below 12 GB < 4 GB (25 % of 16 GB); B fits and starts past U (backfill).
      actions: ["start:B"],
      queue: [
        ["U", "no RAM estimate: it starts with 25 % of the capacity free below the admission line 75 %"],
      ],
    },
    {
      name: "respects the concurrency limit; paused tracks hold memory but no slot",
      input: makeInput(
        10,
        [
          makeRunning("R", 1),
          makeRunning("P", 1, { status: "paused", pausedBy: "lead" }),
          makeTrack("A", { position: 1 }),
          makeTrack("B", { position: 2 }),
          makeTrack("C", { position: 3 }),
        ],
        { policy: { maxConcurrent: 2 } },
      ),
      actions: ["start:A"],
      queue: [
        ["B", "concurrency limit 2 reached (2 running)"],
        ["C", "concurrency limit 2 reached (2 running)"],
      ],
    },
    {
      name: "orders by priority, then dependants waiting, then plan order",
      input: makeInput(
        10,
        [
          makeTrack("L", { position: 0, priority: "low" }),
          makeTrack("S1", { position: 1 }),
          makeTrack("S2", { position: 2, dependantsWaiting: 3 }),
          makeTrack("C", { position: 3, priority: "critical" }),
          makeTrack("S3", { position: 4, dependantsWaiting: 3 }),
        ],
        { policy: { maxConcurrent: 10 } },
      ),
      actions: ["start:C", "start:S2", "start:S3", "start:S1", "start:L"],
    },
    {
      name: "keeps admitting in Yellow, alerts once on entry and samples fast",
      input: makeInput(62, [makeTrack("A", { estimateBytes: 1 * GB })]),
      actions: ["alert:yellow", "start:A"],
      reasons: [["Yellow zone (62.0 % ≥ 60 %)", "sampling every 250 ms"], ["Yellow zone (62.0 %"]],
    },
  ];
  it.each(cases)("$name", check);

  it("remembers since when the head has waited for headroom, through closed admission, until it starts", () => {
    const tracks = [
      makeTrack("A", { position: 0, estimateBytes: 6 * GB }),
      makeTrack("B", { position: 1, estimateBytes: 1 * GB }),
    ];
    const first = decide(makeInput(50, tracks, { now: 1_000 }));
    expect(first.memory.queueHead).toEqual({ trackKey: "A", since: 1_000 });
    const orange = decideGovernorActions(makeInput(78, tracks, { now: 2_000 }), first.memory);
    expect(orange.memory.queueHead).toEqual({ trackKey: "A", since: 1_000 });
    const fits = decideGovernorActions(makeInput(10, tracks, { now: 3_000 }), {
      ...orange.memory,
      unsettled: false,
    });
    expect(summarise(fits.actions)).toEqual(["start:A", "start:B"]);
    expect(fits.memory.queueHead).toBeNull();
  });
});

describe("pressure in Orange and Red", () => {
  const cases: Case[] = [
    {
      name: "Orange: starts nothing, swaps the largest local model to cloud and pauses one non-critical track",
      input: makeInput(78, [
        makeRunning("A", 6, {
          priority: "critical",
          model: { local: "llama-70b", cloud: "sonnet" },
          modelInForce: "llama-70b",
        }),
        makeRunning("B", 3, {
          position: 1,
          model: { local: "llama-8b", cloud: "haiku" },
          modelInForce: "llama-8b",
        }),
        makeRunning("C", 1, { position: 2, priority: "low" }),
        makeRunning("D", 1, { position: 3, priority: "low", tier: "sub-agent" }),
        makeTrack("E", { position: 4 }),
      ]),
      actions: ["alert:orange", "swap-model:A:sonnet", "pause:D"],
      reasons: [
        ["Orange zone (78.0 % ≥ 75 %)", "admission stopped"],
        ["from local model llama-70b to cloud model sonnet", "6.00 GB"],
        ["Orange zone (78.0 % ≥ 75 %)", "pausing lowest-priority track D (low, sub-agent)"],
      ],
      queue: [["E", "zone Orange: admission stopped"]],
    },
    {
      name: "Orange: does not pause the track it swaps, nor swap a track already on its cloud model",
      input: makeInput(78, [
        makeRunning("A", 6, { model: { local: "l", cloud: "c" }, modelInForce: "c" }),
        makeRunning("B", 3, {
          position: 1,
          priority: "low",
          model: { local: "l", cloud: "c" },
          modelInForce: "l",
        }),
      ]),
      memory: { alertedZone: "orange" },
      actions: ["swap-model:B:c", "pause:A"],
    },
  ];
  cases.push(
    {
      name: "Orange: pauses only non-critical tracks",
      input: makeInput(80, [makeRunning("A", 6, { priority: "critical" })]),
      memory: { alertedZone: "orange" },
      actions: [],
    },
    {
      name: "Orange: waits for the cooldown after the last deferral",
      input: makeInput(80, [makeRunning("C", 1, { priority: "low" })], { now: 4_000 }),
      memory: { alertedZone: "orange", lastDeferAt: 0, deferredAtUsedBytes: 0 },
      actions: [],
    },
    {
      name: "Orange: defers again once the cooldown has passed and use has kept rising",
      input: makeInput(80, [makeRunning("C", 1, { priority: "low" })], { now: 5_000 }),
      memory: { alertedZone: "orange", lastDeferAt: 0, deferredAtUsedBytes: 0.79 * 16 * GB },
      actions: ["pause:C"],
    },
    {
      name: "Orange: holds while use has not risen since the last deferral (within 0.5 points)",
      input: makeInput(80, [makeRunning("C", 1, { priority: "low" })], { now: 60_000 }),
      memory: { alertedZone: "orange", lastDeferAt: 0, deferredAtUsedBytes: 0.796 * 16 * GB },
      actions: [],
    },
    {
      name: "Red: pauses every non-critical running track at once in victim order, never the critical ones",
      input: makeInput(87.1, [
        makeRunning("A", 4, { position: 0, priority: "critical", model: { local: "qwen", cloud: "opus" } }),
        makeRunning("B", 2, { position: 1 }),
        makeRunning("C", 2, { position: 2, priority: "low", progress: 10 }),
        makeRunning("D", 2, { position: 3, priority: "low", progress: 50 }),
        makeTrack("E", { position: 4, priority: "critical" }),
      ]),
      actions: ["alert:red", "pause:C", "pause:D", "pause:B"],
      reasons: [
        ["Red zone (87.1 % ≥ 85 %)", "emergency"],
        [
          "Red zone (87.1 % ≥ 85 %)",
          "pausing lowest-priority track C (low)",
          "only critical tracks keep running",
        ],
        ["track D (low)"],
        ["track B (standard)"],
      ],
      queue: [["E", "zone Red: admission stopped"]],
    },
    {
      name: "Red: falls back to the cloud model for a critical track on its local model",
      input: makeInput(90, [
        makeRunning("A", 4, {
          priority: "critical",
          model: { local: "qwen", cloud: "opus" },
          modelInForce: "qwen",
        }),
      ]),
      memory: { alertedZone: "red", redSince: 0 },
      actions: ["swap-model:A:opus"],
      reasons: [
        ["Red zone (90.0 % ≥ 85 %)", "cloud model fallback", "from local model qwen to cloud model opus"],
      ],
    },
  );
  it.each(cases)("$name", check);
});

describe("stop and requeue in Red", () => {
  const paused = (key: string, overrides: Partial<GovernorTrack>) =>
    makeRunning(key, 2, { status: "paused", pausedBy: "governor", ...overrides });

  it("waits the grace period, then stops one victim per grace period", () => {
    let tracks: GovernorTrack[] = [
      makeRunning("A", 4, { priority: "critical" }),
      paused("B", { position: 1, progress: 5 }),
      paused("C", { position: 2, priority: "low", progress: 40 }),
      paused("D", { position: 3, priority: "low", progress: 10 }),
    ];
    let memory = initialGovernorMemory();
    const log: string[] = [];
    for (let second = 0; second <= 70; second += 1) {
      const decision = decideGovernorActions(makeInput(88, tracks, { now: second * 1000 }), memory);
      memory = decision.memory;
      for (const action of decision.actions) {
        if (action.kind !== "alert") log.push(`${second}s ${action.kind}:${action.trackKey}`);
        if (action.kind === "stop-requeue" && second === 30) {
          expect(action.reason).toContain("Red zone (88.0 % ≥ 85 %) for 30s");
          expect(action.reason).toContain("lowest-priority track D (low) at 10 % progress, holding 2.00 GB");
          expect(action.reason).toContain("restart from the beginning");
        }
        if (action.kind === "stop-requeue" && second === 60) {
          expect(action.reason).toContain("for 30s since the last stop");
        }
      }
      tracks = applyActions(tracks, decision.actions, second * 1000);
    }
    expect(log).toEqual(["30s stop-requeue:D", "60s stop-requeue:C"]);
  });

  it("says the requeued track will resume when its agents can, and restart otherwise", () => {
    const reasonFor = (resumability: GovernorTrack["resumability"]) => {
      const tracks = [paused("D", { position: 0, priority: "low", progress: 10, resumability })];
      const decision = decideGovernorActions(makeInput(88, tracks, { now: 30_000 }), {
        ...initialGovernorMemory(),
        redSince: 0,
      });
      return decision.actions.find((a) => a.kind === "stop-requeue")?.reason ?? "";
    };
    expect(reasonFor("all")).toContain("requeueing it to resume its agents' sessions (resume command)");
    expect(reasonFor("all")).not.toContain("from the beginning");
    expect(reasonFor("some")).toContain("resume the agents that have a session and restart the others");
    expect(reasonFor("none")).toContain("requeueing it to restart from the beginning");
    expect(reasonFor(undefined)).toContain("requeueing it to restart from the beginning");
  });

  it("keeps the Red clock through a dip into Orange, so flicker around the line still frees memory", () => {
    const tracks = [paused("C", { priority: "low" })];
    let memory = initialGovernorMemory();
    const stops: number[] = [];
    for (let second = 0; second <= 30; second += 1) {
      const decision = decideGovernorActions(
        makeInput(second % 2 === 0 ? 86 : 84, tracks, { now: second * 1000 }),
        memory,
      );
      memory = decision.memory;
      if (decision.actions.some((action) => action.kind === "stop-requeue")) stops.push(second);
    }
    expect(stops).toEqual([30]);
  });

  it.each([
    { order: undefined, victim: "D", why: "default: low before standard, sub-agent before primary" },
    { order: ["youngest" as const], victim: "B", why: "latest start" },
    { order: ["progress" as const], victim: "C", why: "least progress" },
    { order: ["memory" as const], victim: "E", why: "largest use" },
    { order: ["tier" as const, "youngest" as const], victim: "D", why: "sub-agent first" },
  ])("victim order $order picks $victim ($why)", ({ order, victim }) => {
    const tracks = [
      paused("B", { position: 1, startedAt: 9_000, progress: 30 }),
      paused("C", { position: 2, priority: "low", startedAt: 1_000, progress: 5 }),
      paused("D", { position: 3, priority: "low", tier: "sub-agent", startedAt: 2_000, progress: 20 }),
      paused("E", { position: 4, priority: "low", startedAt: 3_000, progress: 60, currentBytes: 5 * GB }),
    ];
    const decision = decide(makeInput(90, tracks, { now: 40_000, policy: { victimOrder: order } }), {
      redSince: 0,
      alertedZone: "red",
    });
    expect(summarise(decision.actions)).toEqual([`stop-requeue:${victim}`]);
  });

  it("stops a lead-paused track only as a last resort, and never one holding no memory", () => {
    const tracks = [
      makeRunning("A", 6, { priority: "critical" }),
      makeRunning("L", 3, { priority: "standard", status: "paused", pausedBy: "lead" }),
      makeRunning("Z", 0, { priority: "low" }),
    ];
    const decision = decide(makeInput(90, tracks, { now: 30_000 }), { redSince: 0, alertedZone: "red" });
    expect(summarise(decision.actions)).toEqual(["stop-requeue:L", "pause:Z"]);
    expect(decision.actions[0]?.reason).toContain("the lead paused it, but no other track can free memory");
  });

  it("stops nothing when only critical tracks hold memory", () => {
    const decision = decide(
      makeInput(95, [makeRunning("A", 12, { priority: "critical" })], { now: 60_000 }),
      {
        redSince: 0,
        alertedZone: "red",
      },
    );
    expect(decision.actions).toEqual([]);
  });
});

describe("recovery", () => {
  const recover = (tracks: GovernorTrack[], seconds: number, watch: number[] = []) => {
    let memory: GovernorMemory = {
      ...initialGovernorMemory(),
      unsettled: true,
      alertedZone: "red",
      zone: "orange",
    };
    const log: string[] = [];
    const queueAt: Record<number, string | undefined> = {};
    for (let second = 0; second <= seconds; second += 1) {
      const decision = decideGovernorActions(makeInput(40, tracks, { now: second * 1000 }), memory);
      memory = decision.memory;
      for (const action of decision.actions) log.push(`${second}s ${summarise([action])[0]}`);
      if (watch.includes(second)) queueAt[second] = decision.queue[0]?.reason;
      tracks = applyActions(tracks, decision.actions, second * 1000);
    }
    return { log, queueAt, tracks };
  };

  it("after the settle period resumes governor-paused tracks one at a time, a fresh sample apart while they fit, then admits; never the lead's", () => {
    const { log, queueAt, tracks } = recover(
      [
        makeRunning("L", 1, { position: 0, priority: "critical", status: "paused", pausedBy: "lead" }),
        makeRunning("B", 1, { position: 1, status: "paused", pausedBy: "governor" }),
        makeRunning("C", 1, { position: 2, priority: "low", status: "paused", pausedBy: "governor" }),
        makeTrack("E", { position: 3, priority: "critical" }),
      ],
      100,
      [10, 30, 33],
    );
    // 6.4 GB used, nothing left to grow (estimates = current use): projected 40 % < 75 %.
    expect(log).toEqual(["30s resume:B", "32s resume:C", "34s start:E"]);
    expect(queueAt[10]).toContain("recovering from memory pressure");
    // One unit spacing in one sentence: the reviewer saw "for 30 s (10s so far)".
    expect(queueAt[10]).toContain("below the Yellow line (60 %) for 30s (10s so far)");
    expect(queueAt[30]).toContain("resuming paused tracks first (C)");
    expect(queueAt[33]).toContain("fresh sample");
    expect(tracks.find((track) => track.key === "L")?.status).toBe("paused");
  });

  it("resumes one per settle period while the projection does not fit below the admission line", () => {
    const { log, queueAt } = recover(
      [
        makeRunning("B", 1, { position: 1, status: "paused", pausedBy: "governor", estimateBytes: 4 * GB }),
        makeRunning("C", 1, { position: 2, status: "paused", pausedBy: "governor", estimateBytes: 4 * GB }),
        makeTrack("E", { position: 3 }),
      ],
      100,
      [70],
    );
    // 6.4 GB used + 3 + 3 GB still to grow = 12.4 GB = 77.5 % ≥ 75 %.
    expect(log).toEqual(["30s resume:B", "60s resume:C"]);
    expect(queueAt[70]).toContain("needs 1.00 GB, 0 B headroom below the admission line");
  });

  it("restarts the settle clock when the zone leaves Green", () => {
    let memory: GovernorMemory = { ...initialGovernorMemory(), unsettled: true };
    let tracks = [makeRunning("B", 1, { status: "paused", pausedBy: "governor" })];
    const resumedAt: number[] = [];
    for (let second = 0; second <= 60; second += 1) {
      const percent = second === 20 ? 62 : 40;
      const decision = decideGovernorActions(makeInput(percent, tracks, { now: second * 1000 }), memory);
      memory = decision.memory;
      if (decision.actions.some((action) => action.kind === "resume")) resumedAt.push(second);
      tracks = applyActions(tracks, decision.actions, second * 1000);
    }
    // Green from 21 s holds for 30 s at 51 s; a resume would have come at 30 s without the Yellow sample.
    expect(resumedAt).toEqual([51]);
  });

  it("resume reason gives the calm time, the projection and how many remain", () => {
    const tracks = [
      makeRunning("B", 1, { status: "paused", pausedBy: "governor" }),
      makeRunning("C", 1, { position: 1, status: "paused", pausedBy: "governor" }),
    ];
    const decision = decide(makeInput(40, tracks, { now: 45_000 }), { calmSince: 0 });
    expect(summarise(decision.actions)).toEqual(["resume:B"]);
    expect(decision.actions[0]?.reason).toContain("Green zone (40.0 % < 60 %) for 45s");
    expect(decision.actions[0]?.reason).toContain("projected 40.0 % < admission line 75 %");
    expect(decision.actions[0]?.reason).toContain("1 more paused");
  });
});

describe("alerts, manual mode and sampling", () => {
  it("alerts once per entry into a worse zone, and again only after the calm has settled", () => {
    const percents = [40, 62, 65, 78, 62, 79, 88, 80, 40, 62, 40, 40, 62];
    const seconds = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 60, 61];
    let memory = initialGovernorMemory();
    const alerts: string[] = [];
    percents.forEach((percent, index) => {
      const decision = decideGovernorActions(
        makeInput(percent, [], { now: (seconds[index] ?? 0) * 1000 }),
        memory,
      );
      memory = decision.memory;
      for (const action of decision.actions)
        if (action.kind === "alert") alerts.push(`${seconds[index]}s ${action.zone}`);
    });
    expect(alerts).toEqual(["1s yellow", "3s orange", "6s red", "61s yellow"]);
  });

  it.each([
    { percent: 40, interval: 1000 },
    { percent: 62, interval: 250 },
    { percent: 78, interval: 250 },
    { percent: 90, interval: 250 },
  ])("at $percent % it samples every $interval ms", ({ percent, interval }) => {
    expect(decide(makeInput(percent, [])).sampleIntervalMs).toBe(interval);
  });

  it.each([40, 62, 78, 90])(
    "in manual mode at %i percent it alerts and starts within the concurrency limit only, and the rest wait for a slot",
    (percent) => {
      const tracks = [
        makeRunning("C", 2, { priority: "low", model: { local: "l", cloud: "c" }, modelInForce: "l" }),
        makeRunning("B", 2, { status: "paused", pausedBy: "governor" }),
        makeTrack("F", { position: 3 }),
        makeTrack("E", { position: 2 }),
      ];
      const decision = decide(
        makeInput(percent, tracks, { enabled: false, now: 120_000, policy: { maxConcurrent: 2 } }),
        { redSince: 0, calmSince: 0 },
      );
      // Nothing paused, resumed, swapped or stopped for memory: the one free slot goes to E, in plan order.
      expect(decision.actions.filter((action) => action.kind !== "alert")).toEqual([
        {
          kind: "start",
          trackKey: "E",
          reason: "manual mode: starting ready track within the concurrency limit of 2",
        },
      ]);
      expect(decision.queue).toEqual([
        {
          trackKey: "F",
          position: 3,
          priority: "standard",
          needsBytes: 1 * GB,
          waitsFor: "slot",
          reason: "concurrency limit 2 reached (C and E running); manual mode starts it when a slot frees",
        },
      ]);
      expect(decision.concurrencyLimit).toBe(2);
      if (percent >= 60)
        expect(decision.actions[0]?.reason).toContain("governor in manual mode: no automatic action");
    },
  );

  it("memory round-trips through JSON", () => {
    const decision = decide(makeInput(88, [makeRunning("C", 1, { priority: "low" })], { now: 5 }));
    expect(JSON.parse(JSON.stringify(decision.memory))).toEqual(decision.memory);
    expect(decision.memory).toMatchObject({ zone: "red", redSince: 5, unsettled: true, alertedZone: "red" });
  });
});

describe("stall breaker: paused tracks alone hold use in Yellow or Orange", () => {
  const paused = (key: string, gb: number, overrides: Partial<GovernorTrack> = {}) =>
    makeRunning(key, gb, { status: "paused", pausedBy: "governor", ...overrides });

  it("resumes the most important governor-paused track when nothing runs, after a settle period", () => {
    const tracks = [
      paused("low", 1, { priority: "low" }),
      paused("crit", 1, { priority: "critical" }),
      paused("lead", 1, { pausedBy: "lead", priority: "critical" }),
    ];
    const memory: GovernorMemory = { ...initialGovernorMemory(), zone: "yellow", alertedZone: "yellow" };
    const early = decideGovernorActions(makeInput(68, tracks, { now: 5_000 }), memory);
    expect(summarise(early.actions)).toEqual([]);
    const later = decideGovernorActions(makeInput(68, tracks, { now: 60_000 }), early.memory);
    expect(summarise(later.actions)).toEqual(["resume:crit"]);
    expect(later.actions[0]?.reason).toContain("nothing running");
  });

  it("in Orange resumes the first paused track whose remaining growth fits below the Red line", () => {
    const tracks = [
      // 78 % of 16 GB = 12.48 GB used; the Red line less hysteresis is 83 % = 13.28 GB.
      paused("big", 4, { priority: "critical", estimateBytes: 6 * GB }), // + 2 GB → 14.48 GB: no
      paused("small", 2, { position: 1, estimateBytes: 2.5 * GB }), // + 0.5 GB → 12.98 GB: yes
    ];
    const memory: GovernorMemory = { ...initialGovernorMemory(), zone: "orange", alertedZone: "orange" };
    const early = decideGovernorActions(makeInput(78, tracks, { now: 1_000 }), memory);
    expect(summarise(early.actions)).toEqual([]);
    const later = decideGovernorActions(makeInput(78, tracks, { now: 31_000 }), early.memory);
    expect(summarise(later.actions)).toEqual(["resume:small"]);
    expect(later.actions[0]?.reason).toContain("Orange zone (78.0 % ≥ 75 %) held only by paused tracks");
    expect(later.actions[0]?.reason).toContain("500 MB it may still grow stays below the Red line");
  });

  it("in Orange stops and requeues a victim when no paused track can finish below the Red line", () => {
    const tracks = [
      paused("a", 4, { priority: "critical", estimateBytes: 6 * GB }),
      paused("b", 3, { position: 1, priority: "low", estimateBytes: 5 * GB, progress: 10 }),
      paused("c", 3, { position: 2, estimateBytes: 5 * GB, progress: 5 }),
    ];
    const memory: GovernorMemory = {
      ...initialGovernorMemory(),
      zone: "orange",
      alertedZone: "orange",
      stalledSince: 0,
    };
    const decision = decideGovernorActions(makeInput(80, tracks, { now: 30_000 }), memory);
    expect(summarise(decision.actions)).toEqual(["stop-requeue:b"]);
    expect(decision.actions[0]?.reason).toContain("no paused track can finish below the Red line");
    // The next step waits a settle period, so the freed memory shows first.
    const soon = decideGovernorActions(makeInput(80, tracks, { now: 40_000 }), decision.memory);
    expect(summarise(soon.actions)).toEqual([]);
  });

  it("does not resume while another track still runs", () => {
    const tracks = [paused("p", 1), makeRunning("r", 1)];
    const memory: GovernorMemory = {
      ...initialGovernorMemory(),
      zone: "yellow",
      alertedZone: "yellow",
      stalledSince: 0,
    };
    expect(summarise(decideGovernorActions(makeInput(68, tracks, { now: 60_000 }), memory).actions)).toEqual(
      [],
    );
  });
});

describe("a track larger than the room", () => {
  it("starts alone when nothing else runs or is paused, and holds every other start meanwhile", () => {
    // 13 GB on a 16 GB capacity: above the 75 % line on its own, below the 85 % Red line.
    const input = makeInput(5, [
      makeTrack("BIG", { position: 0, estimateBytes: 13 * GB }),
      makeTrack("small", { position: 1, estimateBytes: 1 * GB }),
    ]);
    const decision = decideGovernorActions(input, initialGovernorMemory());
    expect(summarise(decision.actions)).toEqual(["start:BIG"]);
    expect(decision.actions[0]).toMatchObject({
      reason: expect.stringMatching(/alone.*waiting would never end/),
    });
    expect(decision.queue.map((q) => [q.trackKey, q.waitsFor])).toEqual([["small", "memory"]]);
  });

  it("above the Red line on its own it never starts, and says what would let it run", () => {
    const decision = decideGovernorActions(
      makeInput(5, [makeTrack("HUGE", { position: 0, estimateBytes: 14 * GB })]),
      initialGovernorMemory(),
    );
    expect(summarise(decision.actions)).toEqual([]);
    expect(decision.queue[0]?.reason).toMatch(/more than the Red line \(85 %\): raise the RAM budget/);
    // Its own kind of wait: a headless run (no lead to raise the budget) ends on it instead of waiting for ever.
    expect(decision.queue[0]?.waitsFor).toBe("too-large");
  });

  it("waits while anything else runs or is paused", () => {
    const running = decideGovernorActions(
      makeInput(10, [
        makeRunning("A", 1 * GB, { position: 0, estimateBytes: 1 * GB }),
        makeTrack("BIG", { position: 1, estimateBytes: 13 * GB }),
      ]),
      initialGovernorMemory(),
    );
    expect(summarise(running.actions)).toEqual([]);
    const paused = decideGovernorActions(
      makeInput(10, [
        makeTrack("A", {
          position: 0,
          status: "paused",
          pausedBy: "lead",
          estimateBytes: 1 * GB,
          currentBytes: 1 * GB,
        }),
        makeTrack("BIG", { position: 1, estimateBytes: 13 * GB }),
      ]),
      initialGovernorMemory(),
    );
    expect(summarise(paused.actions)).toEqual([]);
  });
});
