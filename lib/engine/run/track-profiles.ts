// What growth-aware admission is fed about each track: its learned memory profile (loaded at the run's start, learned
// again at the end of every attempt and saved, so the next run on the same database starts from it), a profile of a
// track of the same kind, the current attempt's running time and memory samples, and its stop-requeues.

import type { StoredSpan } from "../../db/spans";
import type { GovernorTrack } from "../../domain/governor/governor-types";
import {
  endObservation,
  learnProfile,
  type MemoryProfile,
  observeMemory,
} from "../../domain/governor/memory-profile";
import { furthestProgress } from "../../domain/governor/progress-pace";
import { trackKindKey } from "../../domain/plan/shell-command";
import type { TrackPlan } from "../../domain/types";
import type { ActiveRun, EndingIntent, KindProfile, TrackRuntime } from "../track-runtime";
import type { RunContext } from "./context";
import { runningMsAt, runningMsOf } from "./running-clock";

/** The fields of GovernorTrack this system feeds (the rest are the track's plan and state). */
export type GrowthFeed = Pick<
  GovernorTrack,
  | "runningMs"
  | "duration"
  | "rampToPercent"
  | "profile"
  | "kindProfile"
  | "observation"
  | "progressReached"
  | "requeuedAt"
>;

/** The kind key of a planned track: its agents' command kinds. */
export function kindKeyOf(plan: TrackPlan): string {
  return trackKindKey(plan.agents.map((agent) => agent.command));
}

/** A kind profile is worth borrowing once an attempt has completed: only then is its length known. */
const isComplete = (profile: MemoryProfile) => profile.runs > 0 && profile.durationMs !== null;

/** What the governor reads about `t` at `now`, beyond its plan and state. */
export function growthFeed(run: ActiveRun, t: TrackRuntime, now: number): GrowthFeed {
  const started = t.status === "running" || t.status === "paused";
  return {
    runningMs: started ? runningMsOf(t.clock, now) : null,
    duration: t.plan.duration,
    rampToPercent: t.plan.ramProfile?.rampToPercent ?? null,
    profile: t.profile,
    kindProfile: kindProfileFor(run, t),
    observation: started ? t.observation : null,
    progressReached: started ? furthestProgress(t.progressCurve) : null,
    requeuedAt: t.requeuedAt,
  };
}

/** The newest completed profile of another track of the same kind, this plan's first. */
function kindProfileFor(run: ActiveRun, t: TrackRuntime): MemoryProfile | null {
  const others = (run.kindProfiles.get(t.kindKey) ?? []).filter(
    (k) => k.planName !== run.plan.name || k.trackKey !== t.plan.key,
  );
  return (others.find((k) => k.planName === run.plan.name) ?? others[0])?.profile ?? null;
}

export class TrackProfileSystem {
  constructor(private readonly ctx: RunContext) {}

  /**
   * Loads the plan's tracks' profiles and their kinds' before admission starts. A track's own profile counts only
   * while it runs the same kind of agent (a changed command makes it another track). Never fails the run.
   */
  async load(run: ActiveRun): Promise<void> {
    const { ctx } = this;
    const tracks = [...run.tracks.values()];
    await ctx.save("load the tracks' memory profiles", async () => {
      const { profiles, unreadable } = await ctx.store.loadTrackProfiles({
        planName: run.plan.name,
        kindKeys: [...new Set(tracks.map((t) => t.kindKey))],
      });
      for (const bad of unreadable)
        ctx.logger.warn(bad, `memory profile of ${bad.planName}/${bad.trackKey} unreadable, ignored`);
      for (const stored of profiles) {
        const own = stored.planName === run.plan.name ? run.tracks.get(stored.trackKey) : undefined;
        if (own && own.kindKey === stored.kindKey && own.profile === null) own.profile = stored.profile;
        if (isComplete(stored.profile)) {
          const list = run.kindProfiles.get(stored.kindKey) ?? [];
          list.push({ planName: stored.planName, trackKey: stored.trackKey, profile: stored.profile });
          run.kindProfiles.set(stored.kindKey, list);
        }
      }
    });
  }

  /**
   * After a restart: each started track's observation of its current attempt, folded again from the samples the
   * previous server stored, so the profile learned at its end covers the whole attempt (not only what this server
   * saw: it would read as "at its peak from the start"). Never fails the takeover.
   */
  async resumeObservations(run: ActiveRun, spans: readonly StoredSpan[]): Promise<void> {
    const { ctx } = this;
    for (const t of run.tracks.values()) {
      if ((t.status !== "running" && t.status !== "paused") || t.startedAt === null) continue;
      const startedAt = t.startedAt;
      // The attempt's running stretches: a sample's running time excludes the pauses before it.
      const stretches = spans
        .filter((s) => s.trackId === t.id && s.attempt === t.attempts && s.kind === "running")
        .map((s) => ({ startedAt: s.startedAt.getTime(), endedAt: s.endedAt?.getTime() ?? null }));
      await ctx.save(`read the memory samples of ${t.plan.key}`, async () => {
        const samples = await ctx.store.listTrackSamplesSince(t.id, new Date(startedAt));
        let observation: TrackRuntime["observation"] = null;
        for (const sample of samples)
          observation = observeMemory(
            observation,
            runningMsAt(stretches, sample.at),
            sample.bytes,
            observation?.lastMs,
          );
        t.observation = observation;
      });
    }
  }

  /**
   * Folds this sample's memory of every running track into its attempt's observation; a rise is placed at the
   * previous sample's running time (it happened after it), so the learned envelope is never a sample late.
   */
  observe(run: ActiveRun): void {
    const now = this.ctx.now();
    for (const t of run.tracks.values()) {
      if (t.status !== "running" || !t.agents.some((a) => a.handle && a.exit === null)) continue;
      const ms = runningMsOf(t.clock, now);
      t.observation = observeMemory(t.observation, ms, t.currentBytes, t.observation?.lastMs);
    }
  }

  /**
   * An attempt ended (its clock stopped): learn its profile (a whole attempt only when it completed), keep it for the
   * track's next attempts and its kind, save it; count a governor requeue.
   */
  async attemptEnded(
    run: ActiveRun,
    t: TrackRuntime,
    ended: { intent: EndingIntent["kind"] | null; completed: boolean },
  ): Promise<void> {
    const { ctx } = this;
    if (ended.intent === "requeue") t.requeuedAt.push(ctx.now());
    const observed = t.observation;
    const progress = t.progressCurve;
    t.observation = null;
    t.progressCurve = null;
    if (observed === null) return;
    // Its length is its running time at the end, not at its last sample (up to an interval before).
    const observation = endObservation(observed, runningMsOf(t.clock, ctx.now()));
    const profile = learnProfile(t.profile, observation, ended.completed, progress);
    t.profile = profile;
    if (isComplete(profile)) {
      const entry: KindProfile = { planName: run.plan.name, trackKey: t.plan.key, profile };
      const rest = (run.kindProfiles.get(t.kindKey) ?? []).filter(
        (k) => k.planName !== entry.planName || k.trackKey !== entry.trackKey,
      );
      run.kindProfiles.set(t.kindKey, [entry, ...rest]);
    }
    const at = new Date(ctx.now()); // now, not when a write that waited for the database is made
    await ctx.save(`save the memory profile of ${t.plan.key}`, () =>
      ctx.store.saveTrackProfile({
        at,
        planName: run.plan.name,
        trackKey: t.plan.key,
        kindKey: t.kindKey,
        profile,
      }),
    );
  }
}
