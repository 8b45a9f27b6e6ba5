// Tracks as a test sees them: plan fixtures written to a temp dir, the API's track views, and each agent
// process's real state read from /proc (the ground truth for pause and resume).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import type { PtEvent } from "../../lib/domain/types";
import type { GovernorView, TrackDetailView, TrackView } from "../../lib/domain/views";
import { REPO_ROOT, type RunningServer } from "./server";

const AGENT_PATH = path.join(REPO_ROOT, "demo", "agent.mjs");

/**
 * The synthetic agent as a shell command with an absolute path, for plans written outside the repo. Unquoted,
 * because the fixtures put it inside double-quoted YAML strings.
 */
export const AGENT_COMMAND = `node ${AGENT_PATH}`;

export type WrittenPlan = {
  /** Absolute path of the plan file, for `args: ["--plan", file]`. */
  file: string;
  /** The temp dir holding it: the agents' default workdir. */
  dir: string;
  /** Deletes the temp dir. */
  remove(): void;
};

/**
 * Copies e2e/plans/<name>.yaml into a fresh temp dir, replacing `{{agent}}` with AGENT_COMMAND, so the plan's
 * default workdir (the plan file's folder) is a throwaway one.
 */
export function writePlan(name: string): WrittenPlan {
  if (/[\s"'\\$`]/.test(AGENT_PATH))
    throw new Error(`the repo path must not need shell quoting: ${AGENT_PATH}`);
  const source = readFileSync(path.join(REPO_ROOT, "e2e", "plans", `${name}.yaml`), "utf8");
  const dir = mkdtempSync(path.join(os.tmpdir(), `paratrack-plan-${name}-`));
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, source.replaceAll("{{agent}}", AGENT_COMMAND));
  return { file, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The one-letter process state from /proc/<pid>/stat ("R", "S", "T", ...), or null once the process is gone. */
export async function readProcState(pid: number): Promise<string | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    // The command name in parentheses may hold spaces; the state is the first field after its closing ")".
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0] ?? null;
  } catch {
    return null;
  }
}

/** pid → state for each pid (null for a process that has exited). */
export async function readProcStates(pids: readonly number[]): Promise<Record<number, string | null>> {
  const states = await Promise.all(pids.map(readProcState));
  return Object.fromEntries(pids.map((pid, i) => [pid, states[i] ?? null]));
}

async function getJson<T>(request: APIRequestContext, url: string): Promise<T> {
  const response = await request.get(url);
  if (!response.ok()) throw new Error(`GET ${url}: ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

export function getTrack(request: APIRequestContext, server: RunningServer, key: string) {
  return getJson<TrackDetailView>(request, `${server.baseURL}/api/tracks/${encodeURIComponent(key)}`);
}

/** The track's status, or null while the run has not started yet (the server starts it after it listens). */
export async function readTrackStatus(
  request: APIRequestContext,
  server: RunningServer,
  key: string,
): Promise<TrackView["status"] | null> {
  const response = await request.get(`${server.baseURL}/api/tracks/${encodeURIComponent(key)}`);
  if (response.status() === 404) return null;
  if (!response.ok())
    throw new Error(`GET /api/tracks/${key}: ${response.status()} ${await response.text()}`);
  return ((await response.json()) as TrackView).status;
}

export function getTracks(request: APIRequestContext, server: RunningServer) {
  return getJson<TrackView[]>(request, `${server.baseURL}/api/tracks`);
}

export function getGovernor(request: APIRequestContext, server: RunningServer) {
  return getJson<GovernorView>(request, `${server.baseURL}/api/governor`);
}

/** Newest first, like the API. */
export function getEvents(request: APIRequestContext, server: RunningServer, limit = 500) {
  return getJson<PtEvent[]>(request, `${server.baseURL}/api/events?limit=${limit}`);
}

/**
 * The pids of the track's live agents themselves, without their children: a child such as a loop's `sleep 0.2`
 * ends on its own at any moment, so only these say whether an agent is still alive.
 */
export function agentPids(track: TrackDetailView): number[] {
  return track.agents.flatMap((agent) => (agent.endedAt === null && agent.pid !== null ? [agent.pid] : []));
}

/** The pids of the track's live agents as the API lists them: each agent's own pid and its process tree. */
export function apiPids(track: TrackDetailView): number[] {
  const pids = new Set<number>();
  for (const agent of track.agents) {
    if (agent.endedAt !== null) continue;
    if (agent.pid !== null) pids.add(agent.pid);
    for (const p of agent.processes) pids.add(p.pid);
  }
  return [...pids].sort((a, b) => a - b);
}

/**
 * The track's processes found independently of the API: every live process the server started whose
 * environment says PARATRACK_TRACK=<key> (agents and their children inherit it). Not the agent's
 * paratrack-shim: it carries the same environment but is Paratrack's, outside the agent's process group (a pause
 * stops the agent, never the shim that records its output and exit).
 */
export function taggedPids(server: RunningServer, key: string): number[] {
  return server
    .processes()
    .filter((p) => p.track === key && !p.command.includes("paratrack-shim"))
    .map((p) => p.pid)
    .sort((a, b) => a - b);
}
