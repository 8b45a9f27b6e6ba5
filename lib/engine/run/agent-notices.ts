// What an agent's handle reports besides its lines and its exit (lib/agents/agent-handle.ts), for fresh and
// adopted agents alike: notes on its log (truncated, rotated away, a shim that took over), and a shim that took
// over a running agent after its own was killed, whose identity is stored so that a restart adopts the agent
// through the shim that serves it now (not the dead one's pid).
import type { AgentIdentity } from "../../agents/identity";
import type { ActiveRun, TrackRuntime } from "../track-runtime";
import type { RunContext } from "./context";

export function recordLogNotice(
  ctx: RunContext,
  run: ActiveRun,
  t: TrackRuntime,
  agentName: string,
  notice: string,
): void {
  ctx.background(
    `note on the log of ${t.plan.key}`,
    ctx.record(
      run,
      "agent:log",
      { agent: agentName, notice },
      {
        severity: "medium",
        message: `Agent ${agentName} of track ${t.plan.key}: ${notice}`,
        actor: "system",
        trackKey: t.plan.key,
      },
    ),
  );
}

export function storeShimTakeover(
  ctx: RunContext,
  run: ActiveRun,
  t: TrackRuntime,
  agentId: string,
  launch: { identity: AgentIdentity; logPath: string; exitPath: string },
): void {
  const operation = `store the new shim of agent ${agentId} of ${t.plan.key}`;
  ctx.background(
    operation,
    ctx.save(operation, () => ctx.store.recordAgentLaunch(agentId, { pid: launch.identity.pid, ...launch })),
    run,
    t.plan.key,
  );
}
