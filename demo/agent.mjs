#!/usr/bin/env node
// A synthetic coding agent for demos and tests: it grows real memory in steps, keeps part of it in a child
// process, prints Paratrack's progress directives (::progress, ::done, ::next, ::status, ::touch) and
// ordinary log lines, and finishes after a given amount of *running* time: while it is SIGSTOPped its progress
// stalls, as a real agent's would.
//
//   node demo/agent.mjs --mb 600 --seconds 120 --steps 6 [--child-mb 100] [--fail-at 50] [--ignore-term]
//                       [--files a.ts,b.ts] [--out deliverable.md] [--tick-ms 100] [--ramp-to 100]
//                       [--schedule 0:100,20:300,35:480]
//
// --mb is the memory the agent holds in buffers (the child's share included); Node itself adds ~40 MB per process.
// --ramp-to P reaches the last step at P % of the running time (default 100: steps spread over the whole time).
// --schedule s:MB,... holds exactly MB (the child's share included) from s seconds of running time on, instead of
// growing with the steps: a memory curve that does not depend on --steps, for demos that must cross given lines.
// --child-mb > 0 starts one child node process holding that share; the child exits when the agent does.
// --fail-at P exits with code 3 when progress reaches P %. --ignore-term traps SIGTERM and ignores it.
// --out F writes a small Markdown deliverable to F (relative to the working directory) on success, for a
// track's quality gate such as `test -s F`.
// --checkpoint F keeps the agent's session id and running time in F (relative to the working directory) and prints
// `::session <id>`; --resume <id> continues that session from its checkpoint (its memory is rebuilt, its progress
// is not lost), as a real agent resumes a conversation: what a Paratrack plan's `resume:` command is for.
// Plain Node ESM, no dependencies.

import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const MIB = 1024 * 1024;
const CHUNK_BYTES = 8 * MIB;

const USAGE =
  "usage: node demo/agent.mjs --mb <MB> --seconds <s> --steps <n> [--child-mb <MB>] [--fail-at <percent>] " +
  "[--ignore-term] [--files a,b] [--out <file>] [--tick-ms <ms>] [--ramp-to <percent>] [--checkpoint <file>] " +
  "[--resume <session>] [--schedule <s:MB,...>]";

const TASKS = [
  "scaffold the module",
  "implement the core logic",
  "wire the API routes",
  "write unit tests",
  "fix lint and type errors",
  "update the docs",
];

