// The lead's actions a viewer (a server that serves pages only) hands to the engine's owner, as plain data: the
// command, its schema (the owner parses every command it receives: another server is input like any request), how
// the owner carries it out on its engine, and the answer with the engine's errors kept (status, message, details).
import { z } from "zod";
import { parseDailyStatus } from "../../domain/coordination/daily-status";
import type { PhaseNumber } from "../../domain/phases/phases";
import { LEAD_ACTIONS, type LeadAction } from "../../domain/phases/track-lifecycle";
import type { Engine } from "../engine";
import { EngineError, InvalidInputError, isEngineError, PlanRejectedError } from "../errors";

const key = z.string().min(1).max(64);
const runId = z.string().min(1).max(100).optional();

export const leadCommandSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("track:action"),
    key,
    action: z.enum(LEAD_ACTIONS as [LeadAction, ...LeadAction[]]),
    pauseMode: z.enum(["freeze", "free-memory"]).optional(),
    startOver: z.boolean().optional(),
  }),
  z.strictObject({ kind: z.literal("governor:set"), enabled: z.boolean() }),
  z.strictObject({
    kind: z.literal("track:report"),
    key,
    report: z.unknown(),
    source: z.enum(["stdout", "api", "cli"]),
    reporter: z.enum(["agent", "lead"]),
  }),
  z.strictObject({
    kind: z.literal("run:start"),
    source: z.string().max(1024 * 1024),
    fileName: z.string().min(1).max(1000),
    baseDir: z.string().min(1).max(4096),
    planPath: z.string().max(4096).nullable(),
    budgetBytes: z.number().positive().nullable().optional(),
  }),
  z.strictObject({ kind: z.literal("run:delete"), runId: z.string().min(1).max(100) }),
  z.strictObject({
    kind: z.literal("phase:tick"),
    runId,
    phase: z.number().int().min(1).max(5),
    input: z.strictObject({
      itemKey: z.string().min(1).max(200),
      note: z.string().max(2000).nullish(),
      checked: z.boolean(),
      by: z.string().min(1).max(64).optional(),
    }),
  }),
  z.strictObject({
    kind: z.literal("phase:advance"),
    runId,
    input: z
      .strictObject({
        override: z.strictObject({ reason: z.string().min(1).max(2000) }).optional(),
        by: z.string().min(1).max(64).optional(),
      })
      .optional(),
  }),
]);

export type LeadCommand = z.infer<typeof leadCommandSchema>;

/** An engine error as data: what the viewer's route answers with. */
export type CommandFailure = { status: number; message: string; details?: unknown };

/** What each server answers a forwarded command with: only the owner carries it out. */
export type CommandAnswer =
  | { role: "owner"; data: unknown }
  | { role: "owner"; error: CommandFailure }
  | { role: "viewer" };

/** The owner's side: validates the command and carries it out on its engine. */
export async function carryOutLeadCommand(engine: Engine, raw: unknown): Promise<CommandAnswer> {
  const parsed = leadCommandSchema.safeParse(raw);
  if (!parsed.success)
    return { role: "owner", error: { status: 400, message: `not a lead command: ${parsed.error.message}` } };
  try {
    return { role: "owner", data: await dispatch(engine, parsed.data) };
  } catch (error) {
    return { role: "owner", error: toFailure(error) };
  }
}

async function dispatch(engine: Engine, command: LeadCommand): Promise<unknown> {
  switch (command.kind) {
    case "track:action":
      return engine.runs.leadAction(command.key, command.action, {
        ...(command.pauseMode === undefined ? {} : { pauseMode: command.pauseMode }),
        ...(command.startOver === undefined ? {} : { startOver: command.startOver }),
      });
    case "governor:set":
      await engine.runs.setGovernorEnabled(command.enabled, "lead");
      return engine.runs.governorView();
    case "track:report": {
      const report = parseDailyStatus(command.report);
      if (!report.ok) throw new InvalidInputError("invalid report", report.errors);
      return engine.runs.report(command.key, report.report, command.source, command.reporter);
    }
    case "run:start": {
      const { kind: _kind, ...input } = command;
      return engine.runs.startRun(input);
    }
    case "run:delete":
      return engine.deletion.deleteRun(command.runId);
    case "phase:tick":
      return engine.phases.tick(command.runId, command.phase as PhaseNumber, command.input);
    case "phase:advance":
      return engine.phases.advance(command.runId, command.input);
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}

function toFailure(error: unknown): CommandFailure {
  if (isEngineError(error)) return { status: error.status, message: error.message, details: error.details };
  return { status: 500, message: "internal error on the engine's server: see its log" };
}

/** The viewer's side: the owner's failure as the error the route handler maps to its status. */
export function toEngineError(failure: CommandFailure): EngineError {
  const details = failure.details as { errors?: unknown; warnings?: unknown } | undefined;
  if (failure.status === 400 && Array.isArray(details?.errors) && Array.isArray(details?.warnings))
    return new PlanRejectedError(details.errors, details.warnings);
  const status = [400, 404, 409, 413, 422, 503].includes(failure.status)
    ? (failure.status as EngineError["status"])
    : 503;
  return new EngineError(failure.message, status, failure.details);
}
