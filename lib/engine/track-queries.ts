// Read side of tracks and runs: the live run from memory, past runs from the database.
import path from "node:path";
import { parseLogLine } from "../agents/log-line";
import { readWholeLogs, tailLog } from "../agents/logs";
import { listRunAgents, listTrackAgents, toAgentView, usageByTrack } from "../db/agents";
import { listEvents } from "../db/events";
import type { PrismaClient } from "../db/generated/client";
import { listReports } from "../db/reports";
import { getRun, latestRun, toRunView } from "../db/runs";
import { listSpansOfRun, listTrackSpanEndings } from "../db/spans";
import { listTrackGit } from "../db/track-git";
import { listTrackMemory } from "../db/track-samples";
import { getTrack, listTracks, trackViewFromStored } from "../db/tracks";
import { attemptEndings } from "../domain/reporting/attempt-ending";
import type { LogLine, RunView, TrackDetailView, TrackView } from "../domain/views";
import { describeProcesses } from "../monitor/process-tree";
import { NotFoundError } from "./errors";
import type { RunController } from "./run/controller";

export function createTrackQueries(db: PrismaClient, runs: RunController) {
  /** The run a request means: the given id, else the live run, else the newest stored one. */
  /** An id as given; "current" or none: the live run, else the newest. */
  async function resolveRunId(runId?: string): Promise<string | null> {
    if (runId && runId !== "current") return runId;
    return runs.activeRun()?.id ?? (await latestRun(db))?.id ?? null;
  }

  async function trackViews(runId?: string): Promise<TrackView[]> {
    const id = await resolveRunId(runId);
    if (!id) return [];
    if (runs.activeRun()?.id === id) return runs.trackViews();
    const run = await getRun(db, id);
    if (!run) throw new NotFoundError(`no run "${id}"`);
    const usage = usageByTrack(await listRunAgents(db, id));
    // A past run's worktrees and changes as last read (issue 13).
    const git = await listTrackGit(db, id);
    return (await listTracks(db, id)).map((track) => ({
      ...trackViewFromStored(track, run.plan, usage.get(track.id)),
      git: git.get(track.key) ?? null,
    }));
  }

  async function trackRow(key: string, runId?: string) {
    const id = await resolveRunId(runId);
    const row = id ? await getTrack(db, id, key) : null;
    if (!row) throw new NotFoundError(`no track "${key}"${id ? " in this run" : ": no run has started yet"}`);
    return row;
  }

  /** The agents of one attempt of a track; a 404 when the attempt was asked for and has none. */
  async function attemptAgents(trackId: string, key: string, attempt: number, asked: boolean) {
    const agents = (await listTrackAgents(db, trackId)).filter((a) => a.attempt === attempt);
    if (asked && agents.length === 0) throw new NotFoundError(`track ${key} has no attempt ${attempt}`);
    return agents;
  }

  return {
    resolveRunId,
    trackViews,

    async trackDetail(key: string, runId?: string): Promise<TrackDetailView> {
      const row = await trackRow(key, runId);
      const views = await trackViews(row.runId);
      const view = views.find((v) => v.key === key);
      if (!view) throw new NotFoundError(`no track "${key}"`);
      const live = runs.activeRun()?.id === row.runId ? runs.agentSlots(key) : [];
      const endings = attemptEndings(await listTrackSpanEndings(db, row.id));
      const agents = (await listTrackAgents(db, row.id)).map((agentRow) => {
        const agent = toAgentView(agentRow);
        agent.attemptEnding = endings.get(agent.attempt) ?? null;
        // Watched by this server: its figures as of the last sample and its processes from this machine's /proc.
        // Otherwise (a viewer) as the owner last stored them, and where its processes are listed instead.
        const slot = live.find((s) => s.id === agentRow.id);
        if (slot && !slot.exit) {
          agent.currentBytes = slot.currentBytes;
          agent.peakBytes = slot.peakBytes;
          agent.memoryMethod = slot.method;
          agent.state = slot.state;
          agent.processes = describeProcesses(slot.pids);
          agent.processesVisible = true;
          agent.processesNote = null;
        }
        return agent;
      });
      return {
        ...view,
        agents,
        reports: await listReports(db, row.id, 50),
        events: await listEvents(db, { limit: 50, runId: row.runId, trackKey: key }),
      };
    },

    /** The last lines of one attempt's logs (default: the latest), all agents merged by each line's time. */
    async trackLogs(key: string, tail: number, runId?: string, attempt?: number): Promise<LogLine[]> {
      const row = await trackRow(key, runId);
      const agents = await attemptAgents(row.id, key, attempt ?? row.attempts, attempt !== undefined);
      const lines: LogLine[] = [];
      for (const agent of agents) {
        for (const raw of await tailLog(agent.logPath, tail)) {
          // A line in an older format has no time of its own: the agent's start is the best we know.
          const parsed = parseLogLine(raw) ?? {
            at: agent.startedAt.toISOString(),
            stream: "stdout" as const,
            line: raw,
          };
          lines.push({ trackKey: key, agent: agent.name, ...parsed });
        }
      }
      // Stable: lines of one agent at the same millisecond keep their file order.
      lines.sort((a, b) => a.at.localeCompare(b.at));
      return lines.slice(-tail);
    },

    /**
     * One attempt's whole log as a download: the files the engine recorded for that attempt's agents (never a path
     * from the request), each with its rotated part, joined under headings when the attempt had several agents.
     */
    async attemptLog(
      key: string,
      attempt: number,
      options: { runId?: string; agent?: string } = {},
    ): Promise<{ fileName: string; body: ReadableStream<Uint8Array> }> {
      const row = await trackRow(key, options.runId);
      let agents = await attemptAgents(row.id, key, attempt, true);
      if (options.agent !== undefined) {
        agents = agents.filter((a) => a.name === options.agent);
        if (agents.length === 0)
          throw new NotFoundError(`track ${key} had no agent "${options.agent}" in attempt ${attempt}`);
      }
      const only = agents.length === 1 ? agents[0] : undefined;
      const fileName = only
        ? path.basename(only.logPath)
        : `${key}-attempt-${attempt}.log`.replace(/[^\w.-]/g, "_");
      const parts = agents.map((a) => ({
        path: a.logPath,
        heading: only ? null : `agent ${a.name}: ${a.logPath}`,
      }));
      return { fileName, body: readWholeLogs(parts) };
    },

    async runView(runId?: string): Promise<RunView | null> {
      const id = await resolveRunId(runId);
      if (!id) return null;
      const run = await getRun(db, id);
      return run ? toRunView(run) : null;
    },

    async trackMemory(since: Date, runId?: string) {
      const id = await resolveRunId(runId);
      return id ? listTrackMemory(db, id, since) : [];
    },

    async spans(runId?: string) {
      const id = await resolveRunId(runId);
      return id ? listSpansOfRun(db, id) : [];
    },
  };
}

export type TrackQueries = ReturnType<typeof createTrackQueries>;