function fail(message) {
  process.stderr.write(`agent: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function readOptions() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        role: { type: "string", default: "agent" },
        mb: { type: "string", default: "100" },
        seconds: { type: "string", default: "60" },
        steps: { type: "string", default: "6" },
        "child-mb": { type: "string", default: "0" },
        "fail-at": { type: "string" },
        "ignore-term": { type: "boolean", default: false },
        files: { type: "string" },
        out: { type: "string" },
        "tick-ms": { type: "string", default: "100" },
        "ramp-to": { type: "string", default: "100" },
        checkpoint: { type: "string" },
        resume: { type: "string" },
        schedule: { type: "string" },
      },
      strict: true,
    }).values;
  } catch (error) {
    fail(error.message);
  }
  const number = (name, { min = 0, max = Number.POSITIVE_INFINITY, integer = false } = {}) => {
    const value = Number(parsed[name]);
    if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      fail(`--${name} must be a number from ${min}${max === Number.POSITIVE_INFINITY ? "" : ` to ${max}`}`);
    }
    return value;
  };
  const options = {
    role: parsed.role,
    mb: number("mb"),
    seconds: number("seconds", { min: 0.1 }),
    steps: number("steps", { min: 1, integer: true }),
    childMb: number("child-mb"),
    failAt: parsed["fail-at"] === undefined ? null : number("fail-at", { max: 100 }),
    ignoreTerm: parsed["ignore-term"],
    files: parsed.files ? parsed.files.split(",").filter(Boolean) : null,
    out: parsed.out ?? null,
    tickMs: number("tick-ms", { min: 10 }),
    rampTo: number("ramp-to", { min: 1, max: 100 }),
    checkpoint: parsed.checkpoint ?? null,
    resume: parsed.resume ?? null,
    schedule: parsed.schedule === undefined ? null : parseSchedule(parsed.schedule),
  };
  if (options.resume !== null && options.checkpoint === null) fail("--resume needs --checkpoint");
  if (options.role !== "agent" && options.role !== "child") fail("--role must be agent or child");
  if (options.schedule === null && options.childMb > options.mb) fail("--child-mb cannot exceed --mb");
  if (options.schedule?.some((point) => point.mb < options.childMb))
    fail("every --schedule size must hold at least --child-mb");
  return options;
}

/** "0:100,20:300" → [{ atMs: 0, mb: 100 }, { atMs: 20000, mb: 300 }], in time order. */
function parseSchedule(text) {
  const points = text.split(",").map((pair) => {
    const match = /^\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*$/.exec(pair);
    if (!match) fail(`--schedule expects seconds:MB pairs separated by commas, got "${pair}"`);
    return { atMs: Number(match[1]) * 1000, mb: Number(match[2]) };
  });
  return points.sort((a, b) => a.atMs - b.atMs);
}

/** The memory a --schedule holds at `activeMs` of running time (0 before its first point). */
function scheduledMb(schedule, activeMs) {
  let mb = 0;
  for (const point of schedule) if (point.atMs <= activeMs) mb = point.mb;
  return mb;
}

/** Holds memory in buffers whose every page is written, so it counts in RSS and PSS. */
function createMemoryHolder() {
  const buffers = [];
  let heldBytes = 0;
  return {
    get heldMb() {
      return heldBytes / MIB;
    },
    growTo(targetMb) {
      const target = Math.round(targetMb * MIB);
      while (heldBytes < target) {
        const size = Math.min(CHUNK_BYTES, target - heldBytes);
        buffers.push(Buffer.allocUnsafeSlow(size).fill(1 + (buffers.length % 250)));
        heldBytes += size;
      }
    },
  };
}

function say(line) {
  process.stdout.write(`${line}\n`);
}

/** The current parent pid: process.ppid is read once at startup and does not change when we are reparented. */
function readParentPid(fallback) {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    try {
      process.kill(fallback, 0);
      return fallback;
    } catch {
      return null;
    }
  }
}

function runChild(options) {
  const memory = createMemoryHolder();
  const parentPid = process.ppid;
  if (options.ignoreTerm) process.on("SIGTERM", () => say(`child ${process.pid}: ignoring SIGTERM`));
  // Exit with the agent: its end of our stdin closes when it dies, and as a backstop we watch for reparenting.
  const lines = createInterface({ input: process.stdin });
  lines.on("line", (line) => {
    const match = /^hold (\d+(?:\.\d+)?)$/.exec(line.trim());
    if (!match) return;
    memory.growTo(Number(match[1]));
    say(`child ${process.pid}: holding ${Math.round(memory.heldMb)} MB`);
  });
  lines.on("close", () => process.exit(0));
  setInterval(() => {
    if (readParentPid(parentPid) !== parentPid) process.exit(0);
  }, 500).unref();
}

function startChild(options) {
  const args = [fileURLToPath(import.meta.url), "--role", "child"];
  if (options.ignoreTerm) args.push("--ignore-term");
  const child = spawn(process.execPath, args, { stdio: ["pipe", "inherit", "inherit"] });
  child.stdin.on("error", () => {}); // EPIPE if the child is already gone
  let exited = false;
  const exitedPromise = new Promise((resolve) => child.on("exit", resolve));
  child.on("exit", () => {
    exited = true;
  });
  return {
    pid: child.pid,
    hold(mb) {
      if (!exited) child.stdin.write(`hold ${mb}\n`);
    },
    /** Closes its stdin and waits a little; SIGKILL if it lingers. */
    async finish() {
      if (exited) return;
      child.stdin.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 2000);
      await exitedPromise;
      clearTimeout(timer);
    },
    killNow() {
      if (!exited) child.kill("SIGKILL");
    },
  };
}

function writeDeliverable(options, track, files) {
  const done = Array.from({ length: options.steps }, (_, i) => `- ${TASKS[i % TASKS.length]}`);
  const text = [
    `# Track ${track}: deliverable`,
    "",
    `Written by the Paratrack demo agent (pid ${process.pid}) after ${options.seconds} s of running time.`,
    "",
    "## Done",
    ...done,
    "",
    "## Files touched",
    ...files.slice(0, options.steps).map((file) => `- ${file}`),
    "",
  ].join("\n");
  try {
    mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
    writeFileSync(options.out, text);
    say(`wrote ${options.out}`);
  } catch (error) {
    process.stderr.write(`agent: cannot write ${options.out}: ${error.message}\n`);
    say(`::blocker high cannot write the deliverable ${options.out}`);
  }
}

