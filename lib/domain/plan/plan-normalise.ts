// The validated plan file turned into the engine's Plan: defaults filled in, sizes and durations parsed, paths
// resolved against the plan file's directory, agents named and their kinds detected.
import { detectAgentKind } from "../agents/agent-adapter";
import type { Plan, TrackExecutorSpec, TrackPlan } from "../types";
import { parseDuration, parseSize } from "../units";
import { defaultAgentName } from "./plan-checks";
import {
  DEFAULT_BACKFILL_SECONDS,
  DEFAULT_GRACE_SECONDS,
  DEFAULT_SETTLE_SECONDS,
  DEFAULT_STATUS_AT,
  DEFAULT_ZONES,
} from "./plan-defaults";
import type { PlanFile } from "./plan-schema";
import { resolveTrackExecutor } from "./plan-schema-executor";
import { parseRampTo } from "./plan-schema-fields";
import type { TrackFile } from "./plan-schema-track";

/** The Plan the engine runs, from a plan file that passed validation; `baseDir` is the plan file's directory. */
export function normalisePlan(file: PlanFile, baseDir: string): Plan {
  const zones = { ...DEFAULT_ZONES, ...file.ram?.zones };
  const budgetText = file.ram?.budget ?? "auto";
  const workdir = resolvePath(baseDir, file.workdir ?? ".");
  return {
    name: file.name,
    ram: {
      budget: budgetText.trim() === "auto" ? "auto" : (parseSize(budgetText) ?? 0),
      zones,
      admitBelow: file.ram?.admitBelow ?? zones.orange,
      graceSeconds: file.ram?.graceSeconds ?? DEFAULT_GRACE_SECONDS,
      settleSeconds: file.ram?.settleSeconds ?? DEFAULT_SETTLE_SECONDS,
      backfillSeconds: file.ram?.backfillSeconds ?? DEFAULT_BACKFILL_SECONDS,
      victimOrder: file.ram?.victimOrder ?? null,
    },
    maxConcurrent: file.maxConcurrent ?? null,
    resources: { ...file.resources },
    workdir,
    tracks: file.tracks.map((track) =>
      normaliseTrack(track, baseDir, workdir, {
        nice: file.nice,
        idleMinutes: file.idleMinutes ?? null,
        hasRepo: file.repo !== undefined,
        executorOf: (track) => resolveTrackExecutor(file, track),
      }),
    ),
    maxCostUsd: file.maxCostUsd ?? null,
    prices: { ...file.prices },
    notify: { webhook: file.notify?.webhook ?? null },
    repo: file.repo === undefined ? null : { path: resolvePath(baseDir, file.repo), base: file.base ?? null },
    handoffs: (file.handoffs ?? []).map((h) => ({
      from: h.from,
      to: h.to,
      artifacts: [...h.artifacts],
      acknowledge: h.acknowledge ?? "auto",
    })),
    status: { at: file.status?.at ?? DEFAULT_STATUS_AT },
    integration:
      file.integration === undefined
        ? null
        : { test: file.integration.test ?? null, branch: file.integration.branch ?? null },
  };
}

function normaliseTrack(
  track: TrackFile,
  baseDir: string,
  planWorkdir: string,
  planDefaults: {
    nice: number;
    idleMinutes: number | null;
    hasRepo: boolean;
    executorOf: (track: TrackFile) => TrackExecutorSpec;
  },
): TrackPlan {
  const model =
    track.model === undefined || track.model === null
      ? { local: null, cloud: null }
      : typeof track.model === "string"
        ? { local: track.model, cloud: null }
        : { local: track.model.local ?? null, cloud: track.model.cloud ?? null };
  const given = track.agents ?? [
    { command: track.command ?? "", subAgents: track.subAgents ?? 0, kind: track.kind, resume: track.resume },
  ];
  return {
    key: track.key,
    name: track.name ?? track.key,
    priority: track.priority,
    tier: track.tier,
    ramBytes: typeof track.ram === "string" ? parseSize(track.ram) : null,
    duration: typeof track.duration === "string" ? parseDuration(track.duration) : null,
    ramProfile: track.ramProfile ? { rampToPercent: parseRampTo(track.ramProfile.rampTo) } : null,
    model,
    dependsOn: [...new Set(track.dependsOn ?? [])],
    scope: [...(track.scope ?? [])],
    workdir: track.workdir === undefined ? planWorkdir : resolvePath(baseDir, track.workdir),
    env: Object.fromEntries(Object.entries(track.env ?? {}).map(([name, value]) => [name, String(value)])),
    test: track.test ?? null,
    agents: given.map((agent, index) => ({
      name:
        "name" in agent && agent.name !== undefined
          ? agent.name
          : defaultAgentName(track.key, index, given.length),
      command: agent.command,
      subAgents: agent.subAgents,
      kind: detectAgentKind(agent.command, agent.kind),
      resume: agent.resume ?? null,
    })),
    resources: { ...track.resources },
    nice: track.nice ?? planDefaults.nice,
    maxCostUsd: track.maxCostUsd ?? null,
    idleMinutes: track.idleMinutes ?? planDefaults.idleMinutes,
    requiresEnv: [...(track.requiresEnv ?? [])],
    worktree: planDefaults.hasRepo && track.worktree !== false,
    executor: planDefaults.executorOf(track),
  };
}

// POSIX join + normalise without node:path, so this module also runs in the browser.
function resolvePath(baseDir: string, target: string): string {
  const base = baseDir === "" ? "." : baseDir.replace(/\/+$/, "");
  const joined = target.startsWith("/") ? target : `${base}/${target}`;
  const isAbsolute = joined.startsWith("/");
  const parts: string[] = [];
  for (const part of joined.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && parts.length > 0 && parts[parts.length - 1] !== "..") parts.pop();
    else if (part !== ".." || !isAbsolute) parts.push(part);
  }
  const text = parts.join("/");
  return isAbsolute ? `/${text}` : text === "" ? "." : text;
}
