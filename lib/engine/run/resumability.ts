// Whether a track stopped now would resume or start over: each agent resumes when it has a resume command and a
// session to fill it with (commandFor); the governor says which in its stop-requeue reason.
import type { Resumability } from "../../domain/governor/governor-types";
import { fillResumeTemplate } from "../../domain/plan/shell-command";
import type { AgentSpec } from "../../domain/types";
import type { TrackRuntime } from "../track-runtime";

/** "all": every agent would resume its session; "some": only some would; "none": the track starts over. */
export function resumabilityOf(t: TrackRuntime): Resumability {
  const modes = t.agents.map((slot) => {
    const spec = t.plan.agents.find((a) => a.name === slot.name);
    return spec ? commandFor(spec, slot.sessionId).mode : "start";
  });
  const resuming = modes.filter((m) => m === "resume").length;
  if (resuming === 0) return "none";
  return resuming === modes.length ? "all" : "some";
}

/** The agent's own command, or its resume command when it has one and a session to resume. */
export function commandFor(
  spec: AgentSpec,
  sessionId: string | null,
): { command: string; mode: "start" | "resume" } {
  if (spec.resume && sessionId) {
    const filled = fillResumeTemplate(spec.resume, sessionId);
    if (filled.ok) return { command: filled.command, mode: "resume" };
  }
  return { command: spec.command, mode: "start" };
}
