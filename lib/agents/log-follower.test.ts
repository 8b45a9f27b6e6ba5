// The log follower against real files: written by the shim (a real agent) and, for the rotation and truncation
// corner cases, by the test itself exactly as the shim writes them.

import {
  appendFileSync,
  mkdtempSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AgentProcess } from "./agent-types";
import { readExitFile } from "./exit-file";
import { cursorAtEnd, followLog, type LogCursor, type LogEntry, type LogFollower } from "./log-follower";
import { formatLogLine } from "./log-line";
import { createAgentProcess } from "./supervisor";

let dir: string;
let logPath: string;
const followers: LogFollower[] = [];
const agents: AgentProcess[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-follow-"));
  logPath = path.join(dir, "agent.log");
});

afterEach(async () => {
  for (const follower of followers.splice(0)) await follower.close();
  for (const agent of agents.splice(0)) await agent.stop(1000);
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, probe: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function follow(from: LogCursor | null, options: { live?: boolean } = {}) {
  const entries: LogEntry[] = [];
  const notices: string[] = [];
  const follower = followLog(logPath, {
    from,
    live: options.live ?? false,
    onLine: (entry) => entries.push(entry),
    onNotice: (text) => notices.push(text),
  });
  followers.push(follower);
  return { follower, entries, notices, texts: () => entries.map((entry) => entry.text) };
}

/** Appends lines exactly as the shim does. */
function write(file: string, ...texts: string[]) {
  appendFileSync(file, texts.map((text) => `${formatLogLine(new Date(), "stdout", text)}\n`).join(""));
}

/** Rotates like the shim: rename to .1, a new file whose first line declares its start in the whole log. */
function rotate(startsAt: number) {
  renameSync(logPath, `${logPath}.1`);
  appendFileSync(
    logPath,
    `${formatLogLine(new Date(), "system", `[paratrack] log rotated (earlier output in agent.log.1); this line starts at byte ${startsAt} of the agent's whole log`)}\n`,
  );
}

describe("followLog with a real agent", () => {
  it("delivers 10,000 progress lines exactly once across a stop and a restart from the persisted cursor", async () => {
    // Ten bursts of 1,000 lines, so that the first follower stops mid-way.
    const command =
      'b=0; while [ $b -lt 10 ]; do i=0; while [ $i -lt 1000 ]; do echo "::progress $b step $((b*1000+i))"; i=$((i+1)); done; b=$((b+1)); sleep 0.2; done';
    const first: LogEntry[] = [];
    let older: LogCursor | null = null;
    const agent = await createAgentProcess({
      trackKey: "t",
      agent: { name: "a", command, subAgents: 0 },
      workdir: dir,
      env: {},
      logPath,
      onLine: (_line, _stream, entry) => {
        first.push(entry);
        if (first.length === 3000) older = entry.cursor;
      },
    });
    agents.push(agent);
    await waitFor("5,000 lines", () => first.length >= 5000);
    // The server "dies": it lets go of the agent and keeps the cursor after the last line it delivered.
    const stopped = (await agent.detach())!;
    agents.splice(agents.indexOf(agent), 1);
    const delivered = [...first];
    expect(delivered.at(-1)!.cursor).toEqual(stopped);
    expect(delivered.length).toBeLessThan(10_000); // stopped mid-way
    await waitFor("the agent's exit record", () => readExitFile(agent.exitPath).kind === "recorded", 30_000);

    // Restart from the persisted cursor: the rest, once.
    const resumed = follow(stopped);
    await resumed.follower.catchUp();
    const all = [...delivered, ...resumed.entries].filter((entry) => entry.stream === "stdout");
    expect(all.map((entry) => Number(entry.text.split(" ")[3]))).toEqual(
      Array.from({ length: 10_000 }, (_, i) => i),
    );
    expect(all.every((entry) => entry.text.startsWith("::progress "))).toBe(true);

    // Restart from an older cursor (persisted before the effects of later lines were): the duplicates have keys
    // at or below the last key applied, so "apply only key > high-water mark" applies every line once.
    const again = follow(older!);
    await again.follower.catchUp();
    let highWater = delivered.at(-1)!.key;
    const applied = delivered.filter((entry) => entry.stream === "stdout");
    let duplicates = 0;
    for (const entry of again.entries) {
      if (entry.key <= highWater) duplicates += 1;
      else {
        highWater = entry.key;
        if (entry.stream === "stdout") applied.push(entry);
      }
    }
    expect(duplicates).toBe(delivered.length - 3000);
    expect(applied.map((entry) => entry.key)).toEqual(all.map((entry) => entry.key));
    // Keys are strictly increasing byte positions.
    for (let i = 1; i < all.length; i++) expect(all[i]!.key).toBeGreaterThan(all[i - 1]!.key);
  }, 60_000);

  it("follows a live agent through rotations without losing a line", async () => {
    // 2,000 lines of ~60 bytes in bursts of 100 every 100 ms, with a 40 kB cap: a rotation every ~7 bursts.
    const command =
      'i=0; while [ $i -lt 2000 ]; do echo "line $i xxxxxxxxxxxxxxxxxxxxxxxx"; i=$((i+1)); if [ $((i % 100)) -eq 0 ]; then sleep 0.1; fi; done';
    const lines: LogEntry[] = [];
    const agent = await createAgentProcess({
      trackKey: "t",
      agent: { name: "a", command, subAgents: 0 },
      workdir: dir,
      env: {},
      logPath,
      maxLogBytes: 40_000,
      onLine: (_line, _stream, entry) => lines.push(entry),
    });
    agents.push(agent);
    const exit = await agent.exited;
    expect(exit.code).toBe(0);
    expect(lines.map((entry) => Number(entry.text.split(" ")[1]))).toEqual(
      Array.from({ length: 2000 }, (_, i) => i),
    );
    for (let i = 1; i < lines.length; i++) expect(lines[i]!.key).toBeGreaterThan(lines[i - 1]!.key);
    expect(statSync(`${logPath}.1`).size).toBeLessThanOrEqual(40_000);
  }, 30_000);
});

describe("followLog: rotation, truncation and missing files", () => {
  it("gives each line its byte position as key and finishes <log>.1 before the new file", async () => {
    write(logPath, "a", "b");
    const reader = follow(null);
    await reader.follower.catchUp();
    const sizeA = statSync(logPath).size;
    expect(reader.entries.map((entry) => entry.key)).toEqual([0, sizeA / 2]);

    write(logPath, "c"); // written before the rotation, not yet read
    const sizeBeforeRotation = statSync(logPath).size;
    rotate(sizeBeforeRotation);
    write(logPath, "d");
    await reader.follower.catchUp();
    expect(reader.texts()).toEqual(["a", "b", "c", expect.stringMatching(/^\[paratrack\] log rotated/), "d"]);
    const header = reader.entries[3]!;
    expect(header.key).toBe(sizeBeforeRotation);
    expect(header.stream).toBe("system");
    expect(reader.notices).toEqual([]);
  });

  it("resumes from a cursor in a file that has since been rotated to <log>.1", async () => {
    write(logPath, "a", "b");
    const first = follow(null);
    await first.follower.catchUp();
    const cursor = first.entries[0]!.cursor; // after "a"
    await first.follower.close();
    write(logPath, "c");
    rotate(statSync(logPath).size);
    write(logPath, "d");
    const resumed = follow(cursor);
    await resumed.follower.catchUp();
    expect(resumed.texts()).toEqual(["b", "c", expect.stringMatching(/rotated/), "d"]);
    expect(resumed.entries[0]!.key).toBe(first.entries[1]!.key);
  });

  it("says when lines were rotated away unread and keeps keys increasing", async () => {
    write(logPath, "a");
    const first = follow(null);
    await first.follower.catchUp();
    const cursor = first.follower.cursor()!;
    await first.follower.close();
    write(logPath, "lost-1");
    let total = statSync(logPath).size;
    rotate(total);
    write(logPath, "lost-2");
    total += statSync(logPath).size;
    rotate(total); // the file of the cursor is now gone
    write(logPath, "e");
    const resumed = follow(cursor);
    await resumed.follower.catchUp();
    expect(resumed.notices.join("\n")).toMatch(/the log file the cursor was in is gone/);
    // What is left: <log>.1 (with lost-2) and <log>.
    expect(resumed.texts().filter((text) => !text.startsWith("[paratrack]"))).toEqual(["lost-2", "e"]);
    expect(resumed.entries[0]!.key).toBeGreaterThan(first.entries.at(-1)!.key);
    expect(resumed.entries.at(-2)!.key).toBe(total);
  });

  it("notices a truncation, reads the file again from the start and keeps keys increasing", async () => {
    write(logPath, "a", "b", "c");
    const reader = follow(null);
    await reader.follower.catchUp();
    truncateSync(logPath, 0);
    write(logPath, "d");
    await reader.follower.catchUp();
    expect(reader.texts()).toEqual(["a", "b", "c", "d"]);
    expect(reader.notices.join("\n")).toMatch(/was truncated .*reading it again from the start/);
    expect(reader.entries[3]!.key).toBeGreaterThan(reader.entries[2]!.key);
  });

  it("waits for a missing file, and tells once when the cursor's file is missing", async () => {
    const fresh = follow(null, { live: true });
    await sleep(300);
    expect(fresh.entries).toEqual([]);
    write(logPath, "hello");
    await waitFor("the line", () => fresh.entries.length === 1);
    expect(fresh.entries[0]).toMatchObject({ key: 0, stream: "stdout", text: "hello" });
    expect(Date.parse(fresh.entries[0]!.at!)).toBeGreaterThan(0);
    expect(fresh.notices).toEqual([]);

    const cursor = fresh.follower.cursor()!;
    rmSync(logPath);
    const lost = follow(cursor);
    await lost.follower.catchUp();
    await lost.follower.catchUp();
    expect(lost.notices).toEqual([`${logPath} is missing: waiting for it`]);
  });

  it("holds back a line until its newline is written", async () => {
    writeFileSync(
      logPath,
      `${formatLogLine(new Date(), "stdout", "whole")}\n2026-01-01T00:00:00.000Z out par`,
    );
    const reader = follow(null);
    await reader.follower.catchUp();
    expect(reader.texts()).toEqual(["whole"]);
    appendFileSync(logPath, "tial\n");
    await reader.follower.catchUp();
    expect(reader.texts()).toEqual(["whole", "partial"]);
  });

  it("cursorAtEnd points after the last complete line (null without a file)", async () => {
    expect(await cursorAtEnd(logPath)).toBeNull();
    write(logPath, "a", "b");
    const end = await cursorAtEnd(logPath);
    expect(end?.offset).toBe(statSync(logPath).size);
    write(logPath, "c");
    const reader = follow(end);
    await reader.follower.catchUp();
    expect(reader.texts()).toEqual(["c"]);
  });
});