function runAgent(options) {
  const track = process.env.PARATRACK_TRACK ?? "demo";
  const files = options.files ?? [
    `src/${track}/index.ts`,
    `src/${track}/core.ts`,
    `src/${track}/routes.ts`,
    `src/${track}/core.test.ts`,
  ];
  const parentMb = options.mb - options.childMb;
  const durationMs = options.seconds * 1000;
  const memory = createMemoryHolder();
  const child = options.childMb > 0 ? startChild(options) : null;
  // Whatever way the agent exits, its child goes with it.
  process.on("exit", () => child?.killNow());

  let finishing = false;
  const finish = async (code) => {
    if (finishing) return;
    finishing = true;
    await child?.finish();
    process.exit(code);
  };
  process.on("SIGTERM", () => {
    if (options.ignoreTerm) {
      say("received SIGTERM: ignoring it (--ignore-term)");
      return;
    }
    say("received SIGTERM: stopping");
    void finish(143);
  });
  process.on("SIGINT", () => void finish(130));

  say(
    options.schedule === null
      ? `agent ${process.pid} on track ${track}: ${options.mb} MB in ${options.steps} steps over ${options.seconds} s`
      : `agent ${process.pid} on track ${track}: memory on a schedule (${options.schedule.map((p) => `${p.atMs / 1000} s: ${p.mb} MB`).join(", ")}) over ${options.seconds} s`,
  );
  say("::status on-track");

  // A session: new, or the one --resume names, continued from its checkpoint.
  let session = `demo-${track}-${process.pid}-${Date.now().toString(36)}`;
  let activeMs = 0;
  if (options.resume !== null) {
    try {
      const saved = JSON.parse(readFileSync(options.checkpoint, "utf8"));
      if (saved.session === options.resume) {
        session = saved.session;
        activeMs = Math.min(Number(saved.activeMs) || 0, durationMs);
        say(`resuming session ${session} at ${Math.floor((activeMs / durationMs) * 100)}%`);
      } else say(`no checkpoint for session ${options.resume}: starting over`);
    } catch {
      say(`no checkpoint for session ${options.resume}: starting over`);
    }
  }
  if (options.checkpoint !== null) say(`::session ${session}`);
  let savedAt = 0;
  const saveCheckpoint = () => {
    if (options.checkpoint === null) return;
    try {
      writeFileSync(options.checkpoint, JSON.stringify({ session, activeMs }));
    } catch (error) {
      process.stderr.write(`agent: cannot write the checkpoint: ${error.message}\n`);
    }
  };
  let last = performance.now();
  let step = -1;
  let lastReported = -1;
  let lastStatusQuarter = 0;

  const startStep = (index) => {
    const task = TASKS[index % TASKS.length];
    const file = files[index % files.length];
    say(`::next ${task}`);
    if (options.schedule === null) {
      memory.growTo((parentMb * (index + 1)) / options.steps);
      child?.hold((options.childMb * (index + 1)) / options.steps);
      say(`holding ${Math.round(memory.heldMb)} MB (step ${index + 1}/${options.steps})`);
    }
    say(`::touch ${file}`);
    say(`editing ${file}`);
  };

  const tick = () => {
    if (finishing) return;
    const now = performance.now();
    const gap = now - last;
    last = now;
    // A gap much longer than a tick means we were stopped (SIGSTOP) or starved: that time did no work.
    if (gap <= 2 * options.tickMs) activeMs += gap;
    if (now - savedAt >= 500) {
      savedAt = now;
      saveCheckpoint();
    }
    const fraction = Math.min(1, activeMs / durationMs);
    const percent = Math.floor(fraction * 100);

    if (options.schedule !== null) {
      const target = scheduledMb(options.schedule, activeMs);
      if (target > memory.heldMb + options.childMb + 0.5) {
        child?.hold(options.childMb);
        memory.growTo(target - options.childMb);
        say(`holding ${Math.round(target)} MB (schedule, ${Math.round(activeMs / 1000)} s of running time)`);
      }
    }
    const stepNow = Math.min(
      options.steps - 1,
      Math.floor((fraction / (options.rampTo / 100)) * options.steps),
    );
    while (step < stepNow) {
      if (step >= 0) say(`::done ${TASKS[step % TASKS.length]}`);
      step += 1;
      startStep(step);
    }
    if (options.failAt !== null && percent >= options.failAt) {
      say(`::blocker critical synthetic failure at ${percent}% (--fail-at ${options.failAt})`);
      process.stderr.write(`error: synthetic failure at ${percent}%\n`);
      void finish(3);
      return;
    }
    if (fraction >= 1) {
      say(`::done ${TASKS[step % TASKS.length]}`);
      if (options.out) writeDeliverable(options, track, files);
      say("::progress 100");
      say("::done all steps complete");
      void finish(0);
      return;
    }
    if (percent >= lastReported + 5) {
      lastReported = percent - (percent % 5);
      say(`::progress ${percent}`);
      if (lastReported % 20 === 0 && lastReported > 0) say(`running tests: ${lastReported / 5} passed`);
    }
    const quarter = Math.floor(percent / 25);
    if (quarter > lastStatusQuarter) {
      lastStatusQuarter = quarter;
      say("::status on-track");
    }
    setTimeout(tick, options.tickMs);
  };
  tick();
}

const options = readOptions();
if (options.role === "child") runChild(options);
else runAgent(options);
