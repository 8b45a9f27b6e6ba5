// Each response schema equals the TypeScript type the server builds, checked by `npx tsc --noEmit -p .`: a field
// added to, renamed in or removed from a view without its schema (or the other way round) fails type-checking.
// Times the server may hold as Date objects are compared as the strings JSON carries (Wire<T>).
import { expectTypeOf } from "vitest";
import type { z } from "zod";
import type { AttentionNotice } from "../../domain/agents/attention";
import type {
  BlockerEntry,
  ConflictRecord,
  DailyStatusDay,
  DailyStatusView,
  HandoffView,
  IntegrationView,
} from "../../domain/coordination/coordination-views";
import type { DailyStatusDocument } from "../../domain/coordination/daily-status";
import type { PlanIssue } from "../../domain/plan/plan-validate";
import type { WhatIfSource, WhatIfView } from "../../domain/planner/what-if";
import type { GanttView } from "../../domain/reporting/gantt";
import type {
  GovernorView,
  LogLine,
  MemorySample,
  PtEvent,
  RunView,
  TrackDetailView,
  TrackMemoryPoint,
  TrackView,
} from "../../domain/views";
import type { Engine } from "../../engine/engine";
import type { AdvanceResult, PhasesView } from "../../engine/phase-views";
import type { MetricsView, RetrospectiveView } from "../../engine/retro-service";
import type { PreflightReport } from "../../engine/run/preflight-gate";
import type { ZoneChange } from "../../realtime/events";
import type * as pushes from "../pushes";
import type * as coordination from "./coordination";
import type * as insights from "./insights";
import type * as plan from "./plan";
import type * as runs from "./runs";
import type * as shared from "./shared";
import type * as tracks from "./tracks";

/** What JSON.stringify makes of T: Dates become ISO strings. */
type Wire<T> = T extends Date
  ? string
  : T extends readonly unknown[]
    ? { [K in keyof T]: Wire<T[K]> }
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

type Out<S extends z.ZodType> = z.output<S>;

// Tracks
expectTypeOf<Out<typeof tracks.trackViewSchema>>().branded.toEqualTypeOf<TrackView>();
expectTypeOf<Out<typeof tracks.trackDetailViewSchema>>().branded.toEqualTypeOf<TrackDetailView>();
expectTypeOf<Out<typeof tracks.logLineSchema>>().branded.toEqualTypeOf<LogLine>();
expectTypeOf<Out<typeof shared.ptEventSchema>>().branded.toEqualTypeOf<PtEvent>();

// Runs, governor, memory, server
expectTypeOf<Out<typeof runs.runViewSchema>>().branded.toEqualTypeOf<RunView>();
expectTypeOf<Out<typeof runs.runWithTracksSchema>>().branded.toEqualTypeOf<
  RunView & { tracks: TrackView[] }
>();
expectTypeOf<Out<typeof runs.startedRunSchema>>().branded.toEqualTypeOf<
  Awaited<ReturnType<Engine["runs"]["startRun"]>>
>();
expectTypeOf<Out<typeof shared.planIssueSchema>>().branded.toEqualTypeOf<PlanIssue>();
expectTypeOf<Out<typeof runs.governorViewSchema>>().branded.toEqualTypeOf<GovernorView>();
expectTypeOf<Out<typeof runs.memorySampleSchema>>().branded.toEqualTypeOf<MemorySample>();
expectTypeOf<Out<typeof runs.trackMemoryPointSchema>>().branded.toEqualTypeOf<TrackMemoryPoint>();
expectTypeOf<Out<typeof runs.healthSchema>>().branded.toEqualTypeOf<ReturnType<Engine["health"]>>();

// Socket.IO pushes not covered above
expectTypeOf<Out<typeof pushes.zoneChangeSchema>>().branded.toEqualTypeOf<ZoneChange>();
expectTypeOf<Out<typeof pushes.attentionNoticeSchema>>().branded.toEqualTypeOf<AttentionNotice>();

// Gantt, phases, metrics, retrospective
expectTypeOf<Out<typeof insights.ganttViewSchema>>().branded.toEqualTypeOf<GanttView>();
expectTypeOf<Out<typeof insights.phasesViewSchema>>().branded.toEqualTypeOf<PhasesView>();
expectTypeOf<Out<typeof insights.advanceResultSchema>>().branded.toEqualTypeOf<AdvanceResult>();
expectTypeOf<Out<typeof insights.metricsViewSchema>>().branded.toEqualTypeOf<MetricsView>();
expectTypeOf<Out<typeof insights.retrospectiveViewSchema>>().branded.toEqualTypeOf<Wire<RetrospectiveView>>();

// Coordination
expectTypeOf<Out<typeof coordination.blockerEntrySchema>>().branded.toEqualTypeOf<BlockerEntry>();
expectTypeOf<Out<typeof coordination.conflictRecordSchema>>().branded.toEqualTypeOf<ConflictRecord>();
expectTypeOf<Out<typeof coordination.handoffViewSchema>>().branded.toEqualTypeOf<HandoffView>();
expectTypeOf<
  Out<typeof coordination.dailyStatusDocumentSchema>
>().branded.toEqualTypeOf<DailyStatusDocument>();
expectTypeOf<Out<typeof coordination.dailyStatusViewSchema>>().branded.toEqualTypeOf<DailyStatusView>();
expectTypeOf<Out<typeof coordination.dailyStatusDaySchema>>().branded.toEqualTypeOf<DailyStatusDay>();
expectTypeOf<Out<typeof coordination.integrationViewSchema>>().branded.toEqualTypeOf<IntegrationView>();

// Plan tools
expectTypeOf<Out<typeof plan.whatIfViewSchema>>().branded.toEqualTypeOf<WhatIfView>();
expectTypeOf<Out<typeof plan.whatIfSourceSchema>>().branded.toEqualTypeOf<WhatIfSource>();
expectTypeOf<Out<typeof plan.preflightReportSchema>>().branded.toEqualTypeOf<PreflightReport>();
