// The governor benchmark's Paratrack runner, as a process of its own so that the engine's memory counts for
// Paratrack alone: the real engine (SQLite file, /proc monitor, real agent processes, governor), no web server.
//   node --import tsx bench/governor-paratrack.ts <input.json> <output.json>
// Runs the jobs as tracks with their estimates under RAM_BUDGET and the hard floor, then writes a RunnerResult.
// SIGTERM ends the run early: the result is still written, then the engine stops every agent.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import type { MemorySample, PtEvent } from "../lib/domain/types";
import type { Emit, Emitter } from "../lib/engine/emitter";
import { createRealEngine, waitForRunEnd } from "../lib/engine/real-engine";
import type { JobOutcome, ParatrackDetails, ParatrackJobInput, RunnerResult } from "./governor-types";

const MIB = 1024 ** 2;
const mib = (bytes: number) => `${Math.round(bytes / MIB)}MiB`;
const STALL_MS = 60_000;

/** Event kinds the report reads: the governor's decisions and what became of the tracks and their agents. */
const KEPT_EVENTS = /^(governor:|track:|agent:exited|signal:failed|zone:changed)/;

async function main(): Promise<void> {
  const [inputPath, outputPath] = process.argv.slice(2);
  if (!inputPath || !outputPath) throw new Error("usage: governor-paratrack.ts <input.json> <output.json>");
  const input = JSON.parse(readFileSync(inputPath, "utf8")) as ParatrackJobInput;
  const dir = input.dataDir ?? mkdtempSync(path.join(os.tmpdir(), "paratrack-bench-"));

  const details: ParatrackDetails = {
    budgetBytes: input.budgetBytes,
    hardFloorBytes: input.hardFloorBytes,
    estimateFactor: input.estimateFactor,
    samples: [],
    events: [],
  };
  // Keep only what the report needs; log lines (emitted to rooms) are dropped.
  const emit = ((event: string, payload: unknown) => {
    if (event === "memory:sample") {
      const s = payload as MemorySample;
      details.samples.push({
        at: Date.parse(s.at),
        zone: s.zone,
        zoneSource: s.zoneSource,
        budgetPercent: s.budget?.usedPercent ?? null,
        machinePercent: s.machine.usedPercent,
        availableBytes: s.system.availableBytes,
      });
    } else if (event === "event:created") {
      const e = payload as PtEvent;
      if (!KEPT_EVENTS.test(e.kind)) return;
      const d = e.details ?? {};
      details.events.push({
        at: Date.parse(e.at),
        kind: e.kind,
        trackKey: e.trackKey,
        message: e.message,
        severity: e.severity,
        zone: typeof d.zone === "string" ? d.zone : null,
        exit:
          e.kind === "agent:exited"
            ? {
                code: typeof d.code === "number" ? d.code : null,
                signal: typeof d.signal === "string" ? d.signal : null,
              }
            : null,
      });
    }
  }) as Emit;
  const emitter: Emitter = { emit, emitTo: () => ({ emit: (() => undefined) as Emit }) };

  const real = createRealEngine({
    dataDir: dir,
    env: { RAM_BUDGET: mib(input.budgetBytes), RAM_HARD_FLOOR: mib(input.hardFloorBytes) },
    emitter,
  });
  const { engine } = real;
  let aborted: string | null = null;
  let wake: () => void = () => undefined;
  const woken = new Promise<void>((resolve) => {
    wake = resolve;
  });
  process.on("SIGTERM", () => {
    aborted ??= "stopped by the benchmark (machine guard or timeout)";
    wake();
  });

  await engine.start();
  await engine.monitor.firstSample();
  const plan = {
    // One name for every variant: profiles are learned per plan name and track key, and a learned run (the second
    // on its base's database) must find its base's. Each variant has a database of its own.
    name: "governor benchmark",
    maxConcurrent: input.jobs.length,
    ram: { budget: mib(input.budgetBytes), ...input.ram },
    tracks: input.jobs.map((job) => ({
      key: job.key,
      ...(job.estimateBytes === null ? {} : { ram: mib(job.estimateBytes) }),
      command: job.command,
    })),
  };
  const startedAt = Date.now();
  await engine.runs.startRun({
    source: stringify(plan),
    fileName: "bench-plan.yaml",
    baseDir: dir,
    planPath: null,
    budgetBytes: input.budgetBytes,
  });
  // A run where nothing runs, the governor holds paused tracks and neither the zone nor any track has changed
  // for a while will not end by itself: say so instead of waiting for the timeout.
  let stalledSince: number | null = null;
  let lastChange = Date.now();
  let seenEvents = 0;
  const stallWatch = setInterval(() => {
    const fresh = details.events.slice(seenEvents);
    seenEvents = details.events.length;
    if (fresh.some((e) => /^(governor:(start|pause|resume|stop-requeue)|zone:changed|track:)/.test(e.kind))) {
      lastChange = Date.now();
    }
    const views = engine.runs.trackViews();
    const paused = views.filter((t) => t.status === "paused" && t.pausedBy === "governor");
    const stalled = paused.length > 0 && !views.some((t) => t.status === "running");
    stalledSince = stalled ? Math.max(stalledSince ?? Date.now(), lastChange) : null;
    if (stalledSince !== null && Date.now() - stalledSince >= STALL_MS) {
      const sample = details.samples.at(-1);
      aborted ??=
        `stalled: for ${STALL_MS / 1000} s no track ran and nothing changed while the governor held ${paused.map((t) => t.key).join(", ")} ` +
        `paused, zone ${sample?.zone ?? "?"} at ${sample?.budgetPercent?.toFixed(1) ?? "?"} % of the budget, ` +
        `${views.filter((t) => t.status === "ready").length} ready tracks waiting`;
      wake();
    }
  }, 1000);
  try {
    await Promise.race([waitForRunEnd(engine, input.timeoutMs), woken]);
  } catch (error) {
    aborted = error instanceof Error ? error.message : String(error);
  }
  clearInterval(stallWatch);
  const tracks = engine.runs.trackViews();
  const ends = tracks.flatMap((t) => (t.endedAt ? [Date.parse(t.endedAt)] : []));
  const endedAt = aborted || ends.length === 0 ? Date.now() : Math.max(...ends);

  const jobs: JobOutcome[] = tracks.map((t) => ({
    key: t.key,
    attempts: t.attempts,
    completed: t.status === "completed",
    last: `${t.status}${t.exitSummary ? `: ${t.exitSummary}` : ""}`,
    lastSeconds: t.startedAt && t.endedAt ? (Date.parse(t.endedAt) - Date.parse(t.startedAt)) / 1000 : null,
  }));
  const count = (kind: string) => details.events.filter((e) => e.kind === kind).length;
  // An agent that ended by a signal Paratrack did not send: its own stops are intended and logged as info.
  const died = details.events.filter(
    (e) =>
      e.kind === "agent:exited" &&
      e.severity !== "info" &&
      (e.exit?.signal !== null || (e.exit?.code ?? 0) > 128),
  ).length;
  const result: RunnerResult = {
    name: input.name,
    label: input.label,
    startedAt,
    endedAt,
    jobs,
    killedOrRequeued: count("governor:stop-requeue") + count("governor:swap-model"),
    died,
    aborted,
    notes: [],
    paratrack: details,
  };
  writeFileSync(outputPath, JSON.stringify(result));
  await real.close();
  if (input.dataDir === undefined) rmSync(dir, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(
      `governor-paratrack: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`,
    );
    process.exit(1);
  },
);
